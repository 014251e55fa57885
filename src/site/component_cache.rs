//! Rendered components, remembered for the whole build. Within one build a
//! component's HTML depends only on its name, attributes and inner HTML
//! (the theme, catalogue and site values do not change), plus, for question
//! trees and token demos, the page counters their ids are numbered from. So
//! the same `<QuestionTree …/>` or `<NextSteps/>` on 10,000 cards is rendered
//! once, and every other page reuses the HTML and replays what the first
//! rendering did to its page (counters advanced, problems found).
//!
//! Many components are unique to their card (an `<External>` to the
//! card's own documentation): a component is remembered only from its
//! second sighting on, so those cost a hash in a set instead of a copy of
//! their key and rendering kept to the end of the build.

use crate::diagnostics::Diagnostic;
use crate::markdown::{Component, ComponentHtml};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

/// Page counters a component's ids are numbered from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Counters {
    pub demos: u32,
    pub trees: u32,
}

/// One rendering and its effects on the page it was rendered for.
#[derive(Debug)]
pub struct RenderedComponent {
    pub result: Result<Arc<ComponentHtml>, String>,
    /// Counters after rendering minus counters before.
    pub added: Counters,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, PartialEq, Eq)]
struct Key {
    name: String,
    attrs: Vec<(String, Option<String>)>,
    inner_html: Option<String>,
    start: Counters,
}

impl Key {
    fn matches(&self, component: &Component<'_>, start: Counters) -> bool {
        self.start == start
            && self.name == component.name
            && self.attrs.as_slice() == component.attrs
            && self.inner_html.as_deref() == component.inner_html
    }
}

/// The maps are keyed by `hash_of`'s hash already: no second hashing.
type ByHash<V> = HashMap<u64, V, std::hash::BuildHasherDefault<IdentityHasher>>;

#[derive(Debug, Default)]
struct Shard {
    /// Renderings seen at least twice, by hash (collisions share a bucket).
    remembered: ByHash<Vec<(Key, Arc<RenderedComponent>)>>,
    /// Hashes of components seen once so far.
    seen_once: HashSet<u64, std::hash::BuildHasherDefault<IdentityHasher>>,
}

const SHARDS: usize = 16;

/// Shared by every page job of one build (rendering is parallel, so the
/// map is split into locked shards to keep threads from waiting on each
/// other).
#[derive(Debug)]
pub struct ComponentCache {
    shards: Vec<Mutex<Shard>>,
}

impl Default for ComponentCache {
    fn default() -> Self {
        ComponentCache {
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
        }
    }
}

impl ComponentCache {
    /// The remembered rendering of `component` started at `start`, or
    /// renders it with `render` (and remembers it from its second sighting
    /// on). Two threads may both render the same component; they produce
    /// the same result, and the first one stored is kept.
    pub fn get_or_render(
        &self,
        component: &Component<'_>,
        start: Counters,
        render: impl FnOnce() -> RenderedComponent,
    ) -> Arc<RenderedComponent> {
        let hash = hash_of(component, start);
        let shard = &self.shards[(hash as usize) % SHARDS];
        let first_sighting = {
            let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(found) = lookup(&map, hash, component, start) {
                return found;
            }
            map.seen_once.insert(hash)
        };
        let rendered = Arc::new(render());
        if first_sighting {
            return rendered;
        }
        let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = map.remembered.entry(hash).or_default();
        if let Some((_, existing)) = bucket.iter().find(|(k, _)| k.matches(component, start)) {
            return existing.clone();
        }
        bucket.push((
            Key {
                name: component.name.to_string(),
                attrs: component.attrs.to_vec(),
                inner_html: component.inner_html.map(str::to_string),
                start,
            },
            rendered.clone(),
        ));
        rendered
    }

    /// How many distinct renderings are remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| {
                s.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remembered
                    .values()
                    .map(Vec::len)
                    .sum::<usize>()
            })
            .sum()
    }
}

