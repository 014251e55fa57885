//! `/les-api/<slug>/demande-acces/`: for a card with `access_page`, who is
//! eligible, the question tree its descriptions hold, then the way to the
//! access request. The card's "request access" button leads here first.

use super::api_page::audiences;
use super::components::PageComponents;
use super::pages::{draft, Draft, Shared};
use super::urls;
use serde::Serialize;

#[derive(Serialize)]
struct RequestView {
    href: String,
    label: &'static str,
}

pub(super) fn access(shared: &Shared<'_>, components: &PageComponents<'_>, index: usize) -> Draft {
    let api = &shared.catalogue.apis[index];
    let mut d = draft(
        "access.html",
        format!("Demande d’accès à {}", api.title),
        "apis",
    );
    d.description = Some(api.tagline.clone());
    d.noindex = api.noindex;
    d.origin = Some(api.origin.clone());
    let request = [
        (&api.links.datapass, "Faire une demande d’habilitation"),
        (&api.links.account, "Créer un compte"),
        (&api.links.contact, "Contacter le producteur"),
    ]
    .into_iter()
    .find_map(|(link, label)| {
        link.as_deref()
            .filter(|l| !l.trim().is_empty())
            .map(|l| RequestView {
                href: urls::contact_href(l.trim()),
                label,
            })
    });
    d.ctx.insert("card", &shared.cards[index]);
    d.ctx.insert("audiences", &audiences(components, api));
    d.ctx.insert("request", &request);
    d.ctx.insert("api_url", &urls::api(&api.slug));
    d
}
