// What the page tests share: waiting for the page's states through
// window.mfcfPage (web/page/test-hooks.js), and driving its controls.
import { launch, watch, MAIN_THREAD_WASM_COUNTER } from './browser.mjs';
import { serveStatic } from './server.mjs';
import { join } from 'node:path';
import { ROOT } from './browser.mjs';

export const DIST = process.env.MFCF_DIST ?? join(ROOT, 'dist');

export const state = (page) => page.evaluate(() => window.mfcfPage.state());
export const series = (page) => page.evaluate(() => window.mfcfPage.series());
export const runs = (page) => page.evaluate(() => window.mfcfPage.runs());

export async function waitReady(page, timeout = 30000) {
  await page.waitForFunction(() => {
    const s = window.mfcfPage?.state();
    return s && s.ready && !s.busy && s.runReady && !s.playing;
  }, null, { timeout });
}

export async function waitTrained(page, timeout = 120000) {
  await page.waitForFunction(() => {
    const s = window.mfcfPage.state();
    return !s.playing && s.epoch > 0 && s.epoch >= s.target;
  }, null, { timeout, polling: 100 });
}

// Training stopped by itself (done or diverged) after at least one iteration.
export async function waitStopped(page, timeout = 60000) {
  await page.waitForFunction(() => !window.mfcfPage.state().playing && window.mfcfPage.state().epoch > 0, null, { timeout });
}

export async function chooseData(page, value) {
  await page.check(`input[name="data"][value="${value}"]`);
  await page.waitForFunction((v) => location.hash.includes(`data=${v}`), value);
  await waitReady(page);
}

export async function setField(page, id, value) {
  await page.fill(`#${id}`, String(value));
  await page.dispatchEvent(`#${id}`, 'change');
  await waitReady(page);
}

// Full speed, where a test does not watch the curve grow.
export async function fullSpeed(page) {
  if (await page.$('#speed')) await page.selectOption('#speed', 'fast');
}

// Loads ratings `text` as the uploaded file `name` (movies too, if given).
export async function upload(page, name, text, movies) {
  if (!(await page.isVisible('#ratings-file'))) await page.click('#upload-box summary');
  await page.setInputFiles('#ratings-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  if (movies) await page.setInputFiles('#movies-file', { name: movies.name, mimeType: 'text/csv', buffer: Buffer.from(movies.text) });
  await page.click('#load-file');
}

// The built site served under a sub-path and a browser: { server, browser,
// open(hash, viewport) } where open() gives a watched page, ready to train.
// isolated: served with the cross-origin isolation headers (the threaded engine).
export async function startSite({ isolated = false } = {}) {
  const server = await serveStatic(DIST, { prefix: '/mfcf/site/', isolated });
  const browser = await launch();
  return {
    server,
    browser,
    async open(hash = '', viewport = { width: 1280, height: 900 }) {
      const page = await browser.context.newPage();
      await page.setViewportSize(viewport);
      await page.addInitScript(MAIN_THREAD_WASM_COUNTER);
      const log = watch(page, server.origin);
      await page.goto(server.url + hash);
      await waitReady(page);
      return { page, log };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
