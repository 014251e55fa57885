//! Whether a folder may be `build`'s output. A build replaces the whole
//! output folder, and the replaced one becomes the next build's staging
//! folder, whose files that the site does not generate are then deleted.
//! So an output folder that holds the content, the theme or the folder the
//! command runs in, or one that holds files vitrine did not write (not in
//! the `.vitrine-manifest` a build leaves in it), would lose files: the
//! build refuses those before it starts, and a spare that holds such files.
//! A symbolic link is judged by the folder it points to.
//!
//! An output folder without a manifest but with files (one an earlier
//! vitrine built) is refused too, with the fix: vitrine cannot tell its
//! files from others there, and a heuristic would be wrong sooner or later.

use crate::output::{spare_of, unowned, Unowned, MANIFEST};
use std::path::{Path, PathBuf};

/// Why `output` cannot be the output folder, if it cannot: it is, holds or
/// sits inside `content` or one of the existing `themes` folders, holds
/// the current folder, or it or its spare holds files that no build made.
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
    let spare = spare_of(&out);
    // Both are walked file by file (10,000 folders each for 10,000 cards):
    // side by side.
    let (output_checked, spare_checked) = std::thread::scope(|scope| {
        let spare_checked = scope.spawn(|| spare.as_deref().map(|s| unowned(s, true)));
        let output_checked = unowned(&out, false);
        let spare_checked = spare_checked
            .join()
            .unwrap_or_else(|_| Some(Err(std::io::Error::other("checking it failed"))));
        (output_checked, spare_checked)
    });
    let output_why = match output_checked {
        Ok(None) => None,
        Ok(Some(why)) => Some(why),
        Err(e) => return Some(format!("--output {shown}: cannot read it: {e}")),
    };
    let spare_why = match spare_checked {
        None | Some(Ok(None)) => None,
        Some(Ok(Some(why))) => Some(why),
        Some(Err(e)) => {
            return Some(format!(
                "--output {shown}: cannot read the spare folder beside it: {e}"
            ))
        }
    };
    if let Some(why) = output_why {
        return Some(explain_output(
            &shown.to_string(),
            &why,
            spare_why.as_ref().and(spare.as_deref()),
        ));
    }
    match (spare_why, spare) {
        (Some(why), Some(spare)) => Some(explain_spare(&shown.to_string(), &spare, &why)),
        _ => None,
    }
}

/// At most a few of `files`, and how many more there are.
fn some_of(files: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut list = files
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if files.len() > SHOWN {
        list.push_str(&format!(" and {} more", files.len() - SHOWN));
    }
    list
}

fn explain_output(shown: &str, why: &Unowned, bad_spare: Option<&Path>) -> String {
    match why {
        Unowned::NoManifest { built: true, .. } => {
            let (also, command) = match bad_spare {
                Some(spare) => (
                    format!(" (and the spare folder {} beside it)", spare.display()),
                    format!("rm -r {shown} {}", spare.display()),
                ),
                None => (String::new(), format!("rm -r {shown}")),
            };
            format!(
                "--output {shown} has no {MANIFEST}, the list of the files a build wrote there: it looks like a \
                site an earlier vitrine built, but vitrine cannot tell whether every file in it is one of its \
                own, and a build replaces the whole folder. If nothing in it is needed besides the site, delete \
                it{also} ({command}) and build again; otherwise choose another folder"
            )
        }
        Unowned::NoManifest {
            built: false,
            files,
        } => format!(
            "--output {shown} holds files that vitrine did not generate ({}; it has no {MANIFEST}): a build \
            replaces the whole folder, so choose another one, or empty this one if nothing in it is \
            needed",
            some_of(files)
        ),
        Unowned::Foreign(files) => format!(
            "--output {shown} holds files that vitrine did not generate: {} (not in its {MANIFEST}, the \
            list of the files a build wrote there). A build replaces the whole folder: move them out of it, \
            or choose another folder",
            some_of(files)
        ),
        Unowned::BadManifest => format!(
            "--output {shown} holds a {MANIFEST} that vitrine did not write, so it cannot tell which files \
            are its own: choose another folder, or empty this one if nothing in it is needed"
        ),
        // The output is resolved: never a link.
        Unowned::Link => format!("--output {shown} is a symbolic link that could not be resolved"),
    }
}

