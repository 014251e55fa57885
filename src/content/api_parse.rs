//! Front matter → `Api`. Both field sets land on one model: the older one
//! (seed 000: `owner`, `contact`, `doc_tech`, `access_link`, `contract`,
//! `clients`) fills the current fields when those are absent.

use super::api::KNOWN_KEYS;
use super::fields::{Map, Reader};
use super::link_field::link;
use super::oauth_block;
use super::{Access, AccessAudience, Api, ApiLinks, Eligibility, Markdown, Origin, Stat};
use crate::diagnostics::Diagnostic;
use crate::yaml::{path, Mapping, Seg};

pub(crate) fn parse(
    r: &mut Reader,
    map: &Mapping,
    slug: &str,
    origin: Origin,
    body: Markdown,
) -> Api {
    let root: &[Seg] = &[];
    let m = Map::new(map, root);
    r.check_keys(m, KNOWN_KEYS);
    let title = r.required_string(m, "title", "the API's name");
    let tagline = r.required_string(m, "tagline", "a one-sentence summary");
    let producer = r.string(m, "producer");
    let owner = r.string(m, "owner");
    if producer.is_none() && owner.is_none() && !m.has("producer") {
        // Older cards name their producer with `owner`; current ones must
        // give a slug.
        r.required_string(m, "producer", "the slug of a file in producteurs/");
    }
    let links = ApiLinks {
        contact: link(r, m, "contact_link").or_else(|| link(r, m, "contact")),
        external_site: link(r, m, "external_site"),
        doc_tech: link(r, m, "doc_tech_link").or_else(|| link(r, m, "doc_tech")),
        doc_tech_line: match m.has("doc_tech_link") {
            true => r.value_pos(m, "doc_tech_link").0,
            false => r.value_pos(m, "doc_tech").0,
        },
        doc_tech_external: link(r, m, "doc_tech_external"),
        datapass: link(r, m, "datapass_link").or_else(|| link(r, m, "access_link")),
        account: link(r, m, "account_link"),
        monitoring: link(r, m, "monitoring_link"),
    };
    let access = access(r, m);
    let france_connected = r
        .choice(m, "is_france_connected", &[-1, 0, 1, 2])
        .unwrap_or(0) as i8;
    let mut access_page = access_page(r, m);
    if access_page.is_empty() {
        // Older cards list who may use the API as `clients`.
        let who = r.string_list(m, "clients", false);
        if !who.is_empty() {
            access_page.push(AccessAudience {
                who,
                eligibility: Eligibility::Eligible,
                description: None,
            });
        }
    }
    let last_update = last_update(r, m);
    let oauth = r
        .mapping(m, "oauth")
        .and_then(|o| oauth_block::parse(r, o, &path(root, Seg::Key("oauth".into()))));
    Api {
        slug: slug.to_string(),
        origin,
        title,
        tagline,
        producer,
        owner,
        partners: r.string_list(m, "partners", false),
        logo: link(r, m, "logo"),
        themes: r.string_list(m, "themes", false),
        keywords: r.string_list(m, "keywords", false),
        access,
        france_connected,
        access_page,
        content_intro: r.markdown(m, "content_intro"),
        links,
        rate_limiting_resume: r.string(m, "rate_limiting_resume"),
        rate_limiting_description: r.markdown(m, "rate_limiting_description"),
        rate_limiting_link: link(r, m, "rate_limiting_link"),
        monitoring_description: r.markdown(m, "monitoring_description"),
        stats_detail_resume: r.string(m, "stats_detail_resume"),
        stats_detail_description: r.markdown(m, "stats_detail_description"),
        stats_detail_link: link(r, m, "stats_detail_link"),
        stat: stat(r, m),
        uptime: r.number(m, "uptime"),
        visits_2019: r.unsigned(m, "visits_2019"),
        last_update,
        datagouv_uuid: r.string_list(m, "datagouv_uuid", false),
        hide_pre_footer: r.bool(m, "hide_pre_footer").unwrap_or(false),
        noindex: r.bool(m, "noindex").unwrap_or(false),
        category: r.string(m, "category"),
        oauth,
        body,
    }
}

