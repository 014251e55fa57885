//! One `Diagnostic` type for every problem found in content, and its three
//! renderers: human (source excerpt and caret), JSON lines, GitHub annotations.
//!
//! Diagnostics are data: a run collects all of them, sorts them by file and
//! line, and the command decides the exit code from the counts.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Something done on the user's behalf that they should know about
    /// (a mojibake repair, an assumed encoding).
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A problem (or notice) tied to a place in a content file.
///
/// `file` is the path as the user should read it (relative to the current
/// directory when possible). `line` and `column` are 1-based; 0 means "the
/// whole file" (for example an empty file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        file: impl Into<PathBuf>,
        line: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column: 0,
            severity,
            message: message.into(),
            help: None,
        }
    }

    pub fn error(file: impl Into<PathBuf>, line: u32, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, line, message)
    }

    pub fn warning(file: impl Into<PathBuf>, line: u32, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, line, message)
    }

    pub fn note(file: impl Into<PathBuf>, line: u32, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, file, line, message)
    }

    pub fn at_column(mut self, column: u32) -> Self {
        self.column = column;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (&Path, u32, u32, Severity, &str, Option<&str>) {
        (
            &self.file,
            self.line,
            self.column,
            self.severity,
            &self.message,
            self.help.as_deref(),
        )
    }
}

/// Sorts by file, line, column, then severity, message and help, so output
/// is deterministic whatever order the (parallel) passes produced them in,
/// and equal diagnostics end up side by side (`Vec::dedup` then removes
/// exactly the repeated ones).
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Puts `d` into `diagnostics` (sorted by `sort`) where `sort` would.
pub fn insert_sorted(diagnostics: &mut Vec<Diagnostic>, d: Diagnostic) {
    let at = diagnostics.partition_point(|e| e.sort_key() <= d.sort_key());
    diagnostics.insert(at, d);
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

pub fn count(diagnostics: &[Diagnostic]) -> Counts {
    let mut counts = Counts::default();
    for d in diagnostics {
        match d.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
            Severity::Note => counts.notes += 1,
        }
    }
    counts
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
}

/// The source texts diagnostics point into, so the human renderer can quote
/// the offending line. Keyed by the same path as `Diagnostic::file`.
/// Shared texts: editor mode hands them from build to build and to the
/// served snapshot without copying them.
pub type SourceTexts = BTreeMap<PathBuf, std::sync::Arc<str>>;

/// Renders every diagnostic in the chosen format, one after the other.
pub fn render_all(
    diagnostics: &[Diagnostic],
    format: Format,
    sources: &SourceTexts,
    colour: bool,
) -> String {
    let mut out = String::new();
    for d in diagnostics {
        match format {
            Format::Human => {
                out.push_str(&render_human(d, sources.get(&d.file).map(|t| &**t), colour))
            }
            Format::Json => {
                out.push_str(&serde_json::to_string(d).unwrap_or_default());
                out.push('\n');
            }
            Format::Github => {
                out.push_str(&render_github(d));
                out.push('\n');
            }
        }
    }
    out
}

/// `error: message` / `  --> file:line:col` / the source line with a caret /
/// `  = help: …`, in the manner of rustc.
pub fn render_human(d: &Diagnostic, source: Option<&str>, colour: bool) -> String {
    let (on, off, bold) = if colour {
        let code = match d.severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Note => "\x1b[1;36m",
        };
        (code, "\x1b[0m", "\x1b[1m")
    } else {
        ("", "", "")
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{on}{}{off}{bold}: {}{off}",
        d.severity.label(),
        d.message
    );
    let location = match (d.line, d.column) {
        (0, _) => d.file.display().to_string(),
        (line, 0) => format!("{}:{line}", d.file.display()),
        (line, col) => format!("{}:{line}:{col}", d.file.display()),
    };
    let _ = writeln!(out, "  --> {location}");
    if let Some(text) = source.filter(|_| d.line > 0) {
        if let Some(src_line) = text.lines().nth(d.line as usize - 1) {
            let number = d.line.to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {}", src_line.trim_end());
            if d.column > 0 {
                let before: String = src_line
                    .chars()
                    .take(d.column as usize - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{pad} | {before}{on}^{off}");
            }
        }
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    out
}

/// GitHub Actions workflow command; `%`, CR and LF are escaped as the runner expects.
pub fn render_github(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_prop = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut props = format!("file={}", escape_prop(&d.file.to_string_lossy()));
    if d.line > 0 {
        let _ = write!(props, ",line={}", d.line);
    }
    if d.column > 0 {
        let _ = write!(props, ",col={}", d.column);
    }
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(" (help: ");
        message.push_str(help);
        message.push(')');
    }
    format!("::{kind} {props}::{}", escape_data(&message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_output_quotes_the_line_and_points_at_the_column() {
        let d = Diagnostic::error("content/api/x.md", 2, "expected a number, found `oui`")
            .at_column(10)
            .with_help("use -1, 0 or 1");
        let out = render_human(&d, Some("---\nis_open: oui\n---\n"), false);
        assert_eq!(
            out,
            "error: expected a number, found `oui`\n  --> content/api/x.md:2:10\n  |\n2 | is_open: oui\n  |          ^\n  = help: use -1, 0 or 1\n"
        );
    }

    #[test]
    fn github_output_escapes_properties_and_message() {
        let d = Diagnostic::warning("a,b.md", 3, "50% done\nnext").at_column(1);
        assert_eq!(
            render_github(&d),
            "::warning file=a%2Cb.md,line=3,col=1::50%25 done%0Anext"
        );
    }

    #[test]
    fn json_output_is_one_object_per_line() {
        let d = vec![
            Diagnostic::note("f.md", 1, "repaired"),
            Diagnostic::error("g.md", 0, "empty"),
        ];
        let out = render_all(&d, Format::Json, &SourceTexts::new(), false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        let v: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(v["severity"], "error");
        assert_eq!(v["file"], "g.md");
    }

    #[test]
    fn sorting_is_by_file_then_line() {
        let mut d = vec![
            Diagnostic::error("b.md", 1, "x"),
            Diagnostic::error("a.md", 9, "y"),
            Diagnostic::warning("a.md", 2, "z"),
        ];
        sort(&mut d);
        let order: Vec<_> = d
            .iter()
            .map(|d| (d.file.display().to_string(), d.line))
            .collect();
        assert_eq!(
            order,
            vec![("a.md".into(), 2), ("a.md".into(), 9), ("b.md".into(), 1)]
        );
    }
}
