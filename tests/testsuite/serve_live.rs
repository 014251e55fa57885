//! `vitrine serve` as an editor uses it: pages served correctly, every way
//! out of the site root refused, edits seen over SSE and in the pages, a
//! broken card shown as an overlay over the last good site, files created,
//! renamed and deleted, theme changes, the sandbox on the same origin, and
//! after all that the same bytes as a full `vitrine build`.

use crate::serve_support::{eventually, raw, save, without_injection, Served};
use std::path::Path;

fn fixture() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid"))
}

#[test]
fn serves_types_folders_404_head_and_no_cache() {
    let s = Served::start(fixture());
    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    assert_eq!(home.header("cache-control").unwrap(), "no-cache");
    assert!(home.text().contains("/__vitrine/live.js"));
    let card = s.get("/les-api/demo/");
    assert!(card.text().contains("API Démo"), "{}", card.text());
    let folder = s.get("/les-api/demo");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location").unwrap(), "/les-api/demo/");
    for (target, kind) in [
        ("/catalogue.json", "application/json"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/images/logo.svg", "image/svg+xml"),
        ("/static/oauth-callback.html", "text/html; charset=utf-8"),
    ] {
        let r = s.get(target);
        assert_eq!(r.status, 200, "{target}");
        assert_eq!(r.header("content-type").unwrap(), kind, "{target}");
    }
    let css = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/css"
    ))
    .unwrap()
    .next()
    .unwrap()
    .unwrap()
    .file_name();
    let css = s.get(&format!("/static/css/{}", css.to_string_lossy()));
    assert_eq!(
        css.header("content-type").unwrap(),
        "text/css; charset=utf-8"
    );
    let missing = s.get("/nulle-part/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        without_injection(&missing.body),
        without_injection(&s.get("/404.html").body)
    );
    let head = raw(&s.addr, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length").unwrap(),
        home.body.len().to_string()
    );
    assert_eq!(raw(&s.addr, "POST", "/").status, 405);
}

#[test]
fn refuses_every_way_out_of_the_site_root() {
    let s = Served::start(fixture());
    std::fs::write(s.root.path().join("secret.txt"), "TOP-SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        s.root.path().join("secret.txt"),
        s.content().join("images/escape.svg"),
    )
    .unwrap();
    for target in [
        "/../secret.txt",
        "/images/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/images%2f..%2f..%2fsecret.txt",
        "/images/..%5c..%5csecret.txt",
        "/images\\..\\..\\secret.txt",
        "//secret.txt",
        "/%00/secret.txt",
        "/images/logo.svg%00.html",
        "secret.txt",
        "http://evil.example/secret.txt",
        // A symlink out of the content folder (the loader skips it, and
        // the server refuses a copied file that resolves outside).
        "/images/escape.svg",
    ] {
        let r = s.get(target);
        assert!((400..500).contains(&r.status), "{target}: {}", r.status);
        assert!(!r.text().contains("TOP-SECRET"), "{target}");
    }
}

#[test]
fn edits_reload_break_shows_overlay_fix_removes_it() {
    let s = Served::start(fixture());
    let card = s.content().join("api/demo.md");
    let original = std::fs::read_to_string(&card).unwrap();
    let mut events = s.events();

    save(
        &card,
        &original.replace("Une API pour les tests.", "Une API modifiée."),
    );
    assert_eq!(events.change().0, "reload");
    // Asked for as soon as the reload is sent, `catalogue.json` (made after
    // the pages) is already the new one: the request waits for it.
    assert!(s
        .get("/catalogue.json")
        .text()
        .contains("Une API modifiée."));
    eventually("the edited tagline", || {
        s.get("/les-api/demo/").text().contains("Une API modifiée.")
    });

    // A half-typed card: front matter never closed.
    save(&card, "---\ntitle: API Démo\ntagline: [pas fermé\n");
    assert_eq!(events.change().0, "reload");
    eventually("the overlay", || {
        s.get("/").text().contains("vitrine-overlay")
    });
    for page in ["/", "/les-api/demo/", "/producteurs/", "/nulle-part/"] {
        let text = s.get(page).text();
        assert!(text.contains("id=\"vitrine-overlay\""), "{page}");
        assert!(text.contains("api/demo.md:"), "{page}: the file and line");
    }
    let kept = s.get("/les-api/demo/").text();
    assert!(
        kept.contains("Une API modifiée."),
        "the last good page stays served"
    );

    save(&card, &original);
    assert_eq!(events.change().0, "reload");
    eventually("the overlay to go", || {
        let text = s.get("/les-api/demo/").text();
        !text.contains("vitrine-overlay") && text.contains("Une API pour les tests.")
    });
}