fn explain_spare(shown: &str, spare: &Path, why: &Unowned) -> String {
    let spare_shown = spare.display();
    let what = match why {
        Unowned::NoManifest { files, .. } => format!(
            "has no {MANIFEST} (an earlier vitrine left it, or not vitrine), so vitrine cannot \
            tell whether its files ({}) are its own",
            some_of(files)
        ),
        Unowned::Foreign(files) => format!(
            "holds files that vitrine did not generate: {}",
            some_of(files)
        ),
        Unowned::BadManifest => format!("holds a {MANIFEST} that vitrine did not write"),
        Unowned::Link => "is a symbolic link, which vitrine never makes".to_string(),
    };
    format!(
        "the spare folder {spare_shown} beside --output {shown} (the previous site, which the next \
        build reuses and empties) {what}: it is only a cache, so delete it if nothing in it is needed \
        (rm -r {spare_shown}) and build again; otherwise move those files out of it"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A manifest as a build leaves it, listing `files`.
    fn built(folder: &Path, files: &[&str]) {
        fs::create_dir_all(folder).unwrap();
        for file in files {
            fs::write(folder.join(file), "built").unwrap();
        }
        let staging = crate::output::Staging::create(&folder.with_extension("tmp")).unwrap();
        for file in files {
            crate::site::Sink::put(&staging, file, b"built".to_vec());
        }
        staging.publish(&Default::default()).unwrap();
        let manifest = folder.with_extension("tmp").join(MANIFEST);
        fs::copy(&manifest, folder.join(MANIFEST)).unwrap();
        fs::remove_dir_all(folder.with_extension("tmp")).unwrap();
    }

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
        built(&public, &["catalogue.json", "sitemap.xml", "index.html"]);
        assert_eq!(refusal(&public, &content, &[]), None, "built before");
    }

    #[test]
    fn files_a_build_did_not_write_are_refused_and_named() {
        // A site with someone's work beside it: catalogue.json and
        // sitemap.xml are not enough to be replaced.
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = site(dir.path());
        let public = root.join("public");
        built(&public, &["catalogue.json", "sitemap.xml", "index.html"]);
        fs::write(public.join("thesis.tex"), "\\begin").unwrap();
        fs::create_dir(public.join(".git")).unwrap();
        fs::write(public.join(".git/HEAD"), "ref").unwrap();
        let message = refusal(&public, &content, &[]).unwrap();
        assert!(
            message.contains("did not generate: .git/HEAD, thesis.tex"),
            "{message}"
        );
        assert!(message.contains(&public.display().to_string()), "{message}");
        assert!(message.contains("move them out"), "{message}");
    }

    #[test]
    fn an_earlier_vitrines_output_without_manifest_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = site(dir.path());
        let public = root.join("public");
        fs::create_dir(&public).unwrap();
        for file in ["catalogue.json", "sitemap.xml", "index.html"] {
            fs::write(public.join(file), "old").unwrap();
        }
        let message = refusal(&public, &content, &[]).unwrap();
        assert!(message.contains("has no .vitrine-manifest"), "{message}");
        assert!(message.contains("an earlier vitrine"), "{message}");
        assert!(
            message.contains(&format!("rm -r {}", public.display())),
            "{message}"
        );
        // With its spare, also without a manifest: one message for both.
        let spare = root.join(".public.vitrine-spare");
        fs::create_dir(&spare).unwrap();
        fs::write(spare.join("index.html"), "older").unwrap();
        let message = refusal(&public, &content, &[]).unwrap();
        assert!(
            message.contains(&format!("rm -r {} {}", public.display(), spare.display())),
            "{message}"
        );
    }

    #[test]
    fn the_spare_follows_the_same_rules() {
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = site(dir.path());
        let public = root.join("public");
        built(&public, &["catalogue.json", "sitemap.xml"]);
        let spare = root.join(".public.vitrine-spare");
        built(&spare, &["catalogue.json", "index.html"]);
        fs::write(spare.join(".gitignore"), "*\n").unwrap();
        assert_eq!(
            refusal(&public, &content, &[]),
            None,
            "a spare vitrine left"
        );
        fs::write(spare.join("notes.md"), "à garder").unwrap();
        let message = refusal(&public, &content, &[]).unwrap();
        assert!(message.contains("the spare folder"), "{message}");
        assert!(message.contains("did not generate: notes.md"), "{message}");
        fs::remove_file(spare.join("notes.md")).unwrap();
        fs::remove_file(spare.join(MANIFEST)).unwrap();
        let message = refusal(&public, &content, &[]).unwrap();
        assert!(message.contains(&format!("has no {MANIFEST}")), "{message}");
        assert!(
            message.contains(&format!("rm -r {}", spare.display())),
            "{message}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_is_judged_by_the_folder_it_points_to() {
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = site(dir.path());
        let real = root.join("www/site");
        fs::create_dir_all(&real).unwrap();
        fs::write(real.join("thesis.tex"), "x").unwrap();
        let link = root.join("public");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let message = refusal(&link, &content, &[]).unwrap();
        assert!(
            message.contains("did not generate (thesis.tex"),
            "{message}"
        );
        // And its spare is the one beside that folder.
        fs::remove_file(real.join("thesis.tex")).unwrap();
        fs::create_dir(root.join("www/.site.vitrine-spare")).unwrap();
        fs::write(root.join("www/.site.vitrine-spare/thesis.tex"), "x").unwrap();
        let message = refusal(&link, &content, &[]).unwrap();
        assert!(message.contains("the spare folder"), "{message}");
        // A link into the content folder is refused like the folder.
        let into = root.join("into");
        std::os::unix::fs::symlink(&content, &into).unwrap();
        let message = refusal(&into, &content, &[]).unwrap();
        assert!(
            message.contains("is or holds the content folder"),
            "{message}"
        );
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
