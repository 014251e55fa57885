// The built example catalogue in headless Chromium: zero axe-core
// violations on the main kinds of page, the eligibility question tree with
// mouse and keyboard, and the catalogue's instant filter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, describeViolations, launchBrowser, runAxe, serveStatic } from './harness.mjs';

let server;
let browser;

before(async () => {
  const { output } = buildSite();
  server = await serveStatic(output);
  browser = await launchBrowser();
});

/** A choice button of a question tree, by its exact label (hidden ones too). */
function choice(tree, label) {
  return tree.locator('button.qt-choice').filter({ hasText: new RegExp(`^${label}$`) });
}

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const path of [
  '/',
  '/rechercher-api/',
  '/les-api/api-particulier/',
  '/les-api/proconnect/',
  '/producteurs/dinum/',
  '/producteurs/',
  '/guides/utiliser-les-api-france-travail/',
  '/service/portail-famille-clamart/',
  '/404.html',
]) {
  test(`no axe-core violations on ${path}`, async () => {
    const page = await browser.newPage();
    try {
      const response = await page.goto(server.url + path);
      assert.equal(response.status(), 200);
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], describeViolations(violations));
    } finally {
      await page.close();
    }
  });
}

test('question tree: buttons with aria-pressed reveal answers; an earlier change closes what hung below (mouse)', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}/les-api/api-particulier/`);
    const tree = page.locator('[data-question-tree]').first();
    const first = choice(tree, 'Une collectivité ou une administration');
    await assert.doesNotReject(first.waitFor());
    assert.equal(await first.getAttribute('aria-pressed'), 'false');
    const next = tree.getByText('Faites-vous appel à un éditeur de logiciels ?');
    assert.equal(await next.isVisible(), false);

    await first.click();
    assert.equal(await first.getAttribute('aria-pressed'), 'true');
    assert.equal(await next.isVisible(), true);
    const yes = choice(tree, 'Oui');
    await yes.click();
    assert.equal(await yes.getAttribute('aria-pressed'), 'true');
    const deeper = tree.getByText('Votre éditeur est-il déjà référencé sur un cas d\'usage ?');
    assert.equal(await deeper.isVisible(), true);

    // Changing the first answer closes everything below it and unpresses it.
    await choice(tree, 'Un éditeur de logiciel').click();
    assert.equal(await first.getAttribute('aria-pressed'), 'false');
    assert.equal(await next.isVisible(), false);
    assert.equal(await deeper.isVisible(), false);
    assert.equal(await yes.getAttribute('aria-pressed'), 'false');
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], describeViolations(violations));
  } finally {
    await page.close();
  }
});

test('question tree works with the keyboard only', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}/les-api/api-particulier/`);
    const tree = page.locator('[data-question-tree]').first();
    const first = choice(tree, 'Une collectivité ou une administration');
    await first.waitFor();
    await first.focus();
    await page.keyboard.press('Enter');
    assert.equal(await first.getAttribute('aria-pressed'), 'true');
    // Tab moves through the remaining choices to the next question's buttons.
    const yes = choice(tree, 'Oui');
    for (let i = 0; i < 10 && !(await yes.evaluate((el) => el === document.activeElement)); i += 1) {
      await page.keyboard.press('Tab');
    }
    assert.ok(await yes.evaluate((el) => el === document.activeElement), 'Oui reachable with Tab');
    await page.keyboard.press('Space');
    assert.equal(await yes.getAttribute('aria-pressed'), 'true');
    assert.equal(await tree.getByText('Votre éditeur est-il déjà référencé sur un cas d\'usage ?').isVisible(), true);
  } finally {
    await page.close();
  }
});

test('without JavaScript every question and answer is readable as <details>', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/les-api/api-particulier/`);
    const tree = page.locator('[data-question-tree]').first();
    assert.equal(await tree.getByRole('button').count(), 0);
    const summary = tree.locator('summary', { hasText: 'Une collectivité ou une administration' });
    await summary.click();
    assert.equal(await tree.getByText('Faites-vous appel à un éditeur de logiciels ?').isVisible(), true);
  } finally {
    await context.close();
  }
});

test('catalogue search ranks the example catalogue as you type (full suite: search.test.mjs)', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}/rechercher-api/`);
    const box = page.getByRole('searchbox', { name: /Rechercher une API/ });
    const rendered = (q) => page.waitForFunction((v) => document.querySelector('[data-search-results]')?.getAttribute('data-rendered') === v, q);
    await box.fill('quotient familial');
    await rendered('quotient familial');
    assert.equal(await page.locator('#resultats-recherche .result-title').first().innerText(), 'API Particulier');
    await box.fill('zzzz introuvable');
    await rendered('zzzz introuvable');
    assert.equal(await page.locator('[data-no-results]').isVisible(), true);
    await box.fill('');
    await rendered('');
    assert.equal(await page.locator('#liste-api').isVisible(), true);
  } finally {
    await page.close();
  }
});
