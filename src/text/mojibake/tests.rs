//! Unit tests of `repair`: each known mojibake shape, each adversarial clean
//! text, the report, and the seed cards as they sit in `content/`.

use super::*;
use LegacyEncoding::{Latin1, MacRoman, Windows1252};

/// What a tool assuming `encoding` showed for UTF-8 `text`, written with
/// encoding_rs directly (not with the repair's own tables).
pub(super) fn mojibake(text: &str, encoding: LegacyEncoding) -> String {
    let bytes = text.as_bytes();
    match encoding {
        MacRoman => encoding_rs::MACINTOSH.decode_without_bom_handling(bytes).0,
        Windows1252 => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
        Latin1 => encoding_rs::mem::decode_latin1(bytes),
    }
    .into_owned()
}

fn repaired(text: &str) -> String {
    repair(text).text.into_owned()
}

fn assert_untouched(text: &str) {
    let r = repair(text);
    assert!(
        matches!(r.text, Cow::Borrowed(_)),
        "changed: {text:?} -> {:?}",
        r.text
    );
    assert!(r.repairs.is_empty(), "{text:?}: {:?}", r.repairs);
}

#[test]
fn repairs_mac_roman_mojibake_from_seed_001() {
    assert_eq!(
        repaired("Entit√©s administratives"),
        "Entités administratives"
    );
    assert_eq!(repaired("demandeur d‚Äôemploi"), "demandeur d’emploi");
    assert_eq!(repaired("\u{F8FF}üîé Rechercher"), "🔎 Rechercher");
    assert_eq!(repaired("‚ö†Ô∏è Attention"), "⚠️ Attention");
}

#[test]
fn repairs_windows_1252_mojibake() {
    let r = repair("caf\u{C3}\u{A9} l\u{E2}\u{20AC}\u{2122}accueil");
    assert_eq!(r.text, "café l’accueil");
    assert_eq!(r.repairs[0].reversed, vec![Windows1252]);
}

#[test]
fn repairs_windows_1252_holes_as_c1_controls() {
    // Á is C3 81; Windows-1252 has no char for 0x81, encoding_rs gives U+0081.
    let broken = mojibake("ÁRBOL Ő", Windows1252);
    assert!(broken.contains('\u{81}'));
    let r = repair(&broken);
    assert_eq!(r.text, "ÁRBOL Ő");
    assert_eq!(r.repairs[0].reversed, vec![Windows1252]);
}

#[test]
fn repairs_latin1_mojibake_with_c1_controls() {
    let broken = mojibake("l’été « ici »", Latin1);
    assert!(broken.contains('\u{80}'));
    let r = repair(&broken);
    assert_eq!(r.text, "l’été « ici »");
    assert_eq!(r.repairs[0].reversed, vec![Latin1]);
}

#[test]
fn repairs_double_mojibake_and_reports_outermost_first() {
    let once = mojibake("Entités 🔎 d’emploi", MacRoman);
    let twice = mojibake(&once, Windows1252);
    let r = repair(&twice);
    assert_eq!(r.text, "Entités 🔎 d’emploi");
    assert_eq!(r.repairs[0].reversed, vec![Windows1252, MacRoman]);
}

#[test]
fn repairs_only_the_broken_lines_and_reports_their_ranges() {
    let text = format!(
        "title: Propre\n{}\n{}\nclean: l’été\n{}\n",
        mojibake("a: Entités", MacRoman),
        mojibake("b: démarches", MacRoman),
        mojibake("c: d’emploi", Windows1252)
    );
    let r = repair(&text);
    assert_eq!(
        r.text,
        "title: Propre\na: Entités\nb: démarches\nclean: l’été\nc: d’emploi\n"
    );
    assert_eq!(
        r.repairs,
        vec![
            Repair {
                first_line: 2,
                last_line: 3,
                reversed: vec![MacRoman]
            },
            Repair {
                first_line: 5,
                last_line: 5,
                reversed: vec![Windows1252]
            },
        ]
    );
    assert_eq!(r.repairs[0].describe(), "lines 2-3 (Mac Roman)");
}

#[test]
fn keeps_crlf_line_endings() {
    let text = format!("a\r\n{}\r\nb\r\n", mojibake("é", MacRoman));
    assert_eq!(repaired(&text), "a\r\né\r\nb\r\n");
}

#[test]
fn leaves_clean_french_emoji_and_quotes_alone() {
    assert_untouched("");
    assert_untouched("Les entités administratives « habilitées » — jusqu’à l’été…");
    assert_untouched("Cœur, Œuvre, æ, Ægée ; 🔎 ⚠️ ✅ 👩‍💻 “quotes” ‘single’ ‰ €");
    assert_untouched("«\u{A0}Élysée\u{A0}» et «Étape» — à bientôt");
}

#[test]
fn leaves_adversarial_suspicious_looking_text_alone() {
    assert_untouched("√2 ≈ 1,414");
    assert_untouched("SÃO PAULO");
    assert_untouched("Il a dit ‚bonjour‘ puis „au revoir“");
    assert_untouched("Conceição Ãlvares e JOÃO");
    assert_untouched("jusqu’à");
    assert_untouched("l’âge, l’œuvre, qu’à, —à, “À”");
    assert_untouched("x ≈ ±1 ; √π");
}

#[test]
fn a_line_mixing_mojibake_and_unencodable_chars_is_left_alone() {
    // A correct emoji cannot come from Mac Roman: the line is not mojibake
    // as a whole, and guessing where it is would risk clean text.
    assert_untouched("Entit√©s 🔎");
}

fn content(path: &str) -> String {
    let full = format!("{}/content/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    crate::text::decode(&bytes).text
}

#[test]
fn repairs_seed_001_api_particulier() {
    let text = content("api/api-particulier.md");
    let r = repair(&text);
    assert!(r.text.contains("Entités administratives"));
    assert!(r.text.contains("⚠️"));
    assert!(r.text.contains("🔎"));
    assert!(r.text.contains('’'));
    assert!(!r.text.contains('\u{F8FF}'));
    assert!(!r.text.contains("√©"));
    assert!(r.repairs.iter().all(|rep| rep.reversed == vec![MacRoman]));
    assert!(r
        .repairs
        .iter()
        .any(|rep| rep.first_line <= 3 && 3 <= rep.last_line));
}

#[test]
fn repairs_seed_004_proconnect() {
    let text = content("api/proconnect.md");
    let r = repair(&text);
    assert!(!r.repairs.is_empty());
    assert!(!r.text.contains('√'));
    assert!(!r.text.contains("‚Äô"));
    assert!(r.text.contains('é'));
}

#[test]
fn leaves_seeds_000_002_003_unchanged() {
    for path in [
        "api/se-connecter-avec-pole-emploi.md",
        "guides/utiliser-les-api-france-travail.md",
        "guides/generer-un-access-token.md",
    ] {
        assert_untouched(&content(path));
    }
}

#[test]
fn every_other_content_file_is_untouched() {
    let root = format!("{}/content", env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(&root).into_iter().flatten() {
        let path = entry.path();
        let is_text = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("md" | "yaml" | "yml")
        );
        let seed = path.ends_with("api-particulier.md") || path.ends_with("proconnect.md");
        if is_text && !seed {
            let bytes = std::fs::read(path).unwrap_or_default();
            assert_untouched(&crate::text::decode(&bytes).text);
        }
    }
}
