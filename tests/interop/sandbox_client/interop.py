"""Drives the vitrine sandbox with Authlib, an OpenID client we did not write.

For each user realm, with the confidential and the public (PKCE S256) demo
client: discovery, authorize URL built by Authlib, the sign-in form read and
submitted as a browser would, token exchange by Authlib (state checked),
id_token verified by Authlib's OpenID Connect rules against the JWKS
(signature, iss, aud, exp, iat, nonce), userinfo through Authlib's session,
and a replayed code refused. Then client credentials on /partenaire.

Usage: python interop.py BASE_URL   (prints 'N passed, M failed')
"""

import secrets
import sys
import traceback
import warnings
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse, parse_qs

import requests

# Authlib 1.x still ships its JOSE module (used below for OIDC claim checks) with a notice.
warnings.filterwarnings("ignore", message="authlib.jose module is deprecated")
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from authlib.jose import JsonWebKey, jwt
from authlib.oidc.core import CodeIDToken

CONFIDENTIAL = ("vitrine-demo-confidentiel", "vitrine-demo-secret")
PUBLIC = ("vitrine-demo-public", None)
REDIRECT = "http://127.0.0.1:48213/callback"  # loopback, any port (RFC 8252)
SCOPES = {
    "individu": "openid profile email api_peconnect-individuv1",
    "entreprise": "openid profile email api_peconnect-entreprisev1",
    "agent": "openid profile email api_peconnect-agentv1",
}


class SignInForm(HTMLParser):
    """The POST form of the sign-in page: action, hidden fields, user buttons."""

    def __init__(self):
        super().__init__()
        self.action, self.fields, self.users = None, {}, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post":
            self.action = a.get("action")
        elif tag == "input" and a.get("type") == "hidden":
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "button" and a.get("name") == "user":
            self.users.append(a["value"])


def browser_sign_in(authorize_url):
    """What a person does in the browser: open the page, pick the first user."""
    page = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert page.status_code == 200, f"sign-in page: {page.status_code} {page.text[:200]}"
    form = SignInForm()
    form.feed(page.text)
    assert form.action and form.users, "no sign-in form"
    data = dict(form.fields, user=form.users[0])
    back = requests.post(urljoin(authorize_url, form.action), data=data, allow_redirects=False, timeout=10)
    assert back.status_code == 302, f"sign-in POST: {back.status_code} {back.text[:200]}"
    return back.headers["Location"]


def code_flow(base, realm, client):
    client_id, secret = client
    meta = requests.get(f"{base}/connexion/oauth2/{realm}/.well-known/openid-configuration", timeout=10).json()
    assert meta["issuer"] == f"{base}/connexion/oauth2/{realm}", meta["issuer"]
    session = OAuth2Session(
        client_id,
        secret,
        scope=SCOPES[realm],
        redirect_uri=REDIRECT,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_post" if secret else "none",
        # The seed's tokens live 59 s; Authlib's default 60 s leeway would
        # call them expired on arrival and refuse to send them.
        leeway=5,
    )
    nonce = secrets.token_urlsafe(16)
    verifier = secrets.token_urlsafe(48)
    url, state = session.create_authorization_url(
        meta["authorization_endpoint"], nonce=nonce, code_verifier=verifier
    )
    location = browser_sign_in(url)
    assert location.startswith(REDIRECT), location
    params = parse_qs(urlparse(location).query)
    assert params["iss"] == [meta["issuer"]], params
    token = session.fetch_token(
        meta["token_endpoint"], authorization_response=location, code_verifier=verifier, state=state
    )
    assert token["token_type"] == "Bearer" and token["nonce"] == nonce, token
    jwks = JsonWebKey.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json())
    claims = jwt.decode(
        token["id_token"],
        jwks,
        claims_cls=CodeIDToken,
        claims_options={"iss": {"essential": True, "value": meta["issuer"]}},
        claims_params={"nonce": nonce, "client_id": client_id},
    )
    claims.validate(leeway=5)
    info = session.get(meta["userinfo_endpoint"], timeout=10)
    assert info.status_code == 200, info.text
    assert info.json()["sub"] == claims["sub"]
    if realm == "agent":
        for field in ("usual_name", "given_name", "email", "uid", "siret"):
            assert field in info.json(), f"userinfo lacks {field}"
    # A replayed code must be refused, and the first token revoked.
    try:
        session.fetch_token(meta["token_endpoint"], authorization_response=location, code_verifier=verifier, state=state)
        raise AssertionError("replayed code accepted")
    except OAuthError as error:
        assert error.error == "invalid_grant", error.error
    revoked = requests.get(meta["userinfo_endpoint"], headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=10)
    assert revoked.status_code == 401, revoked.status_code


def client_credentials(base):
    meta = requests.get(f"{base}/connexion/oauth2/partenaire/.well-known/openid-configuration", timeout=10).json()
    client_id, secret = CONFIDENTIAL
    session = OAuth2Session(
        client_id, secret, scope=f"application_{client_id} api_offresdemploiv2",
        token_endpoint_auth_method="client_secret_post",
    )
    token = session.fetch_token(meta["token_endpoint"], grant_type="client_credentials")
    assert token["expires_in"] == 1500 and token["token_type"] == "Bearer", token
    bad = OAuth2Session(client_id, "faux", scope="api_offresdemploiv2", token_endpoint_auth_method="client_secret_post")
    try:
        bad.fetch_token(meta["token_endpoint"], grant_type="client_credentials")
        raise AssertionError("wrong secret accepted")
    except OAuthError as error:
        assert error.error == "invalid_client", error.error


def main():
    base = sys.argv[1].rstrip("/")
    checks = [(f"client credentials /partenaire", lambda: client_credentials(base))]
    for realm in SCOPES:
        for client in (CONFIDENTIAL, PUBLIC):
            checks.append((f"code flow /{realm} {client[0]}", lambda r=realm, c=client: code_flow(base, r, c)))
    passed = failed = 0
    for name, check in checks:
        try:
            check()
            passed += 1
            print(f"ok   {name}")
        except Exception:  # report every failure, then the count
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc(file=sys.stdout)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