/// `is_open` when present; else the older `contract` ("OUVERT" is open,
/// "OUVERT sous contrat" needs an authorisation). With neither, restricted:
/// claiming less access than there is is the safer mistake.
fn access(r: &mut Reader, m: Map) -> Access {
    if m.has("is_open") {
        return match r.choice(m, "is_open", &[-1, 0, 1]) {
            Some(1) => Access::Open,
            Some(0) => Access::Account,
            _ => Access::Restricted,
        };
    }
    match r.string(m, "contract") {
        Some(c) if c.trim().eq_ignore_ascii_case("ouvert") => Access::Open,
        _ => Access::Restricted,
    }
}

fn access_page(r: &mut Reader, m: Map) -> Vec<AccessAudience> {
    let Some(items) = r.sequence(m, "access_page") else {
        return Vec::new();
    };
    let list_path = path(m.path, Seg::Key("access_page".into()));
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = path(&list_path, Seg::Index(i));
        let Some(map) = item.as_mapping() else {
            let pos = r.pos_of(&item_path, true);
            r.error_at(
                pos,
                format!(
                    "`access_page` item {}: expected `who`, `is_eligible` and `description`, found {}",
                    i + 1,
                    crate::yaml::describe(item)
                ),
            );
            continue;
        };
        let im = Map::new(map, &item_path);
        r.check_keys(im, &["who", "is_eligible", "description"]);
        let eligibility = match r.choice(im, "is_eligible", &[-1, 0, 1]) {
            Some(1) => Eligibility::Eligible,
            Some(-1) => Eligibility::NotEligible,
            _ => Eligibility::Maybe,
        };
        out.push(AccessAudience {
            who: r.string_list(im, "who", false),
            eligibility,
            description: r.markdown(im, "description"),
        });
    }
    out
}

fn stat(r: &mut Reader, m: Map) -> Option<Stat> {
    let map = r.mapping(m, "stat")?;
    let stat_path = path(m.path, Seg::Key("stat".into()));
    let sm = Map::new(map, &stat_path);
    r.check_keys(sm, &["lastXdays", "url", "label"]);
    Some(Stat {
        last_x_days: r
            .unsigned(sm, "lastXdays")
            .map(|n| n.min(u32::MAX as u64) as u32),
        url: link(r, sm, "url"),
        label: r.string(sm, "label"),
    })
}

/// `last_update`: a date `DD/MM/YYYY`. Trailing text (`10/10/2023 /TODO`)
/// is a warning and the leading date is used, as on the real site; a value
/// with no leading date is a warning and left out.
fn last_update(r: &mut Reader, m: Map) -> Option<String> {
    let written = r.string(m, "last_update")?;
    let trimmed = written.trim();
    let leading = trimmed.get(..10).filter(|d| is_french_date(d));
    let pos = r.value_pos(m, "last_update");
    match leading {
        Some(date) if date.len() == trimmed.len() => return Some(date.to_string()),
        Some(date) => r.diagnostics.push(
            Diagnostic::warning(
                r.file.as_path(),
                pos.0,
                format!("`last_update`: text after the date {date:?} is ignored"),
            )
            .at_column(pos.1)
            .with_help(format!("write the date alone: `last_update: {date}`")),
        ),
        None => r.diagnostics.push(
            Diagnostic::warning(
                r.file.as_path(),
                pos.0,
                format!(
                    "`last_update`: expected a date DD/MM/YYYY, found {written:?}; it is not shown"
                ),
            )
            .at_column(pos.1)
            .with_help("write the date as DD/MM/YYYY, e.g. `last_update: 31/03/2021`"),
        ),
    }
    leading.map(str::to_string)
}

