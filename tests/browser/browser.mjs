// Debian's Chromium driven by playwright-core (never a downloaded browser),
// with the flags this sandbox needs, plus the page instrumentation every test
// uses: console errors, requests to other origins, long tasks.
import { chromium } from 'playwright-core';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function launch() {
  const userDataDir = await mkdtemp(join(tmpdir(), 'mfcf-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

// Records what a page does that the tests forbid.
export function watch(page, origin) {
  const log = { errors: [], foreign: [], dialogs: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') log.errors.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => log.errors.push(`pageerror: ${error.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin + '/') && !url.startsWith('data:') && !url.startsWith('blob:')) log.foreign.push(url);
  });
  page.on('dialog', (dialog) => { log.dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
  return log;
}

// Counts the WebAssembly modules the main thread compiles or instantiates
// (workers have their own globals, untouched): the page must train, parse and
// score only in its workers, so that it never freezes. A structural check, not
// a timing: it holds however loaded the machine is.
export const MAIN_THREAD_WASM_COUNTER = `
  window.__mainThreadWasm = 0;
  for (const name of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      window.__mainThreadWasm++;
      return original.apply(this, args);
    };
  }
`;

// A screenshot of the viewport, or of one element when a selector is given.
export async function screenshot(page, name, selector) {
  const path = join(ARTIFACTS, `${name}.png`);
  if (selector) await page.locator(selector).screenshot({ path });
  else await page.screenshot({ path, fullPage: false });
}
