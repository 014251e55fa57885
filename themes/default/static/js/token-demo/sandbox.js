// Talking to the sandbox authorization server from the page: discovery per
// realm, the JWKS, and form POSTs captured exactly as they travel (request
// as raw HTTP and curl, response as status + exposed headers + raw body).
import { curlCommand, formEncode, rawHttpRequest, rawHttpResponse, requireHttpUrl, withQuery } from './oauth.js';

/** The sandbox's demo confidential client and its secret: test values, published on purpose. */
export const DEMO_CONFIDENTIAL_ID = 'vitrine-demo-confidentiel';
export const DEMO_SECRET = 'vitrine-demo-secret';

/** The realm's path segment in the sandbox (`/employeur` is an alias of `/entreprise`). */
export function realmSegment(realm) {
  const name = realm.replace(/^\/+/, '');
  return name === 'employeur' ? 'entreprise' : name;
}

/** Raised when the sandbox cannot be reached at all (down, or CORS refused this origin). */
export class SandboxUnreachable extends Error {}

async function send(url, init) {
  try {
    return await fetch(url, init);
  } catch (cause) {
    throw new SandboxUnreachable(
      `Le bac à sable ne répond pas à ${url} ou refuse l’origine ${location.origin} ` +
        `(lancez-le avec « vitrine sandbox --site-url ${location.origin} ») : ${cause.message}`,
    );
  }
}

export class Sandbox {
  /** `base` is `sandbox_url` from site.yaml; `realm` as written on the card. */
  constructor(base, realm, { authorizePath, tokenPath }) {
    this.base = base.replace(/\/+$/, '');
    this.realm = realm;
    this.issuer = `${this.base}/connexion/oauth2/${realmSegment(realm)}`;
    this.fallback = {
      issuer: this.issuer,
      authorization_endpoint: this.base + authorizePath,
      token_endpoint: this.base + tokenPath,
      jwks_uri: `${this.issuer}/jwks`,
    };
    this.metadata = null;
  }

  get discoveryUrl() {
    return `${this.issuer}/.well-known/openid-configuration`;
  }

  /** OpenID discovery, fetched once; the endpoints and issuer come from it. */
  async discover() {
    if (this.metadata) return this.metadata;
    const response = await send(this.discoveryUrl, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new SandboxUnreachable(`Découverte OpenID refusée : ${this.discoveryUrl} a répondu ${response.status}`);
    }
    const metadata = { ...this.fallback, ...(await response.json()) };
    // The document comes over the network: its endpoints must be web URLs before
    // the page fetches them or opens one in a window.
    for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri']) {
      metadata[field] = requireHttpUrl(metadata[field], field);
    }
    if (typeof metadata.issuer !== 'string') throw new Error('la découverte OpenID ne donne pas d’issuer');
    this.metadata = metadata;
    return this.metadata;
  }

  /** The authorize endpoint with the realm in the query string, as the real service wants it. */
  async authorizeEndpoint() {
    return withQuery((await this.discover()).authorization_endpoint, [['realm', this.realm]]);
  }

  async tokenEndpoint() {
    return withQuery((await this.discover()).token_endpoint, [['realm', this.realm]]);
  }

  async jwks() {
    const url = (await this.discover()).jwks_uri;
    const response = await send(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new SandboxUnreachable(`JWKS indisponible : ${url} a répondu ${response.status}`);
    return response.json();
  }

  /**
   * POSTs `pairs` form-encoded to `url`. Returns the request (raw HTTP, curl)
   * and the response (raw text, status, parsed JSON or null).
   */
  async post(url, pairs) {
    const body = formEncode(pairs);
    const headers = [['Content-Type', 'application/x-www-form-urlencoded']];
    const request = { raw: rawHttpRequest({ method: 'POST', url, headers, body }), curl: curlCommand({ url, pairs }) };
    const response = await send(url, { method: 'POST', headers: Object.fromEntries(headers), body });
    const text = await response.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return {
      request,
      response: {
        status: response.status,
        json,
        raw: rawHttpResponse({
          status: response.status,
          statusText: response.statusText,
          headers: [...response.headers.entries()],
          body: text,
        }),
        headers: Object.fromEntries(response.headers.entries()),
      },
    };
  }
}
