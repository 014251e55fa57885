// A small stand-in for `vitrine sandbox`, following the OAuth contract
// (prompts' oauth-contract / docs/oauth.md), used only to develop the widget
// before the real sandbox lands in main. The real browser test
// (../token-demo.test.mjs) runs against the real `vitrine sandbox`.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';

const b64u = (buf) => Buffer.from(buf).toString('base64url');
const CONFIDENTIAL = 'vitrine-demo-confidentiel';
const PUBLIC = 'vitrine-demo-public';
const SECRET = 'vitrine-demo-secret';
const KNOWN_SCOPES = new Set(['openid', 'profile', 'email', 'api_peconnect-individuv1', 'api_labonneboitev1', 'api_peconnect-agentv1', 'api_peconnect-entreprisev1']);

function tokenError(res, headers, error, description) {
  res.writeHead(400, { ...headers, 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  res.end(JSON.stringify({ error, error_description: description }));
}

export async function startMockSandbox({ siteUrl }) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'mock-1', alg: 'ES256', use: 'sig' };
  const siteOrigin = new URL(siteUrl).origin;
  const redirects = new Set([`${siteUrl.replace(/\/$/, '')}/static/oauth-callback.html`]);
  const codes = new Map();
  let base = '';

  const scopesOk = (scope, clientId) => scope.split(' ').every((s) => s === `application_${clientId}` || KNOWN_SCOPES.has(s));

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const cors = req.headers.origin === siteOrigin ? { 'Access-Control-Allow-Origin': siteOrigin, Vary: 'Origin' } : {};
    let body = '';
    for await (const chunk of req) body += chunk;
    const form = new URLSearchParams(body);
    const realm = (url.searchParams.get('realm') || '').replace(/^\//, '');
    const discovery = url.pathname.match(/^\/connexion\/oauth2\/(\w+)\/\.well-known\/openid-configuration$/);
    if (discovery) {
      const issuer = `${base}/connexion/oauth2/${discovery[1]}`;
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({
        issuer,
        authorization_endpoint: `${base}/connexion/oauth2/authorize?realm=%2F${discovery[1]}`,
        token_endpoint: `${base}/connexion/oauth2/access_token?realm=%2F${discovery[1]}`,
        jwks_uri: `${issuer}/jwks`,
      }));
      return;
    }
    if (/^\/connexion\/oauth2\/\w+\/jwks$/.test(url.pathname)) {
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    if (url.pathname === '/connexion/oauth2/authorize') {
      const p = url.searchParams;
      if (!redirects.has(p.get('redirect_uri'))) {
        res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' }).end('<p>redirect_uri inconnue</p>');
        return;
      }
      const back = new URL(p.get('redirect_uri'));
      if (!scopesOk(p.get('scope') || '', p.get('client_id'))) {
        back.search = new URLSearchParams({ error: 'invalid_scope', error_description: 'Unknown scope', state: p.get('state') || '' });
        res.writeHead(302, { Location: back.href }).end();
        return;
      }
      if (req.method === 'GET') {
        const hidden = [...p].map(([k, v]) => `<input type="hidden" name="${k}" value="${v.replace(/"/g, '&quot;')}">`).join('');
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html lang="fr"><title>Connexion</title><main><h1>Connexion</h1><form method="post" action="${url.pathname}?${url.searchParams}">${hidden}<button name="user" value="jeanne">Jeanne Martin</button></form></main></html>`);
        return;
      }
      const code = b64u(randomBytes(16));
      codes.set(code, { clientId: p.get('client_id'), redirect: p.get('redirect_uri'), challenge: p.get('code_challenge'), nonce: p.get('nonce'), realm, used: false, scope: p.get('scope') });
      back.search = new URLSearchParams({ code, state: p.get('state'), iss: `${base}/connexion/oauth2/${realm}` });
      res.writeHead(302, { Location: back.href }).end();
      return;
    }
    if (url.pathname === '/connexion/oauth2/access_token' && req.method === 'POST') {
      const grant = form.get('grant_type');
      const clientId = form.get('client_id');
      if (clientId === CONFIDENTIAL && form.get('client_secret') !== SECRET) return tokenError(res, cors, 'invalid_client', 'Client authentication failed');
      if (grant === 'client_credentials') {
        if (realm !== 'partenaire') return tokenError(res, cors, 'unsupported_grant_type', 'Grant type is not supported: client_credentials');
        if (!scopesOk(form.get('scope') || '', clientId)) return tokenError(res, cors, 'invalid_scope', 'Unknown scope');
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache' });
        res.end(JSON.stringify({ scope: form.get('scope'), expires_in: 1500, token_type: 'Bearer', access_token: b64u(randomBytes(24)) }));
        return;
      }
      const entry = codes.get(form.get('code'));
      if (!entry || entry.used || entry.clientId !== clientId) return tokenError(res, cors, 'invalid_grant', 'The provided access grant is invalid, expired, or revoked.');
      if (entry.redirect !== form.get('redirect_uri')) return tokenError(res, cors, 'redirect_uri_mismatch', 'The redirection URI provided does not match a pre-registered value.');
      if (clientId === PUBLIC && b64u(createHash('sha256').update(form.get('code_verifier') || '').digest()) !== entry.challenge) {
        return tokenError(res, cors, 'invalid_grant', 'The provided access grant is invalid, expired, or revoked.');
      }
      entry.used = true;
      const now = Math.floor(Date.now() / 1000);
      const header = b64u(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: 'mock-1' }));
      const claims = b64u(JSON.stringify({ iss: `${base}/connexion/oauth2/${realm}`, sub: 'jeanne', aud: clientId, exp: now + 59, iat: now, auth_time: now, nonce: entry.nonce, azp: clientId }));
      const signature = b64u(sign('sha256', Buffer.from(`${header}.${claims}`), { key: privateKey, dsaEncoding: 'ieee-p1363' }));
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache' });
      res.end(JSON.stringify({ scope: entry.scope, expires_in: 59, token_type: 'Bearer', access_token: b64u(randomBytes(24)), id_token: `${header}.${claims}.${signature}`, nonce: entry.nonce }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}`;
  return { url: base, close: () => new Promise((ok) => server.close(ok)) };
}