/// `DD/MM/YYYY` with a plausible day and month.
fn is_french_date(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split('/').collect();
    let [d, mo, y] = parts.as_slice() else {
        return false;
    };
    let num = |t: &str, len: usize| {
        (t.len() == len && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    matches!(
        (num(d, 2), num(mo, 2), num(y, 4)),
        (Some(1..=31), Some(1..=12), Some(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{parse_sources, Loaded, SourceFile};
    use std::path::PathBuf;
    use std::sync::Arc;

    fn load_card(text: &str) -> Loaded {
        let (text, report) = crate::text::read_text(text.as_bytes());
        let src = SourceFile {
            path: Arc::new(PathBuf::from("content/api/x.md")),
            relative: PathBuf::from("api/x.md"),
            text,
            report,
        };
        parse_sources(vec![src], Vec::new())
    }

    #[test]
    fn a_current_card_without_producer_is_an_error() {
        let loaded = load_card("---\ntitle: T\ntagline: t\n---\nBody\n");
        let messages: Vec<&str> = loaded
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            ["missing required key `producer` (the slug of a file in producteurs/)"]
        );
    }

    #[test]
    fn older_cards_map_contract_and_clients() {
        let loaded = load_card(
            "---\ntitle: T\ntagline: t\nowner: Nobody\ncontract: OUVERT\nclients:\n  - particuliers\n---\nBody\n",
        );
        let api = &loaded.catalogue.apis[0];
        assert_eq!(api.access, Access::Open);
        assert_eq!(api.access_page[0].who, ["particuliers"]);
        assert_eq!(api.access_page[0].eligibility, Eligibility::Eligible);
        // An owner that matches no producer is kept as written, with a warning.
        assert_eq!(api.producer, None);
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(loaded.diagnostics[0].line, 4);
    }

    #[test]
    fn wrong_types_are_reported_field_by_field() {
        let loaded = load_card(
            "---\ntitle: T\ntagline: t\nproducer: p\nuptime: beaucoup\nnoindex: 1\nlast_update: 2021-03-31\nstat: 3\n---\n",
        );
        let got: Vec<(u32, u32, &str)> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (4, 11, "unknown producer `p`: there is no producteurs/p.md"),
                (
                    5,
                    9,
                    "`uptime`: expected a number, found the string \"beaucoup\""
                ),
                (
                    6,
                    10,
                    "`noindex`: expected true or false, found the number 1"
                ),
                (
                    8,
                    7,
                    "`stat`: expected `key: value` lines, found the number 3"
                ),
            ]
        );
    }

    #[test]
    fn last_update_with_trailing_text_keeps_the_leading_date_with_a_warning() {
        let loaded = load_card(
            "---\ntitle: T\ntagline: t\nowner: Nobody\nlast_update: 10/10/2023 /TODO\n---\nBody\n",
        );
        assert_eq!(
            loaded.catalogue.apis[0].last_update.as_deref(),
            Some("10/10/2023")
        );
        let got: Vec<(crate::diagnostics::Severity, u32, &str)> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("last_update"))
            .map(|d| (d.severity, d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [(
                crate::diagnostics::Severity::Warning,
                5,
                "`last_update`: text after the date \"10/10/2023\" is ignored"
            )]
        );
    }

    #[test]
    fn a_card_with_content_intro_and_no_body_gets_no_note() {
        let loaded = load_card(
            "---\ntitle: T\ntagline: t\nowner: Nobody\ncontent_intro: Une API.\nuseSwaggerProxy: true\n---\n",
        );
        let messages: Vec<&str> = loaded
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            ["`owner` \"Nobody\" matches no producer's name or acronym"]
        );
    }

    #[test]
    fn french_dates() {
        assert!(is_french_date("31/03/2021"));
        assert!(!is_french_date("2021-03-31"));
        assert!(!is_french_date("32/01/2021"));
        assert!(!is_french_date("1/1/2021"));
    }
}
