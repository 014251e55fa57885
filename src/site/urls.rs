//! The URL scheme, compatible with api.gouv.fr so that links written in real
//! content (`/les-api/api-particulier`, `/producteurs/dinum`) resolve.
//! Page paths start and end with `/`; output files are `…/index.html`.

pub fn api(slug: &str) -> String {
    format!("/les-api/{slug}/")
}

pub fn producer(slug: &str) -> String {
    format!("/producteurs/{slug}/")
}

pub fn guide(slug: &str) -> String {
    format!("/guides/{slug}/")
}

pub fn service(slug: &str) -> String {
    format!("/service/{slug}/")
}

pub fn theme(name: &str) -> String {
    format!("/thematique/{}/", slug(name))
}

/// The output folder of the page a content file becomes, relative to the
/// output (`api/x.md` → `les-api/x`); None for files without a page of
/// their own (question trees, site settings, images).
pub fn page_folder(content_relative: &std::path::Path) -> Option<String> {
    use crate::content::loader::Kind;
    let slug = content_relative.file_stem()?.to_str()?;
    let path = match Kind::of(content_relative)? {
        Kind::Api => api(slug),
        Kind::Producer => producer(slug),
        Kind::Guide => guide(slug),
        Kind::Service => service(slug),
        Kind::Tree | Kind::Site => return None,
    };
    Some(path.trim_matches('/').to_string())
}

