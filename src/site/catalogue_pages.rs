//! The catalogue's list pages: `/` and `/rechercher-api/` show the most
//! visited APIs (`visits_2019` descending, the real catalogue's order) and
//! `/rechercher-api/page/<n>/` the rest, so that the page does not grow with
//! the catalogue and readers without JavaScript can still reach every API.
//! The search box itself reads the index under `search/`.

use super::context::ThemeRef;
use super::pages::{draft, Draft, Shared};
use crate::content::Catalogue;
use crate::search::text::{fold, words};
use serde::Serialize;

/// Cards per page of the list.
pub const PAGE_SIZE: usize = 24;

/// API indexes, most visited first; equal figures keep catalogue order.
pub fn by_visits(catalogue: &Catalogue) -> Vec<usize> {
    let mut order: Vec<usize> = (0..catalogue.apis.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(catalogue.apis[i].visits_2019.unwrap_or(0)));
    order
}

/// Pages in the list (at least one, empty catalogue included).
pub fn page_count(apis: usize) -> usize {
    apis.div_ceil(PAGE_SIZE).max(1)
}

pub fn page_path(n: usize) -> String {
    if n <= 1 {
        "/rechercher-api/".to_string()
    } else {
        format!("/rechercher-api/page/{n}/")
    }
}

#[derive(Serialize)]
struct ProducerOption<'a> {
    slug: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    last: usize,
    previous: Option<String>,
    next: Option<String>,
    /// First, last, and the pages around the current one.
    links: Vec<PageLink>,
}

fn pagination(current: usize, last: usize) -> Pagination {
    let mut numbers: Vec<usize> = vec![1, last];
    numbers.extend(current.saturating_sub(2).max(1)..=(current + 2).min(last));
    numbers.sort_unstable();
    numbers.dedup();
    Pagination {
        current,
        last,
        previous: (current > 1).then(|| page_path(current - 1)),
        next: (current < last).then(|| page_path(current + 1)),
        links: numbers
            .into_iter()
            .map(|number| PageLink {
                number,
                url: page_path(number),
                current: number == current,
            })
            .collect(),
    }
}

/// The indexes of the APIs on page `n` of the list.
pub(super) fn on_page(by_visits: &[usize], n: usize) -> &[usize] {
    let start = (n.saturating_sub(1) * PAGE_SIZE).min(by_visits.len());
    let end = (start + PAGE_SIZE).min(by_visits.len());
    &by_visits[start..end]
}

/// Page `n` of the list, with the search form and its filters.
pub(super) fn listing(shared: &Shared<'_>, title: &str, n: usize) -> Draft {
    let total = shared.catalogue.apis.len();
    let last = page_count(total);
    let title = if n > 1 {
        format!("{title} (page {n} sur {last})")
    } else {
        title.to_string()
    };
    let mut d = draft("index.html", title, "apis");
    d.description = shared.site.description.clone();
    let start = (n.saturating_sub(1) * PAGE_SIZE).min(total);
    d.insert_cards(shared.cards_at(shared.listed(n)));
    d.ctx.insert("total", &total);
    d.ctx.insert("first_rank", &(start + 1));
    d.ctx.insert("pagination", &pagination(n, last));
    let themes: Vec<&ThemeRef> = shared.themes.values().map(|(t, _)| t).collect();
    d.ctx.insert("themes", &themes);
    let mut producers: Vec<ProducerOption<'_>> = shared
        .catalogue
        .producers
        .iter()
        .filter(|p| shared.apis_by_producer.contains_key(&p.slug))
        .map(|p| ProducerOption {
            slug: &p.slug,
            name: &p.name,
        })
        .collect();
    // French order: accents, case and apostrophes do not move a name.
    producers.sort_by_cached_key(|p| (sort_key(p.name), p.name));
    d.ctx.insert("producers", &producers);
    d
}

/// A name's words, folded, one space apart: `Ministère de l’Éducation`
/// sorts as `ministere de l education`, before `… de la Transition`.
fn sort_key(name: &str) -> String {
    words(name).map(fold).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn producer_names_sort_in_french_order() {
        let mut names = [
            "Ministère de la Transition",
            "Météo-France",
            "Ministère de l’Éducation",
            "Agence",
        ];
        names.sort_by_cached_key(|n| sort_key(n));
        assert_eq!(
            names,
            [
                "Agence",
                "Météo-France",
                "Ministère de l’Éducation",
                "Ministère de la Transition"
            ]
        );
    }

    #[test]
    fn pages_cover_every_api_and_at_least_one_page() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(PAGE_SIZE), 1);
        assert_eq!(page_count(PAGE_SIZE + 1), 2);
    }

    #[test]
    fn page_one_is_the_catalogue_itself() {
        assert_eq!(page_path(1), "/rechercher-api/");
        assert_eq!(page_path(3), "/rechercher-api/page/3/");
    }

    #[test]
    fn pagination_links_first_last_and_neighbours() {
        let p = pagination(7, 20);
        let numbers: Vec<usize> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 5, 6, 7, 8, 9, 20]);
        assert_eq!(p.previous.as_deref(), Some("/rechercher-api/page/6/"));
        assert_eq!(p.next.as_deref(), Some("/rechercher-api/page/8/"));
        assert!(pagination(1, 1).next.is_none());
    }
}
