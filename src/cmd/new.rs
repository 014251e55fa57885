//! `vitrine new api|producer|guide|service <slug>`: a new content file with
//! every field of its kind present (unset ones as `~`) and a short French
//! comment on each, as a content team's template would. Never overwrites.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Api,
    Producer,
    Guide,
    Service,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: Kind,
    /// The file name without `.md` (lowercase, digits and dashes): it is
    /// the page's URL.
    pub slug: String,
    /// The content folder.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
}

impl Kind {
    /// The folder of the content tree that holds this kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Api => "api",
            Kind::Producer => "producteurs",
            Kind::Guide => "guides",
            Kind::Service => "service",
        }
    }

    /// The template, with `{slug}` replaced.
    pub fn template(self, slug: &str) -> String {
        let text = match self {
            Kind::Api => API,
            Kind::Producer => PRODUCER,
            Kind::Guide => GUIDE,
            Kind::Service => SERVICE,
        };
        text.replace("{slug}", slug)
    }
}

pub fn run(args: NewArgs) -> ExitCode {
    if !valid_slug(&args.slug) {
        return super::usage_error(&format!(
            "`{}` is not a valid slug: use lowercase letters, digits and dashes (e.g. api-impot-particulier)",
            args.slug
        ));
    }
    if !args.content.is_dir() {
        return super::usage_error(&format!(
            "content folder {} not found (use --content DIR)",
            args.content.display()
        ));
    }
    let folder = args.content.join(args.kind.folder());
    let path = folder.join(format!("{}.md", args.slug));
    if let Err(e) = std::fs::create_dir_all(&folder) {
        return super::usage_error(&format!("cannot create {}: {e}", folder.display()));
    }
    // `create_new` refuses an existing file atomically: nothing is overwritten.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return super::usage_error(&format!(
                "{} already exists: choose another slug or edit that file",
                path.display()
            ))
        }
        Err(e) => return super::usage_error(&format!("cannot create {}: {e}", path.display())),
    };
    if let Err(e) = file.write_all(args.kind.template(&args.slug).as_bytes()) {
        return super::usage_error(&format!("cannot write {}: {e}", path.display()));
    }
    println!("created {}", path.display());
    ExitCode::SUCCESS
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

const API: &str = r#"---
# Fiche API « {slug} ». Les champs laissés à ~ sont ignorés : remplissez ceux qui servent.
title: Nom de l'API # obligatoire : le nom affiché partout
tagline: Ce que permet l'API, en une phrase. # obligatoire : résumé des cartes et de la recherche
producer: dinum # obligatoire : identifiant d'un fichier de producteurs/ (sans .md)
owner: ~ # ancien champ : nom du producteur en toutes lettres (préférez producer)
partners: [] # autres producteurs (identifiants ou noms)
logo: ~ # logo propre à l'API, fichier du dossier images/api-logo/ (sinon celui du producteur)
themes: [] # thématiques du catalogue, ex. [Emploi, Entreprise]
keywords: [] # mots-clés pour la recherche
is_open: 0 # -1 accès restreint (habilitation), 0 compte nécessaire, 1 ouverte à tous
is_france_connected: 0 # FranceConnect : -1, 0, 1 ou 2
access_page: [] # éligibilité par public : [{who: [...], is_eligible: -1/0/1, description: ...}]
content_intro: ~ # texte Markdown au-dessus du corps de la page
contact_link: ~ # adresse ou e-mail de contact
external_site: ~ # site de l'API
doc_tech_link: ~ # documentation technique (lien)
doc_tech_external: ~ # documentation technique hébergée ailleurs
datapass_link: ~ # formulaire de demande d'habilitation
account_link: ~ # création de compte
monitoring_link: ~ # page de disponibilité
rate_limiting_resume: ~ # limites d'appel, en une ligne
rate_limiting_description: ~ # limites d'appel, en détail (Markdown)
rate_limiting_link: ~ # lien vers les limites d'appel
monitoring_description: ~ # disponibilité, en détail (Markdown)
stats_detail_resume: ~ # statistiques, en une ligne
stats_detail_description: ~ # statistiques, en détail (Markdown)
stats_detail_link: ~ # lien vers les statistiques
stat: ~ # chiffre clé : {lastXdays: 30, url: ..., label: ...}
uptime: ~ # disponibilité en pourcentage, ex. 99.9
visits_2019: ~ # nombre de visites en 2019
last_update: ~ # date de mise à jour, JJ/MM/AAAA
datagouv_uuid: [] # jeux de données data.gouv.fr liés
hide_pre_footer: false # masquer le bloc avant le pied de page
noindex: false # exclure la page des moteurs de recherche et du plan du site
oauth: ~ # démonstration d'échange de jeton (voir docs/content-format.md)
useSwaggerProxy: false # sur api.gouv.fr : documentation lue via un proxy (sans effet ici)
category: ~ # ancien champ : catégorie
contract: ~ # ancien champ : type de contrat d'accès
contact: ~ # ancien champ : contact (préférez contact_link)
doc_tech: ~ # ancien champ : documentation technique (préférez doc_tech_link)
access_link: ~ # ancien champ : lien d'accès (préférez datapass_link)
clients: ~ # ancien champ : utilisateurs de l'API
---

