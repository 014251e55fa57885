// The live token-exchange widget. First its OAuth helpers, run under Node's
// own WebCrypto (same code the browser runs); then the real thing: the
// example catalogue built by `vitrine build`, served on 127.0.0.1, talking to
// a real `vitrine sandbox`, driven by keyboard in headless Chromium.
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  buildSite, copyContent, describeViolations, launchBrowser, runAxe, serveStatic, setSiteSetting, startSandbox, tempDir, vitrineBinary,
} from './harness.mjs';
import {
  base64url, checkIdTokenClaims, curlCommand, decodeJwt, formEncode, pkceChallenge, randomToken, requireHttpUrl, verifyEs256, withQuery,
} from '../../themes/default/static/js/token-demo/oauth.js';
import { Sandbox } from '../../themes/default/static/js/token-demo/sandbox.js';
import { pressButton, readChecks, runAuthorizationCode, runErrorButton } from './widget-fixture/driver.mjs';

const API_PAGE = '/les-api/se-connecter-avec-pole-emploi/';
const GUIDE_PAGE = '/guides/utiliser-les-api-france-travail/';
const CONFIDENTIAL_GUIDE = '/guides/generer-un-access-token/';

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

test('only http(s) endpoints are taken from a discovery document', async () => {
  assert.equal(requireHttpUrl('http://127.0.0.1:8787/connexion/oauth2/authorize', 'e'), 'http://127.0.0.1:8787/connexion/oauth2/authorize');
  for (const bad of ['javascript:alert(document.domain)', 'data:text/html,<script>x</script>', '/relative', '', undefined, 42]) {
    assert.throws(() => requireHttpUrl(bad, 'authorization_endpoint'), /authorization_endpoint n’est pas une URL http\(s\)/, String(bad));
  }
  const realFetch = globalThis.fetch;
  const serve = (doc) => {
    globalThis.fetch = async () => new Response(JSON.stringify(doc), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  const paths = { authorizePath: '/connexion/oauth2/authorize', tokenPath: '/connexion/oauth2/access_token' };
  try {
    serve({ issuer: 'http://s/connexion/oauth2/individu', authorization_endpoint: 'javascript:alert(1)//' });
    const hostile = new Sandbox('http://s', '/individu', paths);
    await assert.rejects(hostile.authorizeEndpoint(), /authorization_endpoint/);
    assert.equal(hostile.metadata, null, 'a refused document is not cached');
    serve({ issuer: 'http://s/connexion/oauth2/individu', token_endpoint: 'http://s/connexion/oauth2/access_token' });
    const fine = new Sandbox('http://s', '/individu', paths);
    assert.equal(await fine.authorizeEndpoint(), 'http://s/connexion/oauth2/authorize?realm=%2Findividu');
  } finally {
    globalThis.fetch = realFetch;
  }
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

/** Opens `url` in a fresh tab (of `where`: a browser or a context) that records page errors. */
async function open(where, url, { noPopups = false } = {}) {
  const page = await where.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  if (noPopups) await page.addInitScript(() => { window.open = () => null; });
  await page.goto(url);
  return { page, errors };
}

async function assertNoAxeViolations(page) {
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], describeViolations(violations));
}

describe('with the real sandbox', { skip: skip || false }, () => {
  let site;
  let sandbox;
  let browser;
  let context;
  before(async () => {
    const output = join(tempDir(), 'public');
    // The static server comes first: its origin is the site URL the sandbox must trust.
    site = await serveStatic(output);
    sandbox = await startSandbox({ siteUrl: site.url });
    buildFor(site, output, sandbox.url);
    browser = await launchBrowser();
  });
  // One browser context per test: no tab or sessionStorage left over from the previous one.
  beforeEach(async () => {
    context = await browser.newContext();
  });
  afterEach(async () => {
    await context?.close();
  });
  after(async () => {
    await browser?.close();
    await sandbox?.close();
    await site?.close();
  });

  test('the whole authorization code + PKCE flow runs on an API page, keyboard only, checklist all green', async () => {
    const { page, errors } = await open(context, `${site.url}${API_PAGE}`);
    const widget = page.locator('[data-token-demo]').first();
    const id = await widget.getAttribute('id');
    assert.ok(id, 'the API page with an oauth: block shows the widget');
    assert.equal(await widget.getAttribute('data-realm'), '/individu');

    const run = await runAuthorizationCode(page, id).catch((error) => {
      throw new Error(`${error.message}\npage errors: ${errors.join('\n')}`);
    });
    assert.equal(run.focusAfterAuthorize, 'signin', 'focus moves to the next step for keyboard users');
    assert.equal(run.focusAfterRedirect, 'token');
    assert.equal(run.focusAfterChecks, 'checks', 'the results get the focus once the exchange is done');
    assert.equal(run.tokenButtonDisabled, true, 'a code is sent once; reuse is the error button');
    const authorize = new URL(run.authorizeUrl);
    assert.equal(authorize.origin, sandbox.url);
    assert.equal(authorize.searchParams.get('realm'), '/individu');
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.match(authorize.searchParams.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
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
    for (const error of ['invalid_client', 'unsupported_grant_type']) {
      const shown = await runErrorButton(page, id, error);
      assert.match(shown.response, new RegExp(`"error"\\s*:\\s*"${error}"`));
      assert.equal(shown.allOk, true, shown.response);
    }
    // These two go through the sandbox's window: a fresh sign-in, or a redirect carrying the error.
    const mismatch = await runErrorButton(page, id, 'redirect_uri_mismatch', { signIn: true });
    assert.match(mismatch.response, /"error"\s*:\s*"redirect_uri_mismatch"/);
    const scope = await runErrorButton(page, id, 'invalid_scope', { redirect: true });
    assert.equal(scope.allOk, true, scope.response);
    assert.match(scope.response, /error=invalid_scope/);

    await assertNoAxeViolations(page);
    assert.deepEqual(errors, []);
  });

  test('the guide shows one demo per realm: client credentials and the /agent flow work, no axe violation', async () => {
    const { page, errors } = await open(context, `${site.url}${GUIDE_PAGE}`);
    const realms = await page.locator('[data-token-demo]').evaluateAll((nodes) => nodes.map((n) => [n.id, n.dataset.realm, n.dataset.flow]));
    assert.deepEqual(realms.map(([, realm]) => realm), ['/partenaire', '/individu', '/entreprise', '/agent']);
    const [partenaire] = realms[0];
    await pressButton(page, page.locator(`#${partenaire} [data-action="token"]`));
    const checks = page.locator(`#${partenaire} [data-step="checks"]`);
    await checks.locator('[data-all-ok]').waitFor();
    const cc = await readChecks(checks);
    assert.equal(cc.allOk, true, JSON.stringify(cc.checks));
    const request = await page.locator(`#${partenaire} [data-kind="request"] code`).textContent();
    assert.match(request, /grant_type=client_credentials&client_id=vitrine-demo-confidentiel&client_secret=vitrine-demo-secret&scope=application_vitrine-demo-confidentiel%20api_labonneboitev1/);
    const scope = await runErrorButton(page, partenaire, 'invalid_scope');
    assert.match(scope.response, /"error"\s*:\s*"invalid_scope"/);

    const agent = await runAuthorizationCode(page, realms[3][0]);
    assert.equal(agent.allOk, true, JSON.stringify(agent.checks, null, 2));
    assert.match(agent.authorizeUrl, /\/connexion\/oauth2\/agent\/authorize\?|realm=%2Fagent/);

    await assertNoAxeViolations(page);
    assert.deepEqual(errors, []);
  });

  test('a confidential client (pkce: false) sends the request of seed 003, secret shown as a test value', async () => {
    const { page, errors } = await open(context, `${site.url}${CONFIDENTIAL_GUIDE}`);
    const id = await page.locator('[data-token-demo]').first().getAttribute('id');
    assert.match(await page.locator(`#${id}`).textContent(), /vitrine-demo-secret \(valeur de test du bac à sable/);
    const run = await runAuthorizationCode(page, id);
    assert.equal(new URL(run.authorizeUrl).searchParams.get('code_challenge'), null, 'no PKCE for this card');
    // Same fields, same order as seed 003's example call.
    assert.match(run.request, /\n\ngrant_type=authorization_code&code=[^&]+&client_id=vitrine-demo-confidentiel&client_secret=vitrine-demo-secret&redirect_uri=[^&]+$/);
    assert.equal(run.allOk, true, JSON.stringify(run.checks, null, 2));
    assert.deepEqual(errors, []);
  });

  test('when the browser blocks the window, the sign-in runs in the same tab and the widget resumes', async () => {
    const { page, errors } = await open(context, `${site.url}${API_PAGE}`, { noPopups: true });
    const id = await page.locator('[data-token-demo]').first().getAttribute('id');
    await pressButton(page, page.locator(`#${id} [data-action="authorize"]`));
    await pressButton(page, page.locator(`#${id} [data-action="signin"]`));
    await page.waitForURL(/\/connexion\/oauth2\/authorize\?/);
    await page.locator('form button[name="user"]').first().click();
    await page.waitForURL(`${site.url}${API_PAGE}#${id}`);
    await pressButton(page, page.locator(`#${id} [data-action="token"]`));
    const checks = page.locator(`#${id} [data-step="checks"]`);
    await checks.locator('[data-all-ok]').waitFor();
    const result = await readChecks(checks);
    assert.equal(result.allOk, true, JSON.stringify(result.checks, null, 2));
    assert.deepEqual(errors, []);
  });

  test('the callback page is accessible on its own', async () => {
    const { page } = await open(context, `${site.url}/static/oauth-callback.html`);
    assert.match(await page.locator('#statut').textContent(), /Aucune démonstration/);
    await assertNoAxeViolations(page);
  });
});

describe('without a live sandbox', { skip: skip || false }, () => {
  test('none configured: curl commands, and a plain word on what the live run needs', async () => {
    const output = join(tempDir(), 'public');
    const site = await serveStatic(output);
    const browser = await launchBrowser();
    try {
      buildFor(site, output, null);
      const { page } = await open(browser, `${site.url}${API_PAGE}`);
      const widget = page.locator('[data-token-demo]').first();
      const notice = await widget.locator('[data-no-sandbox]').textContent();
      assert.match(notice, /vitrine sandbox/);
      assert.match(notice, /sandbox_url/);
      const commands = await widget.locator('pre code').allTextContents();
      assert.ok(commands.some((c) => c.startsWith('curl -i "https://authentification-candidat.francetravail.fr/connexion/oauth2/authorize?realm=%2Findividu&response_type=code')), commands.join('\n'));
      assert.ok(commands.some((c) => c.includes('access_token?realm=%2Findividu') && c.includes("'grant_type=authorization_code'")), commands.join('\n'));
      assert.equal(await widget.locator('[data-action]').first().isVisible(), false, 'no live buttons without a sandbox');
      await assertNoAxeViolations(page);
    } finally {
      await browser.close();
      await site.close();
    }
  });

  test('configured but not answering: the page says so and how to start it', async () => {
    const output = join(tempDir(), 'public');
    const site = await serveStatic(output);
    const gone = await serveStatic(tempDir());
    await gone.close();
    const browser = await launchBrowser();
    try {
      buildFor(site, output, gone.url);
      const { page } = await open(browser, `${site.url}${API_PAGE}`);
      const notice = await page.locator('[data-token-demo] [data-unreachable]').first().textContent();
      assert.match(notice, /ne répond pas/);
      assert.match(notice, /vitrine sandbox/);
      // There is no `vitrine serve` command to point the reader to.
      assert.doesNotMatch(notice, /vitrine serve/);
      await assertNoAxeViolations(page);
    } finally {
      await browser.close();
      await site.close();
    }
  });
});
