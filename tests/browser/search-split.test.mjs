// Catalogue search where the index is split (more than 100 documents) and
// where cards have reference pages: typos in a word's first letters, which
// choose the terms shard, and operations of `/documentation/<slug>/` pages
// as results of their own. Built with the real binary, driven in headless
// Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildSite, launchBrowser, repoRoot, serveStatic } from './harness.mjs';

let work;
let grown;
let reference;
let browser;

/** tests/fixtures/search, its cards copied under regional titles until
 * there are `apis` of them (as tests/testsuite/search_index.rs does). */
function grownCatalogue(dir, apis) {
  cpSync(join(repoRoot, 'tests', 'fixtures', 'search'), dir, { recursive: true });
  const apiDir = join(dir, 'api');
  const cards = readdirSync(apiDir).sort().map((name) => [name.replace(/\.md$/, ''), readFileSync(join(apiDir, name), 'utf8')]);
  let count = cards.length;
  for (const region of ['Bretagne', 'Occitanie', 'Normandie', 'Grand Est', 'Corse']) {
    for (const [slug, text] of cards) {
      if (count >= apis) return;
      const key = region.toLowerCase().replace(' ', '-');
      writeFileSync(join(apiDir, `${slug}-${key}.md`), text.replace('title: "', `title: "${region} – `));
      count += 1;
    }
  }
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'vitrine-search-split-'));
  grownCatalogue(join(work, 'content'), 230);
  const built = buildSite({ content: join(work, 'content'), output: join(work, 'public') });
  grown = await serveStatic(built.output);
  const ref = buildSite({ content: join(repoRoot, 'tests', 'fixtures', 'openapi'), output: join(work, 'reference') });
  reference = await serveStatic(ref.output);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await grown?.close();
  await reference?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function search(page, query) {
  await page.getByRole('searchbox', { name: /Rechercher une API/ }).fill(query);
  await page.waitForFunction(
    (q) => document.querySelector('[data-search-results]')?.getAttribute('data-rendered') === q,
    query,
  );
}

async function results(page) {
  return page.locator('#resultats-recherche .result').evaluateAll((items) =>
    items.map((li) => {
      const a = li.querySelector('.result-title a');
      const url = new URL(a.href);
      return { kind: li.className.replace(/^result result-/, ''), path: url.pathname + url.hash, title: a.textContent };
    }),
  );
}

test('the grown catalogue is split by prefix, so a typo in the first letters changes shard', () => {
  const meta = JSON.parse(readFileSync(join(work, 'public', 'search', 'meta.json'), 'utf8'));
  assert.ok(meta.shards.length > 5, JSON.stringify(meta.shards));
  assert.ok(meta.ends.includes('se'), JSON.stringify(meta.ends));
});

test('one typo in the first or second letter of a 5+ letter word finds what the word finds', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${grown.url}/rechercher-api/`);
    const pairs = [
      ['zntreprise', 'entreprise'], // substitution, first letter
      ['mntreprise', 'entreprise'],
      ['ntreprise', 'entreprise'], // first letter left out
      ['netreprise', 'entreprise'], // first two letters swapped
      ['aadresse', 'adresse'], // a letter before the first
      ['xuotient familial', 'quotient familial'],
      ['cadastre', 'cadastre'],
      ['kadastre', 'cadastre'],
      ['ctudiant', 'étudiant'],
      ['eyudiant', 'étudiant'], // second letter
    ];
    for (const [variant, exact] of pairs) {
      await search(page, exact + ' ');
      const expected = (await results(page))[0];
      assert.ok(expected, `${exact} finds something`);
      await search(page, variant + ' ');
      const got = await results(page);
      assert.deepEqual(got[0], expected, `${variant} vs ${exact}`);
    }
    // Four-letter words get no typo: `zdpe` is not `dpe`, `xrna` not `rna`.
    await search(page, 'xrna ');
    assert.deepEqual(await results(page), []);
  } finally {
    await page.close();
  }
});

test('operations of reference pages are results of their own, opening at their anchor', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${reference.url}/rechercher-api/`);
    await search(page, 'GET /dossiers');
    const got = await results(page);
    assert.deepEqual(got[0], { kind: 'operation', path: '/documentation/demarches/#op-listerdossiers', title: 'GET /dossiers' });
    assert.ok(got.every((r) => r.kind === 'operation'), JSON.stringify(got));
    const meta = await page.locator('#resultats-recherche .result').first().locator('.result-meta').innerText();
    assert.match(meta, /Opération · API : API Démarches/);
    // The summary finds it too, and the operationId split at capitals.
    await search(page, 'déposer pièce justificative');
    assert.equal((await results(page))[0].path, '/documentation/demarches/#op-deposerpiece');
    await search(page, 'rechercherUnitesLegales');
    assert.equal((await results(page))[0].path, '/documentation/sirene-simplifiee/#op-rechercheruniteslegales');
    await search(page, 'unites legales');
    const units = await results(page);
    assert.ok(units.some((r) => r.kind === 'operation' && r.path.startsWith('/documentation/sirene-simplifiee/#op-')), JSON.stringify(units));
    // Opening one lands on the operation's heading.
    await search(page, 'GET /dossiers');
    await page.locator('#resultats-recherche .result-title a').first().click();
    await page.waitForURL(/\/documentation\/demarches\/#op-listerdossiers$/);
    assert.match(await page.locator('#op-listerdossiers').innerText(), /GET\s+\/dossiers/);
  } finally {
    await page.close();
  }
});

test('an API name query puts the API above its operations', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${reference.url}/rechercher-api/`);
    for (const [query, api] of [['démarches', '/les-api/demarches/'], ['sirene', '/les-api/sirene-simplifiee/']]) {
      await search(page, query);
      const got = await results(page);
      assert.equal(got[0].path, api, `${query}: ${JSON.stringify(got)}`);
      const firstOperation = got.findIndex((r) => r.kind === 'operation');
      const lastApi = got.map((r) => r.kind).lastIndexOf('api');
      assert.ok(firstOperation === -1 || firstOperation > lastApi, `${query}: ${JSON.stringify(got)}`);
    }
  } finally {
    await page.close();
  }
});

test('an operation is found by its description and follows its API through the filters', async () => {
  const page = await browser.newPage();
  const open = async (params, q) => {
    await page.goto(`${reference.url}/rechercher-api/?${params}`);
    await page.waitForFunction(
      (q) => document.querySelector('[data-search-results]')?.getAttribute('data-rendered') === q,
      q,
    );
    return (await results(page)).map((r) => r.path);
  };
  try {
    // `récursivement` is only in the description of `GET /dossiers/{id}`.
    const q = 'récursivement';
    assert.deepEqual(await open(`q=${encodeURIComponent(q)}`, q), ['/documentation/demarches/#op-liredossier']);
    // API Démarches is DINUM's: its operations stay under that filter and
    // go under another producer's.
    assert.deepEqual(await open(`q=${encodeURIComponent(q)}&producer=dinum`, q), ['/documentation/demarches/#op-liredossier']);
    assert.deepEqual(await open(`q=${encodeURIComponent(q)}&producer=insee`, q), []);
    const listed = await open('q=dossiers&producer=dinum', 'dossiers');
    assert.ok(listed.includes('/documentation/demarches/#op-listerdossiers'), JSON.stringify(listed));
  } finally {
    await page.close();
  }
});
