//! The sign-in page: plain HTML in French, usable without JavaScript, with
//! the keyboard and with a screen reader. One button per test user of the
//! realm, one to refuse; every value from the request is escaped.

use super::authorize::AuthRequest;
use super::http::Reply;
use super::state::Sandbox;
use crate::oauth::Realm;
use crate::text::html::escape_html as escape;

const STYLE: &str = "body{font-family:Marianne,Arial,sans-serif;margin:0;color:#161616;background:#f6f6f6}\
main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border-top:4px solid #000091}\
h1{font-size:1.5rem;color:#000091}code{background:#eee;padding:0 .2rem;word-break:break-all}\
fieldset{border:1px solid #ddd;padding:1rem}legend{font-weight:bold}\
button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font-size:1rem;text-align:left;cursor:pointer;\
background:#000091;color:#fff;border:0}button.secondary{background:#fff;color:#000091;border:1px solid #000091}\
button:focus{outline:3px solid #0a76f6;outline-offset:2px}.note{font-size:.9rem;color:#3a3a3a}";

fn population(realm: Realm) -> &'static str {
    match realm {
        Realm::Partenaire => "applications partenaires",
        Realm::Individu => "demandeurs d’emploi et candidats",
        Realm::Entreprise => "entreprises et recruteurs",
        Realm::Agent => "agents du réseau France Travail (via ProConnect)",
    }
}

fn page(title: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{main}</main>\n</body>\n</html>\n"
    )
}

/// The page listing the realm's test users, each a submit button.
pub fn render(
    sandbox: &Sandbox,
    auth: &AuthRequest,
    action: &str,
    fields: &[(String, String)],
) -> Reply {
    let realm = auth.realm;
    let mut hidden = String::new();
    for (name, value) in fields {
        hidden.push_str(&format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
            escape(name),
            escape(value)
        ));
    }
    let users = sandbox.config.users(realm);
    let mut buttons = String::new();
    for user in users {
        buttons.push_str(&format!(
            "<button type=\"submit\" name=\"user\" value=\"{}\">Se connecter en tant que {}</button>\n",
            escape(&user.id),
            escape(&user.label)
        ));
    }
    if users.is_empty() {
        buttons.push_str("<p>Aucun utilisateur de test n’est configuré pour ce royaume.</p>\n");
    }
    let scopes: String = auth
        .scope
        .split(' ')
        .map(|s| format!("<li><code>{}</code></li>", escape(s)))
        .collect();
    let main = format!(
        "<h1>Connexion de test : royaume <code>{realm}</code></h1>\n\
         <p>L’application <strong>{client}</strong> demande à identifier un utilisateur du royaume \
         <code>{realm}</code> ({population}).</p>\n\
         <p class=\"note\">Ceci est le bac à sable de vitrine : aucun mot de passe n’est demandé, \
         choisissez un utilisateur de test. Les jetons délivrés ne valent que pour ce bac à sable.</p>\n\
         <h2>Autorisations demandées</h2>\n<ul>{scopes}</ul>\n\
         <form method=\"post\" action=\"{action}\">\n{hidden}\
         <fieldset>\n<legend>Choisir un utilisateur de test</legend>\n{buttons}</fieldset>\n\
         <button type=\"submit\" name=\"deny\" value=\"1\" class=\"secondary\">Refuser et revenir à l’application</button>\n\
         </form>\n\
         <p class=\"note\">Vous serez ensuite redirigé vers <code>{redirect}</code>.</p>\n",
        realm = escape(realm.as_str()),
        client = escape(&auth.client_id),
        population = population(realm),
        action = escape(action),
        redirect = escape(&auth.redirect_uri),
    );
    // Reply::html adds the page policy: no script, no framing, no referrer.
    Reply::html(
        200,
        page("Connexion de test – bac à sable OAuth vitrine", &main),
    )
}

/// Shown instead of redirecting when the request cannot be trusted.
pub fn error_page(message: &str) -> String {
    let main = format!(
        "<h1>Demande d’autorisation refusée</h1>\n<p role=\"alert\">{}</p>\n\
         <p class=\"note\">Vérifiez les paramètres <code>client_id</code> et <code>redirect_uri</code> \
         de la requête : ils doivent correspondre à un client enregistré dans le bac à sable.</p>\n",
        escape(message)
    );
    page("Erreur – bac à sable OAuth vitrine", &main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_page_is_french_and_escaped() {
        let html = error_page("<script>");
        assert!(html.contains("lang=\"fr\""));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script>"));
    }
}
