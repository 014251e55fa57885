//! The four France Travail realms, their real endpoints and the flow each uses.

/// A realm (`royaume`), as passed in `?realm=%2Findividu`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Realm {
    /// Applications, client credentials.
    Partenaire,
    /// Job seekers, authorization code (+PKCE for public apps).
    Individu,
    /// Employers (older docs: `/employeur`).
    Entreprise,
    /// France Travail agents via ProConnect.
    Agent,
}

impl Realm {
    pub const ALL: [Realm; 4] = [
        Realm::Partenaire,
        Realm::Individu,
        Realm::Entreprise,
        Realm::Agent,
    ];

    /// Parses `/individu`, `individu`, and the alias `/employeur`.
    pub fn parse(value: &str) -> Option<Realm> {
        match value.trim_start_matches('/') {
            "partenaire" => Some(Realm::Partenaire),
            "individu" => Some(Realm::Individu),
            "entreprise" | "employeur" => Some(Realm::Entreprise),
            "agent" => Some(Realm::Agent),
            _ => None,
        }
    }

    /// The canonical value, with its leading slash.
    pub fn as_str(self) -> &'static str {
        match self {
            Realm::Partenaire => "/partenaire",
            Realm::Individu => "/individu",
            Realm::Entreprise => "/entreprise",
            Realm::Agent => "/agent",
        }
    }

    /// Whether a user signs in (authorization code) rather than an application.
    pub fn has_users(self) -> bool {
        self != Realm::Partenaire
    }

    /// The real service's authorize endpoint (None for `/partenaire`).
    pub fn real_authorize_url(self) -> Option<&'static str> {
        match self {
            Realm::Partenaire => None,
            Realm::Individu => Some(
                "https://authentification-candidat.francetravail.fr/connexion/oauth2/authorize",
            ),
            Realm::Entreprise => {
                Some("https://entreprise.francetravail.fr/connexion/oauth2/authorize")
            }
            Realm::Agent => {
                Some("https://proxyproconnect.francetravail.net/connexion/oauth2/agent/authorize")
            }
        }
    }

    /// The real service's token endpoint (the seed spells the agent path `acces_token`).
    pub fn real_token_url(self) -> &'static str {
        match self {
            Realm::Partenaire => "https://francetravail.io/connexion/oauth2/access_token",
            Realm::Individu => {
                "https://authentification-candidat.francetravail.fr/connexion/oauth2/access_token"
            }
            Realm::Entreprise => {
                "https://entreprise.francetravail.fr/connexion/oauth2/access_token"
            }
            Realm::Agent => {
                "https://proxyproconnect.francetravail.net/connexion/oauth2/acces_token"
            }
        }
    }

    /// Authorize path on the sandbox (same as the real service's).
    pub fn authorize_path(self) -> &'static str {
        match self {
            Realm::Agent => "/connexion/oauth2/agent/authorize",
            _ => "/connexion/oauth2/authorize",
        }
    }

    /// Token path on the sandbox (same as the real service's).
    pub fn token_path(self) -> &'static str {
        match self {
            Realm::Agent => "/connexion/oauth2/agent/access_token",
            _ => "/connexion/oauth2/access_token",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employeur_is_an_alias_of_entreprise() {
        assert_eq!(Realm::parse("/employeur"), Some(Realm::Entreprise));
        assert_eq!(Realm::parse("/entreprise"), Some(Realm::Entreprise));
        assert_eq!(Realm::parse("/nope"), None);
    }

    #[test]
    fn only_partenaire_has_no_users() {
        let with_users: Vec<_> = Realm::ALL.iter().filter(|r| r.has_users()).collect();
        assert_eq!(
            with_users,
            vec![&Realm::Individu, &Realm::Entreprise, &Realm::Agent]
        );
    }
}
