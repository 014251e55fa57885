//! Whether a folder may be `build`'s output. A build replaces the whole
//! output folder, and the replaced one becomes the next build's staging
//! folder, whose files that the site does not generate are then deleted.
//! So an output folder that holds the content, the theme or the folder the
//! command runs in, or one that vitrine did not make, would lose files: the
//! build refuses those before it starts.

use std::fs;
use std::path::{Path, PathBuf};

/// Why `output` cannot be the output folder, if it cannot: it is, holds or
/// sits inside `content` or one of the existing `themes` folders, holds
/// the current folder, or is a folder with files that no build made.
pub fn refusal(output: &Path, content: &Path, themes: &[PathBuf]) -> Option<String> {
    let here = std::env::current_dir().ok()?;
    refusal_in(&here, output, content, themes)
}

/// `refusal` for a command run in the folder `here`: relative paths are
/// taken from it, and an output folder holding it is refused.
fn refusal_in(here: &Path, output: &Path, content: &Path, themes: &[PathBuf]) -> Option<String> {
    let absolute = |path: &Path| crate::output::resolve(&here.join(path));
    let out = absolute(output).ok()?;
    let shown = output.display();
    let guarded = std::iter::once((content, "content")).chain(
        themes
            .iter()
            .filter(|t| t.is_dir())
            .map(|t| (t.as_path(), "theme")),
    );
    for (folder, what) in guarded {
        let Ok(abs) = absolute(folder) else { continue };
        if abs.starts_with(&out) {
            return Some(format!(
                "--output {shown} is or holds the {what} folder {}: building would replace it \
                 (choose a folder of its own, such as public/)",
                folder.display()
            ));
        }
        if out.starts_with(&abs) {
            return Some(format!(
                "--output {shown} is inside the {what} folder {}: choose a folder outside it, \
                 such as public/ beside it",
                folder.display()
            ));
        }
    }
    if let Ok(here) = absolute(here) {
        if here.starts_with(&out) {
            return Some(format!(
                "--output {shown} holds the current folder: building would replace it \
                 (choose a folder of its own, such as public/)"
            ));
        }
    }
    if !is_replaceable(&out) {
        return Some(format!(
            "--output {shown} holds files that vitrine did not generate (it has no \
             catalogue.json and sitemap.xml): a build replaces the whole folder, so choose \
             another one, or empty this one if nothing in it is needed"
        ));
    }
    None
}

/// A folder a build may replace: missing, empty, or a site vitrine built
/// (every build writes `catalogue.json` and `sitemap.xml` at the top).
fn is_replaceable(folder: &Path) -> bool {
    match fs::read_dir(folder) {
        Ok(mut entries) => {
            entries.next().is_none()
                || (folder.join("catalogue.json").is_file() && folder.join("sitemap.xml").is_file())
        }
        // Missing, or not a folder: the build reports the latter itself.
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `refusal` for a command run in `root/work`, wherever the tests run.
    fn refusal(output: &Path, content: &Path, themes: &[PathBuf]) -> Option<String> {
        let root = content.parent().unwrap();
        refusal_in(&root.join("work"), output, content, themes)
    }

    fn site(root: &Path) -> (PathBuf, PathBuf) {
        let content = root.join("content");
        fs::create_dir_all(content.join("api")).unwrap();
        fs::write(content.join("site.yaml"), "title: T\n").unwrap();
        (root.to_path_buf(), content)
    }

    #[test]
    fn the_content_folder_and_its_parents_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = site(dir.path());
        let message = refusal(&content, &content, &[]).unwrap();
        assert!(
            message.contains("is or holds the content folder"),
            "{message}"
        );
        let message = refusal(&root, &content, &[]).unwrap();
        assert!(
            message.contains("is or holds the content folder"),
            "{message}"
        );
        // Spelt another way, through `..`.
        let roundabout = content.join("api/../../content");
        assert!(refusal(&roundabout, &content, &[]).is_some());
    }

    #[test]
    fn a_folder_inside_the_content_or_the_theme_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = site(dir.path());
        let message = refusal(&content.join("public"), &content, &[]).unwrap();
        assert!(
            message.contains("is inside the content folder"),
            "{message}"
        );
        let themes = [root.join("themes/default"), root.join("missing")];
        fs::create_dir_all(&themes[0]).unwrap();
        let message = refusal(&root.join("themes"), &content, &themes).unwrap();
        assert!(message.contains("holds the theme folder"), "{message}");
        // A theme folder that does not exist guards nothing.
        assert_eq!(refusal(&themes[1], &content, &themes), None);
    }

    #[test]
    fn a_folder_beside_the_content_is_accepted_new_empty_or_built() {
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = site(dir.path());
        let public = root.join("public");
        assert_eq!(refusal(&public, &content, &[]), None, "missing");
        fs::create_dir(&public).unwrap();
        assert_eq!(refusal(&public, &content, &[]), None, "empty");
        fs::write(public.join("catalogue.json"), "{}").unwrap();
        fs::write(public.join("sitemap.xml"), "<urlset/>").unwrap();
        fs::write(public.join("index.html"), "<p>").unwrap();
        assert_eq!(refusal(&public, &content, &[]), None, "built before");
    }

    #[test]
    fn a_folder_holding_the_current_one_is_refused() {
        // The content is elsewhere: what is refused is holding `here`,
        // wherever the checkout and the temporary folder lie.
        let dir = tempfile::tempdir().unwrap();
        let (_, content) = site(&dir.path().join("site"));
        let here = dir.path().join("work/deep/here");
        fs::create_dir_all(&here).unwrap();
        for output in [
            Path::new(".."),
            Path::new("../.."),
            &here,
            &dir.path().join("work"),
        ] {
            let message = refusal_in(&here, output, &content, &[]).unwrap();
            assert!(message.contains("holds the current folder"), "{message}");
        }
        // Beside it is fine.
        assert_eq!(
            refusal_in(&here, Path::new("../public"), &content, &[]),
            None
        );
    }

    #[test]
    fn a_folder_with_other_files_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = site(dir.path());
        let docs = root.join("docs");
        fs::create_dir(&docs).unwrap();
        fs::write(docs.join("notes.md"), "à garder").unwrap();
        let message = refusal(&docs, &content, &[]).unwrap();
        assert!(message.contains("did not generate"), "{message}");
    }
}
