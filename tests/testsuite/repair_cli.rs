//! `vitrine repair` end to end, on temporary copies of the repository's own
//! content (seed 004 is `content/api/proconnect.md`, Mac Roman mojibake;
//! seed 000 is `content/api/se-connecter-avec-pole-emploi.md`, clean).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

const BROKEN: &str = "content/api/proconnect.md";
const CLEAN: &str = "content/api/se-connecter-avec-pole-emploi.md";

fn repo_file(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn vitrine(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run vitrine")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A temp folder holding `content/api/{broken,clean}.md`, `content/notes.txt`
/// (broken, Windows-1252 mojibake) and a binary `content/images/x.png` whose
/// bytes look like mojibake; the clean file's mtime is set in the past.
struct Site {
    dir: tempfile::TempDir,
    old: SystemTime,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let api = dir.path().join("content/api");
        fs::create_dir_all(&api).expect("mkdir");
        fs::create_dir_all(dir.path().join("content/images")).expect("mkdir");
        fs::write(api.join("broken.md"), repo_file(BROKEN)).expect("write");
        fs::write(api.join("clean.md"), repo_file(CLEAN)).expect("write");
        fs::write(
            dir.path().join("content/notes.txt"),
            "ok\nl\u{e2}\u{20ac}\u{2122}\u{c3}\u{a9}t\u{c3}\u{a9}\n",
        )
        .expect("write");
        fs::write(dir.path().join("content/images/x.png"), "√©√©".as_bytes()).expect("write");
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let clean = fs::File::options()
            .write(true)
            .open(api.join("clean.md"))
            .expect("open");
        clean.set_modified(old).expect("set mtime");
        Site { dir, old }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path(rel)).expect("read")
    }
}

#[test]
fn check_lists_broken_files_exits_1_and_changes_nothing() {
    let site = Site::new();
    let out = vitrine(&["repair", "--check"], site.dir.path());
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.contains("needs repair: content/api/broken.md: lines 12, 16-18, 32, 52, "),
        "{text}"
    );
    assert!(text.contains("(Mac Roman)"), "{text}");
    assert!(
        text.contains("needs repair: content/notes.txt: line 2 (Windows-1252)"),
        "{text}"
    );
    assert!(
        !text.contains("clean.md") && !text.contains("x.png"),
        "{text}"
    );
    assert!(text.contains("2 of 3 files need repair"), "{text}");
    assert_eq!(site.read("content/api/broken.md"), repo_file(BROKEN));
}

#[test]
fn repair_rewrites_broken_files_and_leaves_the_rest_alone() {
    let site = Site::new();
    let out = vitrine(&["repair"], site.dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.contains("repaired content/api/broken.md: lines 12, 16-18, 32, "),
        "{text}"
    );
    assert!(text.contains("2 of 3 files repaired"), "{text}");

    let fixed = String::from_utf8(site.read("content/api/broken.md")).expect("UTF-8");
    let original = String::from_utf8(repo_file(BROKEN)).expect("UTF-8");
    assert_eq!(fixed, vitrine::text::repair(&original).text);
    assert!(!fixed.contains('√') && !fixed.contains("‚Äô"));
    assert_eq!(site.read("content/notes.txt"), "ok\nl’été\n".as_bytes());

    assert_eq!(site.read("content/api/clean.md"), repo_file(CLEAN));
    let mtime = fs::metadata(site.path("content/api/clean.md")).and_then(|m| m.modified());
    assert_eq!(mtime.expect("mtime"), site.old);
    assert_eq!(site.read("content/images/x.png"), "√©√©".as_bytes());

    let leftovers: Vec<_> = fs::read_dir(site.path("content/api"))
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");

    let again = vitrine(&["repair", "--check", "content"], site.dir.path());
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    assert!(stdout(&again).contains("0 of 3 files need repair"));
}

#[cfg(unix)]
#[test]
fn repair_keeps_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    let broken = site.path("content/api/broken.md");
    fs::set_permissions(&broken, fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = vitrine(&["repair", "content/api/broken.md"], site.dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mode = fs::metadata(&broken).expect("stat").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn a_file_named_explicitly_is_repaired_whatever_its_extension() {
    let site = Site::new();
    let other = site.path("card.markdown.bak");
    fs::write(&other, "title: Entit√©s\n").expect("write");
    let out = vitrine(&["repair", "card.markdown.bak"], site.dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(stdout(&out).contains("repaired card.markdown.bak: line 1 (Mac Roman)"));
    assert_eq!(
        fs::read(&other).expect("read"),
        "title: Entités\n".as_bytes()
    );
    // Only the named file: the content folder is untouched.
    assert_eq!(site.read("content/api/broken.md"), repo_file(BROKEN));
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let site = Site::new();
    let out = vitrine(&["repair", "nowhere"], site.dir.path());
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere: no such file or folder"));
    let out = vitrine(&["repair", "--no-such-flag"], site.dir.path());
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

/// Lines found by fuzzing (issue 18): two encodings on one line, maths and
/// code spans written on purpose, Greek, Cyrillic and CJK, a BOM in mid-line.
const FUZZED: &str = "title: API Oise boucâ€™h√©e\n\
La racine √π vaut environ 1,772.\n\
Le motif `Ã©` signale du Windows-1252, Entit√©s aussi.\n\
ŒöŒ±ŒªŒ∑ŒºŒ≠œÅŒ± Œ∫œåœÉŒºŒµ\n\
–ü—Ä–∏–≤–µ—Ç, –º–∏—Ä\n\
Êó•Êú¨Ë™û„ÅÆ„ÉÜ„Ç≠„Çπ„Éà\n\
TitreÔªøcoll√© : donn√©es\n";

const FUZZED_FIXED: &str = "title: API Oise bouc’hée\n\
La racine √π vaut environ 1,772.\n\
Le motif `Ã©` signale du Windows-1252, Entités aussi.\n\
Καλημέρα κόσμε\n\
Привет, мир\n\
日本語のテキスト\n\
Titre\u{FEFF}collé : données\n";

#[test]
fn repair_is_exact_on_fuzzed_lines_and_check_passes_right_after() {
    let site = Site::new();
    fs::write(site.path("content/fuzzed.md"), FUZZED).expect("write");
    let out = vitrine(&["repair", "content/fuzzed.md"], site.dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8(site.read("content/fuzzed.md")).expect("UTF-8"),
        FUZZED_FIXED
    );
    let text = stdout(&out);
    assert!(
        text.contains("line 1 (Windows-1252), lines 1, 3-7 (Mac Roman)"),
        "{text}"
    );
    let again = vitrine(&["repair", "--check", "content/fuzzed.md"], site.dir.path());
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    assert!(
        stdout(&again).contains("0 of 1 file need repair"),
        "{}",
        stdout(&again)
    );
}
