/**
 * The docs site (`npm run docs` → docs/api/) opened in headless Chromium:
 * Debian's /usr/bin/chromium driven by playwright-core (never a downloaded
 * browser), served over HTTP from a local static server. Checks that no link
 * of any page is broken, that the landing page and the guides load without
 * errors, and that every state diagram renders to an SVG. Screenshots of the
 * landing page and a diagram go to reports/site/.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SITE = join(ROOT, 'docs/api');
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'reports/site');
// Without Chromium the test is skipped on a developer's machine, never in CI (.ci/run installs it).
const available = existsSync(CHROMIUM) || process.env.CI !== undefined;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
};

let server: Server;
let base: string;
let browser: BrowserContext; // a persistent context: its user-data-dir is a new empty directory
let profile: string;

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  if (!existsSync(join(SITE, 'index.html')) || !existsSync(join(SITE, 'assets/mermaid.min.js'))) {
    await new Promise<void>((done, fail) => execFile('npm', ['run', 'docs', '--silent'], { cwd: ROOT }, (e) => (e ? fail(e) : done())));
  }
  server = createServer(async (req, res) => {
    const path = resolve(SITE, `.${decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)}`);
    const file = path.endsWith(sep) ? join(path, 'index.html') : path;
    if (!file.startsWith(SITE) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  profile = await mkdtemp(join(tmpdir(), 'ta-chromium-'));
  if (!available) return;
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe.skipIf(!available)('the docs site in headless Chromium', () => {
  it('has no broken links: every local href names an existing page, and every #fragment an id on it', async () => {
    const pages = await htmlFiles(SITE);
    expect(pages.length).toBeGreaterThan(50);
    const ids = new Map<string, Set<string>>();
    const idsOf = async (file: string): Promise<Set<string>> => {
      if (!ids.has(file)) ids.set(file, new Set([...(await readFile(file, 'utf8')).matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!)));
      return ids.get(file)!;
    };
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      const html = await readFile(page, 'utf8');
      for (const [, href] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
        if (/^(https?:|mailto:|javascript:)/.test(href!)) continue;
        checked++;
        const [path, fragment] = href!.split('#') as [string, string | undefined];
        const target = path === '' ? page : resolve(join(page, '..'), decodeURIComponent(path));
        if (!existsSync(target)) broken.push(`${relative(SITE, page)} → ${href}`);
        else if (fragment && target.endsWith('.html') && !(await idsOf(target)).has(decodeURIComponent(fragment))) {
          broken.push(`${relative(SITE, page)} → ${href} (no id "${fragment}")`);
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(broken).toEqual([]);
  });

  it('the landing page "Checking your runtime" loads without errors and links what an implementer needs', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
    await page.goto(`${base}index.html`, { waitUntil: 'load' });
    expect(await page.title()).toContain('trueasync-conformance');
    expect(await page.locator('.tsd-typography h1').first().textContent()).toContain('Checking your runtime');
    const links = await page.locator('.tsd-panel a').evaluateAll((as) => as.map((a) => a.textContent ?? ''));
    for (const text of ['Adapter', 'AdapterFault', 'Trace', 'Expectation', 'describeConformance', 'Requirement catalogue', 'trace semantics']) {
      expect(links.some((l) => l.includes(text)), text).toBe(true);
    }
    for (const href of await page.locator('.tsd-panel a[href]').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href))) {
      if (!href.startsWith(base)) continue;
      const r = await page.request.get(href);
      expect(r.status(), href).toBe(200);
    }
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'landing.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every state diagram renders to an SVG', async () => {
    const documents = await readdir(join(SITE, 'documents'));
    const diagrams: string[] = [];
    for (const f of documents) if ((await readFile(join(SITE, 'documents', f), 'utf8')).includes('<code class="mermaid">')) diagrams.push(f);
    expect(diagrams.length).toBe((await readdir(join(ROOT, 'docs/diagrams'))).filter((f) => f.endsWith('.md')).length);
    for (const file of diagrams) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}documents/${file}`, { waitUntil: 'load' });
      // diagrams.js sets data-diagrams on <html> to "rendered" (or "failed") when Mermaid is done.
      await page.waitForFunction('document.documentElement.dataset.diagrams !== undefined', undefined, { timeout: 30_000 });
      expect(await page.evaluate('document.documentElement.dataset.diagrams'), file).toBe('rendered');
      const svg = page.locator('div.mermaid svg');
      expect(await svg.count(), file).toBe(1);
      expect(await svg.locator('g.node, g.statediagram-state').count(), file).toBeGreaterThan(1);
      if (file === 'pool.html') await page.screenshot({ path: join(SHOTS, 'diagram-pool.png'), fullPage: false });
      expect(errors, file).toEqual([]);
      await page.close();
    }
  });
});
