//! The front-matter keys of each kind of content file, as the loader checks
//! them: one list for the loader's unknown-key warnings, `vitrine new`'s
//! templates and `vitrine schema`'s JSON Schemas.

use super::loader::Kind;

/// Every key a file of `kind` may use (empty for kinds without front matter).
pub fn of(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Api => super::api::KNOWN_KEYS,
        Kind::Producer => super::producer::KNOWN_KEYS,
        Kind::Guide => super::guide::KNOWN_KEYS,
        Kind::Service => super::service::KNOWN_KEYS,
        Kind::Tree | Kind::Site => &[],
    }
}

/// The keys the loader reports as missing with an error.
pub fn required(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Api => &["title", "tagline", "producer"],
        Kind::Producer => &["name"],
        Kind::Guide | Kind::Service => &["title"],
        Kind::Tree | Kind::Site => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::loader::parse_file;
    use crate::content::SourceFile;
    use crate::diagnostics::Severity;
    use std::sync::Arc;

    fn errors(kind: Kind, folder: &str, front: &str) -> Vec<String> {
        let src = SourceFile {
            path: Arc::new(format!("content/{folder}/x.md").into()),
            relative: format!("{folder}/x.md").into(),
            text: format!("---\n{front}---\nCorps.\n"),
            report: crate::text::read_text(b"").1,
        };
        parse_file(&src, kind)
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message)
            .collect()
    }

    /// Each required key, left out of an otherwise complete file, is an
    /// error of the loader; with all of them there is none.
    #[test]
    fn required_keys_are_the_ones_the_loader_demands() {
        for (kind, folder) in [
            (Kind::Api, "api"),
            (Kind::Producer, "producteurs"),
            (Kind::Guide, "guides"),
            (Kind::Service, "service"),
        ] {
            let all: String = required(kind)
                .iter()
                .map(|k| format!("{k}: valeur\n"))
                .collect();
            assert_eq!(errors(kind, folder, &all), Vec::<String>::new(), "{kind:?}");
            for left_out in required(kind) {
                let front: String = required(kind)
                    .iter()
                    .filter(|k| k != &left_out)
                    .map(|k| format!("{k}: valeur\n"))
                    .collect();
                assert!(
                    !errors(kind, folder, &front).is_empty(),
                    "{kind:?} without {left_out} loads without error"
                );
            }
        }
    }
}
