// `vitrine serve` in headless Chromium: an open page reloads by itself after
// an edit and keeps its scroll position, shows the error overlay after a
// broken edit, and loses it once the card is fixed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { copyContent, launchBrowser, vitrineBinary } from './harness.mjs';

let serve;
let url;
let content;
let browser;

/** Starts `vitrine serve --port 0` and waits for `serving on URL`. */
function startServe(contentDir) {
  const child = spawn(vitrineBinary(), ['serve', '--port', '0', '--content', contentDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${output}`)), 30000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/^serving on (http:\/\/\S+?)\/?$/m);
      if (match) {
        clearTimeout(timer);
        ok({ child, url: match[1] });
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

/** Saves as editors do: a temporary file renamed over the card. */
function save(path, text) {
  writeFileSync(`${path}.tmp-save`, text);
  renameSync(`${path}.tmp-save`, path);
}

before(async () => {
  content = copyContent();
  ({ child: serve, url } = await startServe(content));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  serve?.kill();
});

test('an open page reloads after an edit, keeps its scroll, shows and hides the overlay', async () => {
  const card = join(content, 'api', 'api-particulier.md');
  const original = readFileSync(card, 'utf8');
  const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  try {
    await page.goto(`${url}/les-api/api-particulier/`, { waitUntil: 'domcontentloaded' });
    // An edit made before the stream opens is still seen: the stream's
    // first event carries the site's generation and the page compares.
    await page.evaluate(() => window.scrollTo(0, 700));
    const scrolled = await page.evaluate(() => window.scrollY);
    assert.ok(scrolled > 300, `the page is long enough to scroll (${scrolled})`);

    const reloaded = page.waitForNavigation({ timeout: 20000, waitUntil: 'domcontentloaded' });
    save(card, original.replace(/^tagline: .*$/m, 'tagline: Accroche modifiée dans l’éditeur'));
    await reloaded;
    await page.waitForFunction(() => document.body.textContent.includes('Accroche modifiée'), null, { timeout: 20000 });
    const kept = await page.evaluate(() => window.scrollY);
    assert.ok(Math.abs(kept - scrolled) < 5, `scroll kept: ${scrolled} then ${kept}`);

    save(card, '---\ntitle: API Particulier\ntagline: [jamais fermé\n');
    await page.waitForSelector('#vitrine-overlay', { timeout: 20000 });
    const overlay = await page.textContent('#vitrine-overlay');
    assert.match(overlay, /api-particulier\.md:\d+/);
    assert.ok(await page.evaluate(() => document.body.textContent.includes('Accroche modifiée')),
      'the last good page stays under the overlay');

    save(card, original);
    await page.waitForFunction(() => !document.querySelector('#vitrine-overlay'), null, { timeout: 20000 });
  } finally {
    await page.close();
  }
});
