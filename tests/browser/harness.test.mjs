// The harness itself: the static server behaves like a static host, and
// axe-core really runs in Chromium (it flags a page built to fail, and passes
// a clean one), so a green axe check elsewhere means something.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, runAxe, serveStatic, tempDir } from './harness.mjs';

const CLEAN = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Propre</title></head>
<body><main><h1>Bonjour</h1><p>Texte.</p></main></body></html>`;
const BROKEN = `<!doctype html><html><head><meta charset="utf-8"></head>
<body><img src="x.png"><button></button></body></html>`;

test('static server serves folders, redirects bare folders and answers 404 with 404.html', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'page'));
  writeFileSync(join(dir, 'page', 'index.html'), CLEAN);
  writeFileSync(join(dir, '404.html'), 'introuvable');
  const server = await serveStatic(dir);
  try {
    const ok = await fetch(`${server.url}/page/`);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /Bonjour/);
    const bare = await fetch(`${server.url}/page`, { redirect: 'manual' });
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/page/');
    const missing = await fetch(`${server.url}/nope/`);
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), 'introuvable');
  } finally {
    await server.close();
  }
});

test('axe-core runs in headless Chromium and tells a broken page from a clean one', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'clean.html'), CLEAN);
  writeFileSync(join(dir, 'broken.html'), BROKEN);
  const server = await serveStatic(dir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/broken.html`);
    const ids = (await runAxe(page)).map((v) => v.id);
    for (const expected of ['image-alt', 'button-name', 'html-has-lang', 'document-title']) {
      assert.ok(ids.includes(expected), `axe should report ${expected}, got ${ids.join(', ')}`);
    }
    await page.goto(`${server.url}/clean.html`);
    assert.deepEqual(await runAxe(page), []);
  } finally {
    await browser.close();
    await server.close();
  }
});