fn lookup(
    shard: &Shard,
    hash: u64,
    component: &Component<'_>,
    start: Counters,
) -> Option<Arc<RenderedComponent>> {
    shard
        .remembered
        .get(&hash)?
        .iter()
        .find(|(k, _)| k.matches(component, start))
        .map(|(_, r)| r.clone())
}

fn hash_of(component: &Component<'_>, start: Counters) -> u64 {
    // Fixed seeds: the same hash in every run (buckets only group keys,
    // `Key::matches` decides).
    let mut h = foldhash::fast::FixedState::default().build_hasher();
    component.name.hash(&mut h);
    component.attrs.hash(&mut h);
    component.inner_html.hash(&mut h);
    start.hash(&mut h);
    h.finish()
}

/// Passes `hash_of`'s `u64` through as the map's hash.
#[derive(Debug, Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; fold anything else in anyway.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn component<'a>(
        name: &'a str,
        attrs: &'a [(String, Option<String>)],
        inner: Option<&'a str>,
    ) -> Component<'a> {
        Component {
            name,
            attrs,
            inner_html: inner,
        }
    }

    fn rendered(html: &str) -> RenderedComponent {
        RenderedComponent {
            result: Ok(Arc::new(ComponentHtml::new(html.to_string()))),
            added: Counters::default(),
            diagnostics: Vec::new(),
        }
    }

    fn html_of(r: &RenderedComponent) -> Result<&str, &str> {
        match &r.result {
            Ok(shared) => Ok(shared.html.as_str()),
            Err(message) => Err(message.as_str()),
        }
    }

    #[test]
    fn the_same_component_is_rendered_once() {
        let cache = ComponentCache::default();
        let calls = Cell::new(0);
        let attrs = vec![("href".to_string(), Some("/a".to_string()))];
        for _ in 0..5 {
            let r = cache.get_or_render(
                &component("Button", &attrs, Some("Go")),
                Counters::default(),
                || {
                    calls.set(calls.get() + 1);
                    rendered("<a>Go</a>")
                },
            );
            assert_eq!(html_of(&r), Ok("<a>Go</a>"));
        }
        // Rendered at its first and second sightings, remembered from the
        // second on.
        assert_eq!(calls.get(), 2);
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn a_component_seen_once_is_not_remembered() {
        let cache = ComponentCache::default();
        let attrs = vec![("href".to_string(), Some("/only-here".to_string()))];
        let r = cache.get_or_render(
            &component("External", &attrs, Some("Doc")),
            Counters::default(),
            || rendered("<a>Doc</a>"),
        );
        assert_eq!(html_of(&r), Ok("<a>Doc</a>"));
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn attributes_inner_html_and_counters_are_part_of_the_key() {
        let cache = ComponentCache::default();
        let a = vec![("href".to_string(), Some("/a".to_string()))];
        let b = vec![("href".to_string(), Some("/b".to_string()))];
        let bare = vec![("href".to_string(), None)];
        let start = Counters::default();
        let later = Counters { demos: 0, trees: 1 };
        let cases = [
            (component("Button", &a, Some("Go")), start, "1"),
            (component("Button", &b, Some("Go")), start, "2"),
            (component("Button", &bare, Some("Go")), start, "3"),
            (component("Button", &a, Some("Stop")), start, "4"),
            (component("Button", &a, None), start, "5"),
            (component("External", &a, Some("Go")), start, "6"),
            (component("Button", &a, Some("Go")), later, "7"),
        ];
        // Twice each: remembered from the second sighting.
        for _ in 0..2 {
            for (c, counters, html) in &cases {
                let r = cache.get_or_render(c, *counters, || rendered(html));
                assert_eq!(html_of(&r), Ok(*html));
            }
        }
        assert_eq!(cache.len(), cases.len());
        for (c, counters, html) in &cases {
            let r = cache.get_or_render(c, *counters, || rendered("again"));
            assert_eq!(html_of(&r), Ok(*html), "hit for {c:?}");
        }
    }
}
