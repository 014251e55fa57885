// Development check of the widget against the mock sandbox, on a hand-made
// page holding the partial's rendered output (page.html; __SANDBOX__ and
// __SITE__ are filled in here). Run by hand:
//   node --test tests/browser/widget-fixture/fixture-flow.mjs
// The real test is ../token-demo.test.mjs (real `vitrine build` + `vitrine sandbox`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeViolations, launchBrowser, repoRoot, runAxe, serveStatic, tempDir } from '../harness.mjs';
import { startMockSandbox } from './mock-sandbox.mjs';
import { runAuthorizationCode, runErrorButton } from './driver.mjs';

const here = dirname(fileURLToPath(import.meta.url));

test('widget runs the whole flow against the mock sandbox', async () => {
  const dir = tempDir();
  cpSync(join(repoRoot, 'themes', 'default', 'static'), join(dir, 'static'), { recursive: true });
  const site = await serveStatic(dir);
  const sandbox = await startMockSandbox({ siteUrl: site.url });
  const page = readFileSync(join(here, 'page.html'), 'utf8').replaceAll('__SANDBOX__', sandbox.url).replaceAll('__SITE__', site.url);
  writeFileSync(join(dir, 'index.html'), page);
  const browser = await launchBrowser();
  try {
    const tab = await browser.newPage();
    const logs = [];
    tab.on('console', (m) => logs.push(m.text()));
    tab.on('pageerror', (e) => logs.push(String(e)));
    await tab.goto(`${site.url}/`);
    const result = await runAuthorizationCode(tab, 'demo-individu').catch((e) => {
      throw new Error(`${e.message}\n${logs.join('\n')}`);
    });
    assert.equal(result.allOk, true);
    for (const error of ['invalid_grant', 'invalid_client', 'unsupported_grant_type']) {
      const shown = await runErrorButton(tab, 'demo-individu', error);
      assert.match(shown.response, new RegExp(`"error":"${error}"`));
      assert.equal(shown.allOk, true, JSON.stringify(shown));
    }
    for (const error of ['redirect_uri_mismatch', 'invalid_scope']) {
      const popupOpened = tab.waitForEvent('popup');
      await tab.locator(`#demo-individu [data-error="${error}"]`).click();
      const popup = await popupOpened;
      if (error === 'redirect_uri_mismatch') await popup.locator('form button').first().click();
      const output = tab.locator(`#demo-individu [data-error-output][data-done="${error}"]`);
      await output.locator(`[data-all-ok]`).waitFor();
      assert.equal(await output.locator('[data-all-ok]').getAttribute('data-all-ok'), 'true', await output.textContent());
    }
    for (const error of ['invalid_client', 'unsupported_grant_type', 'invalid_scope']) {
      const shown = await runErrorButton(tab, 'demo-partenaire', error);
      assert.equal(shown.allOk, true, JSON.stringify(shown));
    }
    await tab.locator('#demo-partenaire [data-action="token"]').click();
    await tab.locator('#demo-partenaire [data-step="checks"] [data-all-ok="true"]').waitFor();
    const violations = await runAxe(tab);
    assert.deepEqual(violations, [], describeViolations(violations));
  } finally {
    await browser.close();
    await sandbox.close();
    await site.close();
  }
});

test('without a popup window the sign-in happens in the same tab and the widget resumes', async () => {
  const dir = tempDir();
  cpSync(join(repoRoot, 'themes', 'default', 'static'), join(dir, 'static'), { recursive: true });
  const site = await serveStatic(dir);
  const sandbox = await startMockSandbox({ siteUrl: site.url });
  const page = readFileSync(join(here, 'page.html'), 'utf8').replaceAll('__SANDBOX__', sandbox.url).replaceAll('__SITE__', site.url);
  writeFileSync(join(dir, 'index.html'), page);
  const browser = await launchBrowser();
  try {
    const tab = await browser.newPage();
    await tab.addInitScript(() => { window.open = () => null; });
    await tab.goto(`${site.url}/`);
    await tab.locator('#demo-individu [data-action="authorize"]').click();
    await tab.locator('#demo-individu [data-action="signin"]:not([disabled])').click();
    await tab.waitForURL(/connexion\/oauth2\/authorize/);
    await tab.locator('form button').first().click();
    await tab.waitForURL(`${site.url}/#demo-individu`);
    await tab.locator('#demo-individu [data-action="token"]:not([disabled])').click();
    await tab.locator('#demo-individu [data-step="checks"] [data-all-ok]').waitFor();
    const checks = await tab.locator('#demo-individu [data-step="checks"]').textContent();
    assert.equal(await tab.locator('#demo-individu [data-step="checks"] [data-all-ok]').getAttribute('data-all-ok'), 'true', checks);
  } finally {
    await browser.close();
    await sandbox.close();
    await site.close();
  }
});

test('a configured sandbox that does not answer is reported in the page', async () => {
  const dir = tempDir();
  cpSync(join(repoRoot, 'themes', 'default', 'static'), join(dir, 'static'), { recursive: true });
  const site = await serveStatic(dir);
  const gone = await startMockSandbox({ siteUrl: site.url });
  await gone.close();
  writeFileSync(join(dir, 'index.html'), readFileSync(join(here, 'page.html'), 'utf8').replaceAll('__SANDBOX__', gone.url).replaceAll('__SITE__', site.url));
  const browser = await launchBrowser();
  try {
    const tab = await browser.newPage();
    await tab.goto(`${site.url}/`);
    const notice = await tab.locator('#demo-individu [data-unreachable]').textContent();
    assert.match(notice, /ne répond pas/);
    assert.match(notice, /vitrine sandbox/);
    const violations = await runAxe(tab);
    assert.deepEqual(violations, [], describeViolations(violations));
  } finally {
    await browser.close();
    await site.close();
  }
});
