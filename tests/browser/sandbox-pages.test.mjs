// The sandbox's own pages in headless Chromium: the sign-in page of each
// user realm and the error page have no axe-core violation, and a keyboard
// user signs in with Tab/Enter and lands on the redirect URI with a code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeViolations, launchBrowser, runAxe, startSandbox, vitrineBinary } from './harness.mjs';

const SITE = 'http://127.0.0.1:1111';
const CALLBACK = `${SITE}/static/oauth-callback.html`;
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

function authorizeUrl(base, realm, redirectUri = CALLBACK) {
  const params = new URLSearchParams({
    response_type: 'code', client_id: 'vitrine-demo-public', scope: 'openid profile email',
    redirect_uri: redirectUri, state: 'etat', nonce: 'nonce', code_challenge: CHALLENGE, code_challenge_method: 'S256',
  });
  return realm === '/agent'
    ? `${base}/connexion/oauth2/agent/authorize?${params}`
    : `${base}/connexion/oauth2/authorize?realm=${encodeURIComponent(realm)}&${params}`;
}

let skip = false;
try {
  vitrineBinary();
} catch (error) {
  skip = error.message;
}

describe('sandbox pages', { skip }, () => {
  let sandbox;
  let browser;
  before(async () => {
    sandbox = await startSandbox({ siteUrl: SITE });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  // The sign-in page forbids scripts (CSP); axe is injected by the test, so bypass it here only.
  const open = async (url) => {
    const page = await browser.newPage({ bypassCSP: true });
    const response = await page.goto(url);
    return { page, response };
  };

  for (const realm of ['/individu', '/entreprise', '/agent']) {
    test(`sign-in page for ${realm} has no axe violation`, async () => {
      const { page, response } = await open(authorizeUrl(sandbox.url, realm));
      assert.equal(response.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), 'fr');
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], describeViolations(violations));
      await page.close();
    });
  }

  test('error page for an unregistered redirect URI has no axe violation', async () => {
    const { page, response } = await open(authorizeUrl(sandbox.url, '/individu', 'https://ailleurs.example/cb'));
    assert.equal(response.status(), 400);
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    await page.close();
  });

  test('keyboard only: Tab to the first user, Enter, redirected with code and state', async () => {
    const { page } = await open(authorizeUrl(sandbox.url, '/individu'));
    // Nothing listens on the site URL: catch the redirect as a request instead.
    const redirected = page.waitForRequest((r) => r.url().startsWith(CALLBACK));
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'user'; i += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('name') ?? '');
    }
    assert.equal(focused, 'user', 'a user button is reachable with Tab');
    await page.keyboard.press('Enter');
    const url = new URL((await redirected).url());
    assert.equal(url.searchParams.get('state'), 'etat');
    assert.match(url.searchParams.get('code') ?? '', /^[A-Za-z0-9_-]{43}$/);
    await page.close();
  });
});