Présentez l'API ici, en Markdown.
"#;

const PRODUCER: &str = r#"---
# Producteur « {slug} » : les fiches API le citent par `producer: {slug}`.
name: Nom du producteur # obligatoire : nom complet
acronym: ~ # sigle, ex. DINUM
nameWithPronoun: ~ # nom précédé de l'article, ex. « la DINUM »
logo: ~ # fichier du dossier images/api-logo/, ex. {slug}.svg
type: ~ # type d'organisme, ex. Administration centrale
site: ~ # site officiel
short: ~ # présentation en une phrase
description: ~ # présentation détaillée (Markdown)
data: ~ # données détenues (tableau Markdown)
contact: ~ # adresse ou e-mail de contact
annuaire: ~ # fiche sur l'annuaire du service public
siteOpenData: ~ # portail de données ouvertes
siteAPI: ~ # portail des API
---

Présentez le producteur ici, en Markdown.
"#;

const GUIDE: &str = r#"---
# Guide « {slug} ».
title: Titre du guide # obligatoire : titre affiché
tagline: ~ # résumé en une phrase
tags: ~ # étiquettes séparées par des virgules, ex. "Authentification, OAuth"
image: ~ # illustration du dossier images/guides/ (vignette : thumbnail_<fichier>)
noindex: false # exclure la page des moteurs de recherche et du plan du site
publish: true # false : le guide n'est pas publié
api: [] # titres des fiches API concernées (exactement comme dans leur title)
related_guides: [] # identifiants d'autres guides
oauth: ~ # démonstration d'échange de jeton (voir docs/content-format.md)
---

Rédigez le guide ici, en Markdown.
"#;

const SERVICE: &str = r#"---
# Service « {slug} » construit sur des API du catalogue.
title: Nom du service # obligatoire : nom affiché
link: ~ # adresse du service
description: ~ # présentation (Markdown)
screenshot: ~ # capture d'écran du dossier images/service-screenshot/
api: [] # titres des fiches API utilisées (exactement comme dans leur title)
noindex: false # exclure la page des moteurs de recherche et du plan du site
---

Décrivez le service ici, en Markdown.
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::loader::{parse_file, Kind as ContentKind};
    use crate::content::SourceFile;
    use crate::diagnostics::Severity;
    use std::sync::Arc;

    fn keys(template: &str) -> Vec<String> {
        template
            .lines()
            .skip(1)
            .take_while(|l| *l != "---")
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(':').map(|(k, _)| k.to_string()))
            .collect()
    }

    fn loads_cleanly(kind: Kind, content_kind: ContentKind) {
        let text = kind.template("exemple");
        let src = SourceFile {
            path: Arc::new(format!("content/{}/exemple.md", kind.folder()).into()),
            relative: format!("{}/exemple.md", kind.folder()).into(),
            text,
            report: crate::text::read_text(b"").1,
        };
        let result = parse_file(&src, content_kind);
        let problems: Vec<_> = result
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Note)
            .collect();
        assert!(problems.is_empty(), "{kind:?}: {problems:#?}");
        assert!(result.item.is_some());
    }

    #[test]
    fn every_template_loads_without_a_warning() {
        loads_cleanly(Kind::Api, ContentKind::Api);
        loads_cleanly(Kind::Producer, ContentKind::Producer);
        loads_cleanly(Kind::Guide, ContentKind::Guide);
        loads_cleanly(Kind::Service, ContentKind::Service);
    }

    #[test]
    fn every_template_has_every_field_of_its_kind_commented() {
        for kind in [Kind::Api, Kind::Producer, Kind::Guide, Kind::Service] {
            let text = kind.template("x");
            let found = keys(&text);
            let known = crate::content::known_keys::of(match kind {
                Kind::Api => ContentKind::Api,
                Kind::Producer => ContentKind::Producer,
                Kind::Guide => ContentKind::Guide,
                Kind::Service => ContentKind::Service,
            });
            assert_eq!(found, known.to_vec(), "{kind:?}");
            for line in text.lines().skip(1).take_while(|l| *l != "---") {
                assert!(
                    line.contains(" # ") || line.starts_with('#'),
                    "no comment: {line}"
                );
            }
        }
    }

    #[test]
    fn slugs_are_url_segments() {
        assert!(valid_slug("api-particulier-2"));
        for bad in ["", "-x", "A", "a b", "../x", "a/b", "é"] {
            assert!(!valid_slug(bad), "{bad}");
        }
    }
}
