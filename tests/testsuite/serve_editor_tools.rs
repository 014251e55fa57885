//! The editor conveniences: `vitrine schema`'s JSON Schemas validate the
//! example content with an independent validator (Python's `jsonschema`)
//! and catch a misspelt key; `vitrine new` writes a card that builds and
//! refuses to overwrite one.

use std::path::Path;
use std::process::Command;

fn vitrine() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vitrine"))
}

const VALIDATE: &str = r#"
import json, sys, pathlib, yaml, jsonschema
schemas, content = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
folders = {"api": "api", "producer": "producteurs", "guide": "guides", "service": "service"}
checked = 0
for kind, folder in folders.items():
    schema = json.loads((schemas / f"{kind}.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    for md in sorted((content / folder).glob("*.md")):
        front = md.read_text(encoding="utf-8").split("---", 2)[1]
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(yaml.safe_load(front)))
        for e in errors:
            print(f"{md}: {e.message}")
        checked += 1
print(f"checked {checked}")
"#;

fn validate(schemas: &Path, content: &Path) -> String {
    let out = Command::new("python3")
        .args(["-c", VALIDATE])
        .arg(schemas)
        .arg(content)
        .output()
        .expect("python3 with jsonschema and PyYAML");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn example_content_validates_against_the_schemas_and_a_typo_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    let out = vitrine()
        .args(["schema", "--out"])
        .arg(&schemas)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let report = validate(&schemas, &content);
    assert!(report.starts_with("checked "), "{report}");
    assert_ne!(report.trim(), "checked 0");

    let copy = dir.path().join("content");
    crate::build_support::copy_tree(&content, &copy);
    let card = copy.join("api/proconnect.md");
    let text = std::fs::read_to_string(&card).unwrap();
    std::fs::write(&card, text.replacen("\ntagline:", "\ntaglin:", 1)).unwrap();
    let report = validate(&schemas, &copy);
    assert!(
        report.contains("proconnect.md: 'tagline' is a required property"),
        "{report}"
    );
    assert!(report.contains("'taglin' was unexpected"), "{report}");
}

#[test]
fn new_writes_a_card_that_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    crate::build_support::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
        &content,
    );
    let new = |kind: &str, slug: &str| {
        vitrine()
            .args(["new", kind, slug, "--content"])
            .arg(&content)
            .output()
            .unwrap()
    };
    let made = new("api", "ma-nouvelle-api");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let card = content.join("api/ma-nouvelle-api.md");
    let written = std::fs::read_to_string(&card).unwrap();
    assert!(written.contains("tagline:") && written.contains("# "));
    assert!(new("producer", "un-producteur").status.success());
    assert!(new("guide", "un-guide").status.success());
    assert!(new("service", "un-service").status.success());

    std::fs::write(&card, "modifié").unwrap();
    let again = new("api", "ma-nouvelle-api");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&card).unwrap(), "modifié");
    std::fs::write(&card, written).unwrap();

    let check = vitrine()
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_eq!(new("api", "../evasion").status.code(), Some(2));
}
