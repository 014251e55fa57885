// /documentation/<slug>/ pages in headless Chromium: zero axe-core
// violations on a reference page of each format and on the external-link
// form, readable without JavaScript, and a public spec nobody here wrote:
// the Petstore documents shipped in the npm package @readme/oas-examples
// (Swagger 2.0 JSON and YAML, OpenAPI 3.0 and 3.1), rendered with every
// operation they declare.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildSite, copyContent, describeViolations, launchBrowser, repoRoot, runAxe, serveStatic } from './harness.mjs';

const require = createRequire(import.meta.url);
const examples = dirname(require.resolve('@readme/oas-examples/package.json'));

// Public specs: card slug, file in the package, file in the catalogue.
const PETSTORES = [
  ['petstore-swagger-2', '2.0/json/petstore.json', 'petstore-2.json'],
  ['petstore-swagger-2-yaml', '2.0/yaml/petstore.yaml', 'petstore-2.yaml'],
  ['petstore-openapi-30', '3.0/json/petstore.json', 'petstore-30.json'],
  ['petstore-openapi-31', '3.1/json/petstore.json', 'petstore-31.json'],
];

let server;
let browser;
let stderr;

before(async () => {
  const content = copyContent(join(repoRoot, 'tests', 'fixtures', 'openapi'));
  for (const [slug, from, to] of PETSTORES) {
    cpSync(join(examples, from), join(content, 'static', 'swaggers', to));
    writeFileSync(
      join(content, 'api', `${slug}.md`),
      `---\ntitle: Petstore ${slug}\ntagline: La référence publique.\nproducer: dinum\nis_open: 1\ndoc_tech_link: /swaggers/${to}\n---\nLa référence publique de Petstore.\n`,
    );
  }
  const built = buildSite({ content });
  stderr = built.stderr;
  server = await serveStatic(built.output);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const path of [
  '/documentation/demarches/',
  '/documentation/api-entreprise-legere/',
  '/documentation/sirene-simplifiee/',
  '/documentation/api-externe/',
  '/documentation/petstore-openapi-30/',
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

/** The operations a spec declares, counted from the document itself. */
function declaredOperations(file) {
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const text = readFileSync(join(examples, file), 'utf8');
  if (file.endsWith('.json')) {
    const spec = JSON.parse(text);
    return Object.values(spec.paths).flatMap((item) => methods.filter((m) => item[m]).map((m) => m));
  }
  // YAML: the methods indented under a path (this package's files use two spaces).
  return text.split('\n').filter((l) => new RegExp(`^    (${methods.join('|')}):\\s*$`).test(l));
}

for (const [slug, file] of PETSTORES) {
  test(`the public ${file} of @readme/oas-examples renders every operation, with JavaScript off`, async () => {
    // The only warning of the build is the fixture's broken spec.
    assert.match(stderr, /\b1 warning, 0 errors\b/, stderr);
    assert.ok(!stderr.includes(`${slug}.md`), `no diagnostic for ${slug}:\n${stderr}`);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/documentation/${slug}/`);
      const operations = await page.locator('.doc-operation').count();
      assert.equal(operations, declaredOperations(file).length);
      assert.ok(operations > 0);
      // Each navigation link lands on an operation of the page.
      const hrefs = await page.locator('nav.doc-nav ul ul a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.equal(hrefs.length, operations);
      for (const href of hrefs) {
        assert.equal(await page.locator(`[id="${href.slice(1)}"]`).count(), 1, href);
      }
      const spec = await (await fetch(`${server.url}/documentation/${slug}/openapi.json`)).json();
      assert.ok(spec.paths['/pet'] || spec.paths['/pets'], 'openapi.json is the spec');
    } finally {
      await context.close();
    }
  });
}

test('a broken spec falls back to the external-link form', async () => {
  assert.match(stderr, /static\/swaggers\/cassee\.json at \/paths\/~1choses/);
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}/documentation/api-cassee/`);
    assert.equal(await page.locator('.doc-operation').count(), 0);
    assert.equal(await page.locator('h2#reference').count(), 1);
  } finally {
    await page.close();
  }
});
