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
    console.log(JSON.stringify(result, null, 2));
    assert.equal(result.allOk, true);
    for (const error of ['invalid_grant', 'invalid_client', 'unsupported_grant_type']) {
      const shown = await runErrorButton(tab, 'demo-individu', error);
      assert.match(shown.response, new RegExp(`"error":"${error}"`));
      assert.equal(shown.allOk, true, JSON.stringify(shown));
    }
    for (const error of ['invalid_client', 'unsupported_grant_type', 'invalid_scope']) {
      const shown = await runErrorButton(tab, 'demo-partenaire', error);
      assert.equal(shown.allOk, true, JSON.stringify(shown));
    }
    await tab.locator('#demo-partenaire [data-action="token"]').click();
    await tab.locator('#demo-partenaire [data-step="checks"] [data-all-ok="true"]').waitFor();
    const violations = await runAxe(tab);
    assert.deepEqual(violations, [], describeViolations(violations));
    console.log(logs.join('\n'));
  } finally {
    await browser.close();
    await sandbox.close();
    await site.close();
  }
});
