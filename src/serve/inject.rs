//! What editor mode adds to every HTML page it serves (never to `build`
//! output): the live-reload script, and the error overlay while the latest
//! build has errors. The overlay shows each diagnostic as the terminal does
//! (file, line, column, message, source excerpt, help).

use crate::diagnostics::{render_human, Diagnostic, SourceTexts};
use crate::text::html::escape_html;

/// Where the script is served from; the SSE stream is `EVENTS_PATH`.
pub const SCRIPT_PATH: &str = "/__vitrine/live.js";
pub const EVENTS_PATH: &str = "/__vitrine/events";
/// Reserved for editor mode: no site file is served under it.
pub const PREFIX: &str = "/__vitrine/";

/// The live-reload client: reloads on `reload` (keeping the scroll
/// position), swaps stylesheets on `css`, and on connecting reloads if the
/// site changed since the page was served.
pub const SCRIPT: &str = r#"(function () {
  var me = document.currentScript;
  var generation = me ? me.getAttribute('data-generation') : null;
  var key = 'vitrine-scroll:' + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = Number(saved);
    var restore = function () { window.scrollTo(0, y); };
    restore();
    window.addEventListener('load', restore);
  }
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  var events = new EventSource('/__vitrine/events');
  events.addEventListener('hello', function (e) {
    if (generation !== null && e.data !== generation) reload();
  });
  events.addEventListener('reload', function (e) {
    if (e.data !== generation) reload();
  });
  events.addEventListener('css', function (e) {
    generation = e.data;
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set('vitrine', e.data);
      link.href = url.href;
    });
  });
})();
"#;

/// `html` with the script (and the overlay, when there are errors) inserted
/// before `</body>` (appended when there is none).
pub fn page(html: &[u8], generation: u64, errors: &[Diagnostic], sources: &SourceTexts) -> Vec<u8> {
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(&overlay(errors, sources));
    }
    extra.push_str(&format!(
        r#"<script src="{SCRIPT_PATH}" data-generation="{generation}"></script>"#
    ));
    let at = body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The offset of the last `</body>` (any case).
fn body_end(html: &[u8]) -> Option<usize> {
    const TAG: &[u8] = b"</body>";
    (0..html.len().saturating_sub(TAG.len() - 1))
        .rev()
        .find(|&i| html[i..i + TAG.len()].eq_ignore_ascii_case(TAG))
}

/// The overlay: one block per error, the terminal's rendering escaped.
pub fn overlay(errors: &[Diagnostic], sources: &SourceTexts) -> String {
    let mut out = String::from(
        r#"<div id="vitrine-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,30,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem">"#,
    );
    out.push_str(&format!(
        "<h2 style=\"color:#ff8080;margin-top:0\">{} — la dernière version correcte reste affichée dessous</h2>",
        if errors.len() == 1 {
            "1 erreur".to_string()
        } else {
            format!("{} erreurs", errors.len())
        }
    ));
    for d in errors {
        let text = render_human(d, sources.get(&d.file).map(|t| &**t), false);
        out.push_str(&format!(
            r#"<pre class="vitrine-diagnostic" data-file="{}" data-line="{}" data-column="{}" style="white-space:pre-wrap;border-left:4px solid #ff8080;padding-left:1rem">{}</pre>"#,
            escape_html(&d.file.display().to_string()),
            d.line,
            d.column,
            escape_html(&text)
        ));
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_closing_body() {
        let out = page(
            b"<html><body><p>x</p></BODY></html>",
            7,
            &[],
            &SourceTexts::new(),
        );
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__vitrine/live.js\" data-generation=\"7\"></script></BODY></html>"
        );
    }

    #[test]
    fn overlay_shows_place_message_excerpt_and_help_escaped() {
        let d = Diagnostic::error("content/api/a.md", 2, "unknown key `<titel>`")
            .at_column(1)
            .with_help("did you mean `title`?");
        let sources =
            SourceTexts::from([("content/api/a.md".into(), "---\ntitel: <b>\n---\n".into())]);
        let out = String::from_utf8(page(b"<p>x</p>", 1, &[d], &sources)).unwrap();
        assert!(out.contains("id=\"vitrine-overlay\""));
        assert!(out.contains("content/api/a.md:2:1"));
        assert!(out.contains("unknown key `&lt;titel&gt;`"));
        assert!(out.contains("titel: &lt;b&gt;"));
        assert!(out.contains("did you mean `title`?"));
        assert!(out.ends_with("</script>"));
    }
}
