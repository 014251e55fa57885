// The live token-exchange widget. First its OAuth helpers, run under Node's
// own WebCrypto (same code the browser runs); then the real thing: the
// example catalogue built by `vitrine build`, served on 127.0.0.1, talking to
// a real `vitrine sandbox`, driven by keyboard in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  buildSite, copyContent, describeViolations, launchBrowser, runAxe, serveStatic, setSiteSetting, startSandbox, tempDir, vitrineBinary,
} from './harness.mjs';
import {
  base64url, checkIdTokenClaims, curlCommand, decodeJwt, formEncode, pkceChallenge, randomToken, verifyEs256, withQuery,
} from '../../themes/default/static/js/token-demo/oauth.js';
import { runAuthorizationCode, runErrorButton } from './widget-fixture/driver.mjs';

const API_PAGE = '/les-api/se-connecter-avec-pole-emploi/';

// ---------------------------------------------------------------- helpers

test('PKCE S256 gives the RFC 7636 Appendix B challenge', async () => {
  assert.equal(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('PKCE refuses verifiers that are too short or outside the unreserved set', async () => {
  await assert.rejects(pkceChallenge('court'), /43 à 128/);
  await assert.rejects(pkceChallenge(`${'a'.repeat(42)}+`), /43 à 128/);
});

test('state and nonce carry 128 random bits, base64url', () => {
  const a = randomToken(16);
  assert.match(a, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(a, randomToken(16));
});

test('query and form encoding keep the realm and use %20 for spaces', () => {
  assert.equal(formEncode([['scope', 'openid profile'], ['redirect_uri', 'http://h/cb?x=1']]), 'scope=openid%20profile&redirect_uri=http%3A%2F%2Fh%2Fcb%3Fx%3D1');
  const url = withQuery('http://s/connexion/oauth2/authorize?realm=%2Findividu', [['realm', '/autre'], ['state', 'abc']]);
  assert.equal(url, 'http://s/connexion/oauth2/authorize?realm=%2Findividu&state=abc');
});

test('curl command survives quotes in values', () => {
  const curl = curlCommand({ url: 'http://s/t?realm=%2Fpartenaire', pairs: [['client_secret', "l'autre"]] });
  assert.match(curl, /--data-urlencode 'client_secret=l'\\''autre'$/);
});

function es256Token(claims, { alg = 'ES256', kid = 'k1' } = {}) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const header = base64url(Buffer.from(JSON.stringify({ alg, kid })));
  const payload = base64url(Buffer.from(JSON.stringify(claims)));
  const signature = base64url(sign('sha256', Buffer.from(`${header}.${payload}`), { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  return { token: `${header}.${payload}.${signature}`, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid }] } };
}

test('ES256 signature: valid passes; tampered, alg none and a foreign key fail', async () => {
  const { token, jwks } = es256Token({ sub: 'jeanne' });
  assert.equal((await verifyEs256(decodeJwt(token), jwks)).ok, true);
  const [h, , s] = token.split('.');
  const tampered = `${h}.${base64url(Buffer.from('{"sub":"mallory"}'))}.${s}`;
  assert.equal((await verifyEs256(decodeJwt(tampered), jwks)).ok, false);
  const none = `${base64url(Buffer.from('{"alg":"none","kid":"k1"}'))}.${token.split('.')[1]}.`;
  assert.equal((await verifyEs256(decodeJwt(none), jwks)).ok, false);
  assert.throws(() => decodeJwt(`${h}.${s}`), /trois parties/);
  assert.equal((await verifyEs256(decodeJwt(token), es256Token({}).jwks)).ok, false);
});

test('id_token claims: iss, aud (+azp), exp, iat and nonce each fail on their own', () => {
  const good = { iss: 'http://s/connexion/oauth2/individu', aud: 'c', exp: 1100, iat: 1000, nonce: 'n' };
  const expect = { issuer: good.iss, clientId: 'c', nonce: 'n', now: 1010 };
  const failing = (claims) => checkIdTokenClaims(claims, expect).filter((c) => !c.ok).map((c) => c.id);
  assert.deepEqual(failing(good), []);
  assert.deepEqual(failing({ ...good, iss: 'http://ailleurs' }), ['iss']);
  assert.deepEqual(failing({ ...good, aud: 'autre' }), ['aud']);
  assert.deepEqual(failing({ ...good, aud: ['c', 'autre'] }), ['aud']);
  assert.deepEqual(failing({ ...good, aud: ['c', 'autre'], azp: 'c' }), []);
  assert.deepEqual(failing({ ...good, exp: 900 }), ['exp']);
  assert.deepEqual(failing({ ...good, iat: 2000 }), ['iat']);
  assert.deepEqual(failing({ ...good, nonce: 'rejoué' }), ['nonce']);
});

// ---------------------------------------------------------------- in the browser

/** Why the real-site tests cannot run here, or null when `vitrine build` and `vitrine sandbox` exist. */
function missingCommands() {
  let bin;
  try {
    bin = vitrineBinary();
  } catch (error) {
    return error.message;
  }
  const help = (sub) => spawnSync(bin, [sub, '--help'], { encoding: 'utf8' });
  const build = help('build');
  const sandbox = help('sandbox');
  const missing = [];
  if (build.status !== 0 || !build.stdout.includes('--base-url')) missing.push('`vitrine build --base-url`');
  if (sandbox.status !== 0 || !sandbox.stdout.includes('--site-url')) missing.push('`vitrine sandbox --site-url`');
  return missing.length ? `${missing.join(' and ')} not available in ${bin} yet: widget browser tests skipped` : null;
}

const skip = missingCommands();
if (skip) console.log(skip);

/** Builds the example catalogue for a site served at `site.url`, with the given sandbox (or none). */
function buildFor(site, output, sandboxUrl) {
  const content = copyContent();
  setSiteSetting(content, 'base_url', site.url);
  setSiteSetting(content, 'sandbox_url', sandboxUrl);
  buildSite({ content, output, extraArgs: ['--base-url', site.url] });
}

test('the whole authorization code + PKCE flow runs in the widget against the real sandbox', { skip: skip || false }, async () => {
  const output = join(tempDir(), 'public');
  // The static server comes first: its origin is the site URL the sandbox must trust.
  const site = await serveStatic(output);
  const sandbox = await startSandbox({ siteUrl: site.url });
  const browser = await launchBrowser();
  try {
    buildFor(site, output, sandbox.url);
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${site.url}${API_PAGE}`);
    const widget = page.locator('[data-token-demo]').first();
    const id = await widget.getAttribute('id');
    assert.ok(id, 'the API page with an oauth: block shows the widget');
    assert.equal(await widget.getAttribute('data-realm'), '/individu');

    const run = await runAuthorizationCode(page, id).catch((error) => {
      throw new Error(`${error.message}\npage errors: ${errors.join('\n')}`);
    });
    assert.equal(run.focusAfterAuthorize, 'signin', 'focus moves to the next step for keyboard users');
    assert.equal(run.focusAfterRedirect, 'token');
    const authorize = new URL(run.authorizeUrl);
    assert.equal(authorize.origin, sandbox.url);
    assert.equal(authorize.searchParams.get('realm'), '/individu');
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorize.searchParams.get('redirect_uri'), `${site.url}/static/oauth-callback.html`);
    assert.match(run.redirect, /^http:\/\/127\.0\.0\.1:\d+\/static\/oauth-callback\.html\?.*code=/);
    assert.match(run.request, /^POST \/connexion\/oauth2\/access_token\?realm=%2Findividu HTTP\/1\.1$/m);
    assert.match(run.request, /grant_type=authorization_code&code=[^&]+&client_id=vitrine-demo-public&code_verifier=/);
    assert.match(run.curl, /^curl -i -X POST /);
    assert.match(run.response, /^HTTP\/1\.1 200/);
    assert.match(run.response, /^cache-control: no-store$/im);
    for (const check of ['state', 'nonce', 'signature', 'iss', 'aud', 'exp']) {
      assert.equal(run.checks[check] && run.checks[check].ok, true, `${check}: ${JSON.stringify(run.checks[check])}`);
    }
    assert.equal(run.allOk, true, JSON.stringify(run.checks, null, 2));
    assert.match(run.status, /toutes les vérifications sont réussies/);

    const reused = await runErrorButton(page, id, 'invalid_grant');
    assert.match(reused.response, /^HTTP\/1\.1 400/);
    assert.match(reused.response, /"error"\s*:\s*"invalid_grant"/);
    assert.equal(reused.allOk, true, 'the widget says the documented error came back');
    const wrongSecret = await runErrorButton(page, id, 'invalid_client');
    assert.match(wrongSecret.response, /"error"\s*:\s*"invalid_client"/);
    const wrongFlow = await runErrorButton(page, id, 'unsupported_grant_type');
    assert.match(wrongFlow.response, /"error"\s*:\s*"unsupported_grant_type"/);

    const violations = await runAxe(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    await page.goto(`${site.url}/static/oauth-callback.html`);
    const callbackViolations = await runAxe(page);
    assert.deepEqual(callbackViolations, [], describeViolations(callbackViolations));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await sandbox.close();
    await site.close();
  }
});

test('without a sandbox the widget shows curl commands and says what the live run needs', { skip: skip || false }, async () => {
  const output = join(tempDir(), 'public');
  const site = await serveStatic(output);
  const browser = await launchBrowser();
  try {
    buildFor(site, output, null);
    const page = await browser.newPage();
    await page.goto(`${site.url}${API_PAGE}`);
    const widget = page.locator('[data-token-demo]').first();
    const notice = await widget.locator('[data-no-sandbox]').textContent();
    assert.match(notice, /vitrine sandbox/);
    assert.match(notice, /sandbox_url/);
    const commands = await widget.locator('pre code').allTextContents();
    assert.ok(commands.some((c) => c.startsWith('curl -i "https://authentification-candidat.francetravail.fr/connexion/oauth2/authorize?realm=%2Findividu&response_type=code')), commands.join('\n'));
    assert.ok(commands.some((c) => c.includes('access_token?realm=%2Findividu') && c.includes("'grant_type=authorization_code'")), commands.join('\n'));
    assert.equal(await widget.locator('[data-action]').first().isVisible(), false, 'no live buttons without a sandbox');
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], describeViolations(violations));
  } finally {
    await browser.close();
    await site.close();
  }
});
