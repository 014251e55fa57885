//! Front-matter fields that become an `href` (`external_site`, producer
//! `site`, service `link`…): only http(s), mailto, tel and relative URLs, so
//! that content written by many hands cannot put `javascript:` on a page.

use super::fields::{Map, Reader};
use crate::diagnostics::Diagnostic;
use crate::text::url_safety::{classify, UrlClass, ALLOWED_SCHEMES};

/// The link at `key`, or None (with an error at its value) when its scheme
/// is not one a page may link to.
pub(crate) fn link(r: &mut Reader, m: Map, key: &str) -> Option<String> {
    let url = r.string(m, key)?;
    match classify(&url) {
        UrlClass::Relative | UrlClass::Allowed(_) => Some(url),
        UrlClass::Dangerous(scheme) | UrlClass::Other(scheme) => {
            let pos = r.value_pos(m, key);
            report(r, pos, key, &scheme, &url);
            None
        }
    }
}

/// An absolute http(s) URL (`site.yaml`'s `base_url`), or an error at its
/// value and None.
pub(crate) fn http_url(r: &mut Reader, m: Map, key: &str, url: &str) -> Option<()> {
    let class = classify(url);
    let ok = matches!(&class, UrlClass::Allowed(s) if s.starts_with("http"))
        && url::Url::parse(url.trim()).is_ok();
    if ok {
        return Some(());
    }
    let pos = r.value_pos(m, key);
    let found = match class {
        UrlClass::Relative => "no scheme".to_string(),
        UrlClass::Allowed(s) | UrlClass::Dangerous(s) | UrlClass::Other(s) => {
            format!("the scheme `{s}:`")
        }
    };
    r.diagnostics.push(
        Diagnostic::error(
            r.file.as_path(),
            pos.0,
            format!("`{key}`: expected an absolute http(s) URL such as https://api.gouv.fr, found {found} in {url:?}"),
        )
        .at_column(pos.1),
    );
    None
}

fn report(r: &mut Reader, (line, col): (u32, u32), key: &str, scheme: &str, url: &str) {
    let message =
        format!("`{key}`: the scheme `{scheme}:` is not allowed in a link, found {url:?}");
    let help = format!(
        "a link field holds {ALLOWED_SCHEMES}; the link is left out of the page until it is fixed"
    );
    r.diagnostics.push(
        Diagnostic::error(r.file.as_path(), line, message)
            .at_column(col)
            .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use crate::content::{parse_sources, Loaded, SourceFile};
    use std::path::PathBuf;
    use std::sync::Arc;

    fn load(relative: &str, text: &str) -> Loaded {
        let (text, report) = crate::text::read_text(text.as_bytes());
        let src = SourceFile {
            path: Arc::new(PathBuf::from(format!("content/{relative}"))),
            relative: PathBuf::from(relative),
            text,
            report,
        };
        parse_sources(vec![src], Vec::new())
    }

    fn errors(loaded: &Loaded) -> Vec<(u32, u32, String)> {
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .map(|d| (d.line, d.column, d.message.clone()))
            .collect()
    }

    #[test]
    fn a_service_link_with_javascript_is_an_error_at_its_value() {
        let loaded = load(
            "service/s.md",
            "---\ntitle: Service\nlink: \" JaVaScRiPt:alert(1)\"\n---\n",
        );
        assert_eq!(
            errors(&loaded),
            [(
                3,
                7,
                "`link`: the scheme `javascript:` is not allowed in a link, found \" JaVaScRiPt:alert(1)\"".to_string()
            )]
        );
        assert_eq!(loaded.catalogue.services[0].link, None);
    }

    #[test]
    fn producer_links_accept_http_mailto_tel_and_relative() {
        let loaded = load(
            "producteurs/p.md",
            "---\nname: P\nsite: https://p.gouv.fr\ncontact: mailto:a@p.fr\nannuaire: tel:+33100000000\nsiteAPI: /les-api\nsiteOpenData: ftp://p.fr\n---\n",
        );
        assert_eq!(
            errors(&loaded),
            [(
                7,
                15,
                "`siteOpenData`: the scheme `ftp:` is not allowed in a link, found \"ftp://p.fr\""
                    .to_string()
            )]
        );
    }

    #[test]
    fn base_url_must_be_http() {
        let loaded = load("site.yaml", "title: T\nbase_url: javascript:alert(1)\n");
        assert_eq!(
            errors(&loaded),
            [(
                2,
                11,
                "`base_url`: expected an absolute http(s) URL such as https://api.gouv.fr, found the scheme `javascript:` in \"javascript:alert(1)\"".to_string()
            )]
        );
    }
}
