// Catalogue search in the browser: bytes downloaded for a first query and
// query latency, for catalogues of 200, 2,500 and 10,000 APIs (gen-corpus),
// next to Pagefind run on the same built site. A script, not a test.
//
//   VITRINE_BIN=target/release/vitrine PAGEFIND_BIN=…/node_modules/.bin/pagefind \
//     node benches/search.mjs [200 2500 10000]
//
// Bytes are gzip -6 sizes of every response the page loaded (a static host
// would serve them compressed); Pagefind's own files are counted at their
// gzip size too (its index chunks are compressed already, so this barely
// changes them). Latency is measured in the page with performance.now(),
// index files already fetched, median over runs of each query.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser, repoRoot, serveStatic, vitrineBinary } from '../tests/browser/harness.mjs';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [200, 2500, 10000];
const WORK = process.env.BENCH_DIR || '/tmp/vitrine-search-bench';
const GEN = process.env.GEN_CORPUS || join(repoRoot, '..', 'shared', 'tools', 'gen-corpus');
const PAGEFIND = process.env.PAGEFIND_BIN;
const RUNS = 15;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kb = (n) => (n / 1024).toFixed(1);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r;
}

// Queries from the corpus itself: the main word of ten titles spread over
// the catalogue, typed whole, as a 4-letter prefix, and with two letters
// swapped (a typo).
// The typo that costs the most bytes: the first letter replaced by the
// next one in the alphabet, which sends the word to another terms shard.
const firstLetterTypo = (w) => String.fromCharCode(((w.charCodeAt(0) - 97 + 1) % 26) + 97) + w.slice(1);

function queries(corpus) {
  const files = readdirSync(join(corpus, 'api')).sort();
  const words = [];
  for (let i = 0; i < 10; i++) {
    const text = readFileSync(join(corpus, 'api', files[Math.floor((i * files.length) / 10)]), 'utf8');
    const title = (text.match(/^title: (.*)$/m) || [])[1] || '';
    const word = title.replace(/^API\s+/i, '').split(/\s+/).find((w) => w.length >= 5);
    if (word) words.push(word.toLowerCase());
  }
  const typo = (w) => w.slice(0, 2) + w[3] + w[2] + w.slice(4);
  return words.flatMap((w) => [w, w.slice(0, 4), typo(w)]);
}

/** Sum of the gzipped bodies of the responses matching `keep`, while `act` runs. */
async function bytesDuring(page, keep, act) {
  const bodies = [];
  const onResponse = (response) => {
    if (keep(response.url())) bodies.push(response.body().then((b) => gzipSync(b).length, () => 0));
  };
  page.on('response', onResponse);
  await act();
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  const sizes = await Promise.all(bodies);
  return { bytes: sizes.reduce((a, b) => a + b, 0), requests: sizes.length };
}

async function vitrineFirstQuery(browser, url, query) {
  const page = await browser.newPage();
  try {
    return await bytesDuring(page, () => true, async () => {
      await page.goto(`${url}/rechercher-api/`);
      await page.getByRole('searchbox').fill(query);
      await page.waitForFunction((q) => document.querySelector('[data-search-results]')?.getAttribute('data-rendered') === q, query);
    });
  } finally {
    await page.close();
  }
}

async function vitrineLatency(browser, url, qs) {
  const page = await browser.newPage();
  try {
    await page.goto(`${url}/rechercher-api/`);
    return await page.evaluate(async ({ qs, runs }) => {
      const engine = window.VitrineSearch.createEngine((name) => fetch('/search/' + name).then((r) => r.json()));
      for (const q of qs) await engine.search(q, {}, 12);
      const out = [];
      for (const q of qs) {
        const times = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await engine.search(q, {}, 12);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        out.push(times[Math.floor(times.length / 2)]);
      }
      return out;
    }, { qs, runs: RUNS });
  } finally {
    await page.close();
  }
}

async function pagefindFirstQuery(browser, url, query) {
  const page = await browser.newPage();
  try {
    await page.goto(`${url}/404.html`);
    return await bytesDuring(page, (u) => u.includes('/pagefind/'), async () => {
      await page.evaluate(async (q) => {
        const pf = await import('/pagefind/pagefind.js');
        const r = await pf.search(q);
        await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
      }, query);
    });
  } finally {
    await page.close();
  }
}

async function pagefindLatency(browser, url, qs) {
  const page = await browser.newPage();
  try {
    await page.goto(`${url}/404.html`);
    return await page.evaluate(async ({ qs, runs }) => {
      const pf = await import('/pagefind/pagefind.js');
      const once = async (q) => { const r = await pf.search(q); await Promise.all(r.results.slice(0, 5).map((x) => x.data())); };
      for (const q of qs) await once(q);
      const out = [];
      for (const q of qs) {
        const times = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await once(q);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        out.push(times[Math.floor(times.length / 2)]);
      }
      return out;
    }, { qs, runs: RUNS });
  } finally {
    await page.close();
  }
}

mkdirSync(WORK, { recursive: true });
const browser = await launchBrowser();
console.log('| APIs | vitrine: first query, KB gz (requests) | vitrine: first query, first-letter typo, KB gz, median (max) | vitrine: query ms, median (max) | Pagefind: first query, KB gz (requests) | Pagefind: query ms, median (max) |');
console.log('|---|---|---|---|---|---|');
try {
  for (const n of SIZES) {
    const corpus = join(WORK, `corpus-${n}`);
    if (!existsSync(corpus)) run(GEN, [corpus, '--apis', String(n)]);
    const out = join(WORK, `public-${n}`);
    rmSync(out, { recursive: true, force: true });
    run(vitrineBinary(), ['build', '--content', corpus, '--output', out]);
    if (PAGEFIND) run(PAGEFIND, ['--site', out]);
    const server = await serveStatic(out);
    try {
      const qs = queries(corpus);
      const firsts = [];
      for (const q of qs.slice(0, 5)) firsts.push(await vitrineFirstQuery(browser, server.url, q));
      const typos = [];
      for (const q of qs.filter((_, i) => i % 3 === 0).slice(0, 5)) typos.push(await vitrineFirstQuery(browser, server.url, firstLetterTypo(q)));
      const lat = await vitrineLatency(browser, server.url, [...qs, ...qs.filter((_, i) => i % 3 === 0).map(firstLetterTypo)]);
      let pf = 'not run (set PAGEFIND_BIN)';
      let pfLat = '';
      if (PAGEFIND) {
        const pfFirsts = [];
        for (const q of qs.slice(0, 5)) pfFirsts.push(await pagefindFirstQuery(browser, server.url, q));
        const l = await pagefindLatency(browser, server.url, qs);
        pf = `${kb(median(pfFirsts.map((f) => f.bytes)))} (${median(pfFirsts.map((f) => f.requests))})`;
        pfLat = `${median(l).toFixed(2)} (${Math.max(...l).toFixed(2)})`;
      }
      const typoBytes = typos.map((f) => f.bytes);
      console.log(`| ${n} | ${kb(median(firsts.map((f) => f.bytes)))} (${median(firsts.map((f) => f.requests))}) | ${kb(median(typoBytes))} (${kb(Math.max(...typoBytes))}) | ${median(lat).toFixed(2)} (${Math.max(...lat).toFixed(2)}) | ${pf} | ${pfLat} |`);
    } finally {
      await server.close();
    }
  }
} finally {
  await browser.close();
}
