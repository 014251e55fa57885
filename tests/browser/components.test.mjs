// The real-markdown fixture in headless Chromium at phone width: a table of
// long URLs keeps readable columns and scrolls sideways inside its region,
// and a self-closed <iframe /> does not swallow the rest of the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildSite, launchBrowser, repoRoot, serveStatic } from './harness.mjs';

let server;
let browser;

before(async () => {
  const { output } = buildSite({ content: join(repoRoot, 'tests', 'fixtures', 'real-markdown') });
  server = await serveStatic(output);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function phonePage() {
  return browser.newPage({ viewport: { width: 390, height: 844 } });
}

test('a table of long URLs stays readable at 390 px: columns keep their width, the region scrolls', async () => {
  const page = await phonePage();
  try {
    await page.goto(`${server.url}/les-api/api-entreprise/`);
    const region = page.locator('div.table-scroll[aria-label="Les liens utiles"]');
    const box = await region.evaluate((el) => {
      const cells = [...el.querySelectorAll('td')].map((td) => td.getBoundingClientRect());
      return {
        regionWidth: el.getBoundingClientRect().width,
        scrollWidth: el.scrollWidth,
        clientWidth: el.clientWidth,
        narrowest: Math.min(...cells.map((c) => c.width)),
        tableHeight: el.querySelector('table').getBoundingClientRect().height,
        pageWidth: document.documentElement.scrollWidth,
      };
    });
    assert.ok(box.narrowest >= 140, `narrowest cell ${box.narrowest} px`);
    assert.ok(box.tableHeight < 460, `table ${box.tableHeight} px tall`);
    assert.ok(box.regionWidth <= 390, `region ${box.regionWidth} px wide`);
    assert.ok(box.pageWidth <= 390, `page scrolls sideways: ${box.pageWidth} px`);
  } finally {
    await page.close();
  }
});

test('a self-closed iframe is closed: the footer and the content after it are on the page', async () => {
  const page = await phonePage();
  try {
    await page.goto(`${server.url}/les-api/api-entreprise/`);
    const iframe = page.locator('iframe');
    assert.equal(await iframe.count(), 1);
    assert.match(await iframe.getAttribute('title'), /Contenu intégré/);
    assert.equal(await page.locator('footer').count(), 1);
    assert.equal(await page.locator('footer').isVisible(), true);
    assert.equal(await page.getByRole('heading', { name: 'Les composants' }).count(), 1);
  } finally {
    await page.close();
  }
});