/// Where a file copied from the content folder is published, relative to
/// the output: `images/x.svg` stays where it is, `static/resources/x.pdf`
/// goes to the root (`resources/x.pdf`).
pub fn copy_output(content_relative: &std::path::Path) -> String {
    let relative = content_relative
        .strip_prefix("static")
        .unwrap_or(content_relative);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The file a page path is written to: `/` → `index.html`,
/// `/les-api/x/` → `les-api/x/index.html`.
pub fn output_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".to_string()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// The path part of the base URL without its trailing slash: `""` for a
/// site at the root, `/catalogue` for `https://example.org/catalogue/`.
pub fn base_path(base_url: &str) -> String {
    match url::Url::parse(base_url) {
        Ok(url) => url.path().trim_end_matches('/').to_string(),
        Err(_) => String::new(),
    }
}

/// An image named in front matter (`dinum.svg`, `/images/x.png`, or a
/// full URL) to the URL the page uses; the field decides the folder
/// (`content::images`).
pub fn image(base_path: &str, kind: crate::content::images::ImageKind, value: &str) -> String {
    let path = crate::content::images::site_path(kind, value);
    if path.starts_with('/') && !path.starts_with("//") {
        format!("{base_path}{path}")
    } else {
        path
    }
}

/// The page that tells who may use an API and how to ask for access.
pub fn access(slug: &str) -> String {
    format!("/les-api/{slug}/demande-acces/")
}

/// The list of services.
pub const SERVICES: &str = "/services/";

/// An e-mail address becomes a `mailto:` link; URLs stay as they are.
pub fn contact_href(value: &str) -> String {
    if value.contains('@') && !has_scheme(value) {
        format!("mailto:{value}")
    } else {
        value.to_string()
    }
}

/// `https:`, `mailto:`… : a scheme before any `/`, `?` or `#`.
pub fn has_scheme(href: &str) -> bool {
    match href.find([':', '/', '?', '#']) {
        Some(i) => {
            href.as_bytes()[i] == b':'
                && i > 0
                && href[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// A URL slug for a theme name (see `text::slugify`); `theme` when the
/// name has no letter or digit.
pub fn slug(name: &str) -> String {
    let slug = crate::text::slugify(name);
    if slug.is_empty() {
        "theme".to_string()
    } else {
        slug
    }
}

/// Decodes `%XX` escapes (as UTF-8); invalid escapes are kept as written,
/// and a text whose escapes do not make UTF-8 (`%E9`, Latin-1) is kept
/// whole, as a browser falls back to the fragment as written.
pub fn percent_decode(text: &str) -> String {
    match percent_encoding::percent_decode_str(text).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_written_as_index_files() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(
            output_file(&api("api-particulier")),
            "les-api/api-particulier/index.html"
        );
        assert_eq!(output_file("/404.html"), "404.html");
    }

    #[test]
    fn content_files_map_to_the_folders_of_their_pages() {
        let folder = |p: &str| page_folder(std::path::Path::new(p));
        assert_eq!(
            folder("api/api-particulier.md").as_deref(),
            Some("les-api/api-particulier")
        );
        assert_eq!(
            folder("producteurs/dinum.md").as_deref(),
            Some("producteurs/dinum")
        );
        assert_eq!(folder("guides/g.md").as_deref(), Some("guides/g"));
        assert_eq!(folder("service/s.md").as_deref(), Some("service/s"));
        // The folder is where the page's file goes.
        assert_eq!(
            output_file(&api("x")),
            format!("{}/index.html", folder("api/x.md").unwrap_or_default())
        );
        for none in [
            "question-trees/t.yaml",
            "site.yaml",
            "images/logo.svg",
            "api/x.txt",
        ] {
            assert_eq!(folder(none), None, "{none}");
        }
    }

    #[test]
    fn static_files_are_published_at_the_site_root() {
        use std::path::Path;
        assert_eq!(
            copy_output(Path::new("static/resources/guide.pdf")),
            "resources/guide.pdf"
        );
        assert_eq!(
            copy_output(Path::new("images/api-logo/dinum.svg")),
            "images/api-logo/dinum.svg"
        );
    }

    #[test]
    fn base_path_is_empty_at_the_root() {
        assert_eq!(base_path("https://api.gouv.fr"), "");
        assert_eq!(base_path("https://api.gouv.fr/"), "");
        assert_eq!(base_path("https://example.org/catalogue/"), "/catalogue");
        assert_eq!(base_path("not a url"), "");
    }

    #[test]
    fn theme_slugs_fold_french_accents() {
        assert_eq!(slug("Santé & Social"), "sante-social");
        assert_eq!(slug("Économie"), "economie");
        assert_eq!(slug("  "), "theme");
    }

    #[test]
    fn images_resolve_under_images() {
        use crate::content::images::ImageKind;
        assert_eq!(
            image("", ImageKind::Logo, "dinum.svg"),
            "/images/api-logo/dinum.svg"
        );
        assert_eq!(
            image("/b", ImageKind::Logo, "/images/x.svg"),
            "/b/images/x.svg"
        );
        assert_eq!(
            image("/b", ImageKind::GuideThumbnail, "x.png"),
            "/b/images/guides/thumbnail_x.png"
        );
        assert_eq!(
            image("/b", ImageKind::Screenshot, "https://a.fr/x.png"),
            "https://a.fr/x.png"
        );
    }

    #[test]
    fn schemes_and_emails_are_recognised() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("/les-api/x"));
        assert!(!has_scheme("#a:b"));
        assert_eq!(contact_href("a@b.fr"), "mailto:a@b.fr");
        assert_eq!(contact_href("https://x/contact"), "https://x/contact");
    }

    #[test]
    fn percent_escapes_decode_as_utf8() {
        assert_eq!(
            percent_decode("exemples-d%E2%80%99application"),
            "exemples-d’application"
        );
        assert_eq!(percent_decode("d%c3%a9j%C3%A0"), "déjà");
        assert_eq!(percent_decode("é%20è"), "é è");
    }

    #[test]
    fn bad_escapes_stay_as_written() {
        for text in ["100%", "%zz", "%4", "%", "%%", "%4g", "%é9", "a%2"] {
            assert_eq!(percent_decode(text), text);
        }
        assert_eq!(percent_decode("%%41"), "%A");
    }

    #[test]
    fn escapes_that_are_not_utf8_keep_the_whole_text() {
        // Latin-1 `é`, a lone continuation byte, a cut-off sequence.
        for text in ["caf%E9", "%80x%41", "%E2%80", "ok%41-%FF"] {
            assert_eq!(percent_decode(text), text);
        }
    }

    /// The hand-written decoder the crate replaced.
    fn percent_decode_by_hand(text: &str) -> String {
        let bytes = text.as_bytes();
        let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    out.push(high * 16 + low);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8(out).unwrap_or_else(|_| text.to_string())
    }

    proptest::proptest! {
        #[test]
        fn decodes_as_the_hand_written_decoder_did(
            text in "(%[0-9a-fA-FgG%]{0,2}|%[cC]3%[aA]9|%[eE]2%80%99|[a-z é’#/])*"
        ) {
            proptest::prop_assert_eq!(percent_decode(&text), percent_decode_by_hand(&text));
        }
    }
}