#[test]
fn created_renamed_deleted_files_and_theme_changes_are_seen() {
    let s = Served::start(fixture());
    let api = s.content().join("api");
    let original = std::fs::read_to_string(api.join("demo.md")).unwrap();
    let mut events = s.events();

    let new_card = original.replace("API Démo", "API Nouvelle");
    std::fs::write(api.join("nouvelle.md"), &new_card).unwrap();
    events.change();
    eventually("the new card", || s.get("/les-api/nouvelle/").status == 200);

    std::fs::rename(api.join("nouvelle.md"), api.join("renommee.md")).unwrap();
    events.change();
    eventually("the renamed card", || {
        s.get("/les-api/renommee/").status == 200 && s.get("/les-api/nouvelle/").status == 404
    });

    std::fs::remove_file(api.join("renommee.md")).unwrap();
    events.change();
    eventually("the deleted card to go", || {
        s.get("/les-api/renommee/").status == 404
    });

    // A whole folder: a guide folder removed and put back.
    let guides = s.content().join("guides");
    let moved = s.root.path().join("guides-aside");
    std::fs::rename(&guides, &moved).unwrap();
    events.change();
    eventually("the guides to go", || {
        !s.get("/guides/").text().contains("href=\"/guides/guide/\"")
    });
    std::fs::rename(&moved, &guides).unwrap();
    events.change();

    // The theme: a stylesheet is swapped without a reload, a template
    // change reloads.
    let theme = s.root.path().join("themes/default");
    std::fs::create_dir_all(theme.join("static")).unwrap();
    // A fresh stream: the folder moves above may still be settling.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let mut events = s.events();
    std::fs::write(theme.join("static/editor.css"), "body { color: red }").unwrap();
    assert_eq!(events.change().0, "css");
    eventually("the new stylesheet", || {
        s.get("/static/editor.css").text() == "body { color: red }"
    });
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(
        theme.join("templates/404.html"),
        "<!doctype html><html lang=\"fr\"><body><p>thème modifié</p></body></html>",
    )
    .unwrap();
    assert_eq!(events.change().0, "reload");
    eventually("the theme change", || {
        s.get("/404.html").text().contains("thème modifié")
    });
}

#[test]
fn sandbox_answers_on_the_same_origin_and_the_demo_points_there() {
    let s = Served::start(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content")));
    let discovery = s.get("/connexion/oauth2/individu/.well-known/openid-configuration");
    assert_eq!(discovery.status, 200, "{}", discovery.text());
    let metadata: serde_json::Value = serde_json::from_slice(&discovery.body).unwrap();
    assert_eq!(
        metadata["issuer"].as_str().unwrap(),
        format!("{}/connexion/oauth2/individu", s.url)
    );
    let pages = crate::build_support::files(&s.content().join("api"));
    assert!(!pages.is_empty());
    let with_demo = [
        "/les-api/se-connecter-avec-pole-emploi/",
        "/les-api/proconnect/",
        "/les-api/api-particulier/",
    ]
    .iter()
    .map(|p| s.get(p).text())
    .find(|t| t.contains("data-sandbox") || t.contains("sandbox"))
    .expect("a card with the token demo");
    assert!(
        with_demo.contains(&s.url),
        "the demo names the serve origin"
    );
    assert!(!with_demo.contains("127.0.0.1:8787"));
}

#[test]
fn after_a_sequence_of_edits_the_site_equals_a_full_build() {
    let s = Served::start(fixture());
    let content = s.content();
    let mut events = s.events();
    // The sandbox is on the serve origin: a build of the same files says so
    // in site.yaml.
    let site_yaml = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    save(
        &content.join("site.yaml"),
        &format!("{site_yaml}\nsandbox_url: {}\n", s.url),
    );
    events.change();
    let card = content.join("api/demo.md");
    let original = std::fs::read_to_string(&card).unwrap();
    save(
        &card,
        &original.replace("Une API pour les tests.", "Première modification."),
    );
    events.change();
    save(&card, "---\ntitle: [cassé\n");
    events.change();
    std::fs::write(
        content.join("api/autre.md"),
        original.replace("API Démo", "API Autre"),
    )
    .unwrap();
    events.change();
    save(
        &card,
        &original.replace("Une API pour les tests.", "Dernière version."),
    );
    events.change();
    std::fs::remove_file(content.join("service/service.md")).unwrap();
    events.change();
    eventually("the last edit", || {
        let text = s.get("/les-api/demo/").text();
        text.contains("Dernière version.")
            && !text.contains("vitrine-overlay")
            && s.get("/les-api/autre/").status == 200
    });

    let out = s.root.path().join("public");
    let built = crate::build_support::build(&content, &out, &["--base-url", &s.url]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let files = crate::build_support::files(&out);
    let mut compared = 0;
    for (path, bytes) in &files {
        if path == ".vitrine-manifest" {
            continue;
        }
        let served = s.get(&format!("/{path}"));
        assert_eq!(served.status, 200, "{path}");
        let served = if path.ends_with(".html") {
            without_injection(&served.body)
        } else {
            served.body
        };
        assert!(served == *bytes, "{path} differs from the full build");
        compared += 1;
    }
    assert!(compared > 10, "only {compared} files compared");
    assert_eq!(s.get("/service/service/").status, 404);
}
