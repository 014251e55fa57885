//! Catalogue search: French text processing (`text`) and the split,
//! deterministic index the catalogue page's script reads (`index`).
//! Pure: documents in, files out. `site::search_index` turns a catalogue
//! into documents; `themes/default/static/js/search/` is the query side.

pub mod index;
mod shards;
pub mod text;
