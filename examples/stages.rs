use std::time::Instant;
use vitrine::pipeline::{self, Options};
use vitrine::site::{self, pages::Shared, MemorySink};
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let options = Options::new(&dir, None);
    for _ in 0..3 {
        let t = Instant::now();
        let theme = pipeline::load_theme(&options).unwrap();
        let t_theme = t.elapsed();
        let t = Instant::now();
        let loaded = pipeline::load_content(&options);
        let t_load = t.elapsed();
        let t = Instant::now();
        let cat2 = loaded.catalogue.clone();
        let t_clone = t.elapsed();
        let t = Instant::now();
        let shared = Shared::new(&loaded.catalogue, &theme, "http://x");
        let t_shared = t.elapsed();
        let t = Instant::now();
        let json = site::feeds::catalogue_json(&shared);
        let t_json = t.elapsed();
        let t = Instant::now();
        let idx = site::search_index::build(&shared);
        let t_idx = t.elapsed();
        let t = Instant::now();
        let jobs = shared.jobs();
        let n = jobs.len();
        let t = Instant::now();
        let sink = MemorySink::default();
        let _r = pipeline::render(&options, &theme, loaded, &sink);
        let t_render = t.elapsed();
        eprintln!("theme {t_theme:?} load {t_load:?} clone-cat {t_clone:?} shared {t_shared:?} json {t_json:?} ({} B) index {t_idx:?} ({} files) jobs {n} render-all {t_render:?}", json.len(), idx.len());
        drop(cat2);
    }
}
