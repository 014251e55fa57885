//! Where an image named in front matter lives. Real content names a file
//! and the folder is implied by the field (`logo: dinum.svg` is
//! `images/api-logo/dinum.svg`); a path from the site root or a full URL
//! is taken as written.

/// The fields that name an image, each with its folder under `images/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// API card and producer `logo`.
    Logo,
    /// Guide `image`, as the guide page's hero.
    GuideHero,
    /// Guide `image`, as shown in lists (`thumbnail_<file>`).
    GuideThumbnail,
    /// Service `screenshot`.
    Screenshot,
}

impl ImageKind {
    fn folder(self) -> &'static str {
        match self {
            ImageKind::Logo => "images/api-logo/",
            ImageKind::GuideHero | ImageKind::GuideThumbnail => "images/guides/",
            ImageKind::Screenshot => "images/service-screenshot/",
        }
    }
}

/// The file's path relative to the content folder (`images/api-logo/x.svg`,
/// or `static/…` for a root path outside `/images/`), which is also where
/// it is published relative to the site root once `static/` is dropped.
/// None for a full URL or an empty value.
pub fn content_path(kind: ImageKind, value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() || value.starts_with("//") || has_scheme(value) {
        return None;
    }
    if let Some(rooted) = value.strip_prefix('/') {
        return Some(if rooted.starts_with("images/") {
            rooted.to_string()
        } else {
            format!("static/{rooted}")
        });
    }
    let prefix = if kind == ImageKind::GuideThumbnail {
        "thumbnail_"
    } else {
        ""
    };
    Some(format!("{}{prefix}{value}", kind.folder()))
}

/// The path the image has on the site (from its root, starting with `/`),
/// or the value itself for a full URL.
pub fn site_path(kind: ImageKind, value: &str) -> String {
    match content_path(kind, value) {
        Some(path) => format!("/{}", path.strip_prefix("static/").unwrap_or(&path)),
        None => value.trim().to_string(),
    }
}

fn has_scheme(value: &str) -> bool {
    match value.find([':', '/', '?', '#']) {
        Some(i) => value.as_bytes()[i] == b':' && i > 0,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_file_name_lives_in_the_folder_of_its_field() {
        assert_eq!(
            content_path(ImageKind::Logo, "dinum.svg").as_deref(),
            Some("images/api-logo/dinum.svg")
        );
        assert_eq!(
            site_path(ImageKind::GuideHero, "energie.png"),
            "/images/guides/energie.png"
        );
        assert_eq!(
            site_path(ImageKind::GuideThumbnail, "energie.png"),
            "/images/guides/thumbnail_energie.png"
        );
        assert_eq!(
            site_path(ImageKind::Screenshot, "clamart.png"),
            "/images/service-screenshot/clamart.png"
        );
    }

    #[test]
    fn root_paths_and_urls_are_taken_as_written() {
        assert_eq!(
            content_path(ImageKind::Logo, "/images/x.svg").as_deref(),
            Some("images/x.svg")
        );
        assert_eq!(
            content_path(ImageKind::Screenshot, "/resources/x.png").as_deref(),
            Some("static/resources/x.png")
        );
        assert_eq!(
            site_path(ImageKind::Screenshot, "/resources/x.png"),
            "/resources/x.png"
        );
        assert_eq!(content_path(ImageKind::Logo, "https://a.fr/l.svg"), None);
        assert_eq!(
            site_path(ImageKind::Logo, "https://a.fr/l.svg"),
            "https://a.fr/l.svg"
        );
        assert_eq!(content_path(ImageKind::Logo, " "), None);
    }
}
