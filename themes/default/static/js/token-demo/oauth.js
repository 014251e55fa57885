// OAuth 2.0 / OpenID Connect helpers for the token-exchange demo: PKCE,
// random state and nonce, URL and form encoding, the exact request as raw
// HTTP and as curl, and id_token checks (ES256 signature with WebCrypto,
// iss/aud/azp/exp/iat/nonce per OpenID Connect Core §3.1.3.7).
// No DOM here: the same module runs in the browser and under `node --test`.

const ENCODER = new TextEncoder();

/** base64url without padding (RFC 7636 §3, RFC 7515 §2). */
export function base64url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url (padding optional); throws on characters outside the alphabet. */
export function base64urlDecode(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('base64url invalide');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(padded);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** `bytes` bytes from the browser's CSPRNG, base64url-encoded (16 bytes = 128 bits). */
export function randomToken(bytes = 16) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 challenge of a verifier: base64url(SHA-256(ASCII verifier)). */
export async function pkceChallenge(verifier) {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) {
    throw new Error('un code_verifier fait 43 à 128 caractères de [A-Za-z0-9-._~]');
  }
  const digest = await crypto.subtle.digest('SHA-256', ENCODER.encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** A fresh PKCE pair: 32 random bytes give a 43-character verifier. */
export async function newPkce() {
  const verifier = randomToken(32);
  return { verifier, challenge: await pkceChallenge(verifier) };
}

/** Percent-encoding for a query or form value; spaces as %20, as the provider's docs show. */
export function encodeValue(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `value` when it is an absolute http(s) URL, else an error naming `field`.
 * Endpoints read from a discovery document go to fetch() and window.open():
 * a `javascript:` or `data:` URL there would run script on this site.
 */
export function requireHttpUrl(value, field) {
  let url = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(`${field} n’est pas une URL http(s) absolue : ${String(value).slice(0, 200)}`);
  }
  return url.href;
}

/** `[[name, value], …]` as `name=value&…`. */
export function formEncode(pairs) {
  return pairs.map(([name, value]) => `${encodeValue(name)}=${encodeValue(value)}`).join('&');
}

/** Adds query parameters to a URL, keeping any it already carries (e.g. `realm`). */
export function withQuery(url, pairs) {
  const present = new URL(url).searchParams;
  const missing = pairs.filter(([name]) => !present.has(name));
  if (missing.length === 0) return url;
  return url + (url.includes('?') ? '&' : '?') + formEncode(missing);
}

/** A request exactly as it travels, in HTTP/1.1 form. */
export function rawHttpRequest({ method, url, headers = [], body = '' }) {
  const target = new URL(url);
  const lines = [`${method} ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  if (body) lines.push(`Content-Length: ${ENCODER.encode(body).length}`);
  return `${lines.join('\n')}\n\n${body}`;
}

/** Single-quotes a word for a POSIX shell. */
export function shellQuote(word) {
  return `'${String(word).replace(/'/g, `'\\''`)}'`;
}

/** The same POST as a curl command, one form field per line so it can be read and edited. */
export function curlCommand({ url, pairs }) {
  const lines = [`curl -i -X POST ${shellQuote(url)}`, `  -H ${shellQuote('Content-Type: application/x-www-form-urlencoded')}`];
  for (const [name, value] of pairs) lines.push(`  --data-urlencode ${shellQuote(`${name}=${value}`)}`);
  return lines.join(' \\\n');
}

/** A response as received: status line, the headers the browser exposes, the body verbatim. */
export function rawHttpResponse({ status, statusText, headers, body }) {
  const lines = [`HTTP/1.1 ${status} ${statusText || ''}`.trimEnd()];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return `${lines.join('\n')}\n\n${body}`;
}

/** Splits a compact JWS; throws with a French message on anything malformed. */
export function decodeJwt(token) {
  if (typeof token !== 'string') throw new Error('id_token absent de la réponse');
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('un JWT compact a trois parties séparées par des points');
  const text = (part) => new TextDecoder().decode(base64urlDecode(part));
  let header;
  let payload;
  try {
    header = JSON.parse(text(parts[0]));
    payload = JSON.parse(text(parts[1]));
  } catch {
    throw new Error("l'en-tête ou le contenu du JWT n'est pas du JSON base64url");
  }
  return {
    header,
    payload,
    signingInput: `${parts[0]}.${parts[1]}`,
    signature: base64urlDecode(parts[2]),
  };
}

/**
 * Verifies an ES256 JWS against a JWKS. Only ES256 is accepted: `alg: none`
 * or an algorithm the key does not declare is a failure, never a pass.
 * Returns {ok, detail}.
 */
export async function verifyEs256(jwt, jwks) {
  if (jwt.header.alg !== 'ES256') return { ok: false, detail: `algorithme refusé : ${jwt.header.alg}` };
  const keys = Array.isArray(jwks && jwks.keys) ? jwks.keys : [];
  const candidates = keys.filter((k) => k.kty === 'EC' && k.crv === 'P-256' && (!jwt.header.kid || k.kid === jwt.header.kid));
  if (candidates.length === 0) return { ok: false, detail: `aucune clé P-256 de kid ${jwt.header.kid} dans le JWKS` };
  // WebCrypto's ECDSA takes the raw r‖s signature, which is exactly JWS's ES256 form.
  if (jwt.signature.length !== 64) return { ok: false, detail: 'une signature ES256 fait 64 octets' };
  for (const jwk of candidates) {
    const key = await crypto.subtle.importKey(
      'jwk',
      { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const valid = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      jwt.signature,
      ENCODER.encode(jwt.signingInput),
    );
    if (valid) return { ok: true, detail: `ES256, clé ${jwk.kid || 'sans kid'} du JWKS` };
  }
  return { ok: false, detail: 'la signature ne correspond à aucune clé du JWKS' };
}

/**
 * The claim checks of OpenID Connect Core §3.1.3.7 that do not need a key.
 * `now` is in seconds; `leeway` absorbs small clock differences.
 * Returns [{id, ok, detail}] for iss, aud (+azp), exp, iat and nonce.
 */
export function checkIdTokenClaims(claims, { issuer, clientId, nonce, now, leeway = 60 }) {
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const audOk = audiences.includes(clientId) && (audiences.length === 1 || claims.azp === clientId);
  return [
    { id: 'iss', ok: claims.iss === issuer, detail: `iss = ${claims.iss} ; attendu ${issuer}` },
    { id: 'aud', ok: audOk, detail: `aud = ${audiences.join(', ')} ; attendu ${clientId}` },
    {
      id: 'exp',
      ok: typeof claims.exp === 'number' && claims.exp + leeway > now,
      detail: typeof claims.exp === 'number' ? `expire dans ${claims.exp - now} s` : 'exp absent',
    },
    {
      id: 'iat',
      ok: typeof claims.iat === 'number' && claims.iat - leeway <= now,
      detail: typeof claims.iat === 'number' ? `émis il y a ${now - claims.iat} s` : 'iat absent',
    },
    { id: 'nonce', ok: claims.nonce === nonce, detail: `nonce du jeton = ${claims.nonce} ; envoyé ${nonce}` },
  ];
}
