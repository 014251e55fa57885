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
fn a_line_mixing_mojibake_and_chars_the_encoding_lacks_is_repaired_around_them() {
    // A correct emoji cannot come from Mac Roman: it is kept, the rest fixed.
    assert_eq!(repaired("Entit√©s 🔎 d‚Äôemploi"), "Entités 🔎 d’emploi");
    // ’ and œ are not Latin-1: kept while the C1 mojibake around is fixed.
    let broken = format!("{} l’œuvre", mojibake("été", Latin1));
    assert_eq!(repaired(&broken), "été l’œuvre");
    // But a lone é, which Mac Roman has, still vetoes the line.
    assert_untouched("Entit√©s é 🔎");
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

#[test]
fn a_line_is_repaired_only_if_every_non_ascii_run_reverses() {
    // The lone √ before the space is not UTF-8 in Mac Roman: not mojibake.
    assert_untouched("Entit√©s et √ 2");
    assert_eq!(repaired("Entit√©s et d√©marches"), "Entités et démarches");
}

/// Repairing again changes nothing.
fn assert_idempotent(text: &str) {
    let once = repaired(text);
    assert_untouched(&once);
}

#[test]
fn repairs_a_line_mixing_windows_1252_and_mac_roman_in_one_pass() {
    let line = "title: API Oise boucâ€™h√©e";
    let r = repair(line);
    assert_eq!(r.text, "title: API Oise bouc’hée");
    assert_eq!(r.repairs.len(), 2, "{:?}", r.repairs);
    assert_eq!(r.repairs[0].reversed, vec![Windows1252]);
    assert_eq!(r.repairs[1].reversed, vec![MacRoman]);
    assert_idempotent(line);
}

#[test]
fn leaves_maths_written_on_purpose_alone() {
    assert_untouched("La racine √π vaut environ 1,772.");
    assert_untouched("√π et √π, ≈π");
    // Inside a word it is `où`, and beside other mojibake it follows the line.
    assert_eq!(repaired("Le lieu o√π il est"), "Le lieu où il est");
    assert_eq!(repaired("√π d√©j√†"), "ù déjà");
}

#[test]
fn code_spans_showing_mojibake_stay_while_the_rest_of_the_line_is_repaired() {
    assert_untouched("Le motif `Ã©` signale du Windows-1252 ; `√©` du Mac Roman.");
    assert_eq!(
        repaired("Entit√©s : `Ã©` reste tel quel"),
        "Entités : `Ã©` reste tel quel"
    );
    // A span mojibaked with its line is repaired with it.
    let clean = "Votre service est réalisé sur une `application privée`";
    assert_eq!(repaired(&mojibake(clean, MacRoman)), clean);
    // Mojibake of a span that itself shows mojibake gives it back exactly.
    let clean = "Si vous voyez `Ã©` au lieu de `é`, c’est du Windows-1252";
    assert_eq!(repaired(&mojibake(clean, MacRoman)), clean);
}

#[test]
fn repairs_greek_cyrillic_and_cjk_lines_in_every_encoding() {
    for clean in [
        "Καλημέρα κόσμε, API ελληνικό",
        "Привет, мир : служба API",
        "日本語のテキスト, 中文 API, 한국어",
    ] {
        for e in [MacRoman, Windows1252, Latin1] {
            let broken = mojibake(clean, e);
            assert_eq!(repaired(&broken), clean, "{e:?}: {broken}");
            assert_idempotent(&broken);
        }
        assert_untouched(clean);
    }
}

#[test]
fn repairs_decomposed_accents_a_rare_cjk_char_and_a_bom_in_mid_line() {
    for clean in [
        "Entite\u{301}s de\u{301}marches, l’e\u{301}te\u{301}",
        "\u{4DE8} Entités administratives",
        "titre\u{FEFF}: Entités",
        "données\u{FEFF}",
    ] {
        for e in [MacRoman, Windows1252, Latin1] {
            let broken = mojibake(clean, e);
            assert_eq!(repaired(&broken), clean, "{e:?}: {broken}");
        }
        assert_untouched(clean);
    }
}

#[test]
fn a_lone_char_of_another_script_is_not_evidence() {
    // `—à` and `“É` would be Cyrillic in Mac Roman.
    assert_untouched("Il dit —à bientôt");
    assert_untouched("le “Élysée” et —à");
    assert_untouched("Café…» fin");
}
