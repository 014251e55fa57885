// Shared helpers for the browser tests: build a site with the real binary,
// serve it on 127.0.0.1, start the real sandbox, drive Debian's Chromium with
// playwright-core, and run axe-core in the page.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync, mkdtempSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The vitrine binary: $VITRINE_BIN, else target/debug/vitrine (built by `cargo build`). */
export function vitrineBinary() {
  const bin = process.env.VITRINE_BIN || join(repoRoot, 'target', 'debug', 'vitrine');
  if (!existsSync(bin)) {
    throw new Error(`vitrine binary not found at ${bin}: run \`cargo build\` first (or set VITRINE_BIN)`);
  }
  return bin;
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'vitrine-browser-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Copies a content folder (default: the example catalogue) into a temp dir and returns its path. */
export function copyContent(src = join(repoRoot, 'content')) {
  const dst = join(tempDir(), 'content');
  cpSync(src, dst, { recursive: true });
  return dst;
}

/** Sets (or removes, with value null) a top-level key of `<content>/site.yaml`. */
export function setSiteSetting(contentDir, key, value) {
  const path = join(contentDir, 'site.yaml');
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => !l.startsWith(`${key}:`));
  if (value !== null) lines.push(`${key}: ${value}`);
  writeFileSync(path, lines.join('\n').replace(/\n*$/, '\n'));
}

/** Runs `vitrine build`; throws with its output when it fails. Returns {stdout, stderr}. */
export function buildSite({ content = join(repoRoot, 'content'), output, extraArgs = [] } = {}) {
  const out = output || join(tempDir(), 'public');
  const run = spawnSync(vitrineBinary(), ['build', '--content', content, '--output', out, ...extraArgs], {
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`vitrine build failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return { output: out, stdout: run.stdout, stderr: run.stderr };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.webp': 'image/webp', '.ico': 'image/x-icon',
};

/**
 * Serves `dir` on 127.0.0.1 with a random port, as a static host would:
 * `/x/` serves `/x/index.html`, `/x` redirects to `/x/` when that is a folder,
 * anything missing gets `404.html` with status 404. Returns {url, port, close}.
 */
export async function serveStatic(dir, { port = 0 } = {}) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { Location: path + '/' }).end();
        return;
      }
      file = join(file, 'index.html');
    }
    if (!existsSync(file)) {
      const notFound = join(root, '404.html');
      res.writeHead(404, { 'Content-Type': TYPES['.html'] });
      if (existsSync(notFound)) createReadStream(notFound).pipe(res);
      else res.end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * Starts the real sandbox (`vitrine sandbox --port 0 --site-url …`) and waits for
 * its first stdout line `sandbox listening on http://127.0.0.1:PORT`. Returns {url, close}.
 */
export function startSandbox({ siteUrl, extraArgs = [], timeoutMs = 20000 } = {}) {
  const args = ['sandbox', '--port', '0', ...(siteUrl ? ['--site-url', siteUrl] : []), ...extraArgs];
  const child = spawn(vitrineBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill();
      fail(new Error(`sandbox did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/^sandbox listening on (http:\/\/\S+)/m);
      if (match) {
        clearTimeout(timer);
        ok({
          url: match[1],
          process: child,
          close: () => new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', done);
            child.kill();
          }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`sandbox exited with ${code} before listening:\n${output}`));
    });
  });
}

/**
 * Launches Debian's headless Chromium ($CHROMIUM or /usr/bin/chromium) with the
 * flags this closed-network machine needs.
 */
export function launchBrowser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium (or set CHROMIUM)`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (all default rules) on the page; returns the violations. */
export async function runAxe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
}

/** A readable one-violation-per-paragraph summary for assertion messages. */
export function describeViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) => `  - ${n.target}: ${n.summary}`).join('\n'))
    .join('\n\n');
}
