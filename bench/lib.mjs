// What the benchmark's sections share: paths, the split, the wasm module, the
// native mf_bench, Chromium, a log on stderr.
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import createMfcf from '../wasm/node.js';

export const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const ratingsPath = join(root, 'public/data/ml-latest-small/ratings.csv');
export const nativeBench = process.env.MF_BENCH_NATIVE ?? join(root, 'build/native/bench/mf_bench');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// The split every section trains on. mf_bench takes the test fraction as an
// option but always seeds its split with 42; the sections check that its
// training set has the module's size.
export const SPLIT = { testFraction: 0.1, seed: 42 };

export const log = (...a) => console.error('[bench]', ...a);

let module = null;
/**
 * The mfcf module in node, one instance for all sections: the single-threaded
 * build, so that every step compares one thread with native's one thread
 * (node would otherwise load the threaded build, and ALS would use all cores).
 */
export const wasmModule = () => (module ??= createMfcf({ threads: false }));

/** Runs mf_bench with these arguments to the end and parses its JSON. */
export function runNativeBench(args) {
  return new Promise((ok, fail) => execFile(nativeBench, args, { encoding: 'utf8', maxBuffer: 1 << 24 },
    (error, stdout) => (error ? fail(error) : ok(JSON.parse(stdout)))));
}

/** The built site (dist/), which the page and grid sections load. */
export function distDir() {
  const dir = join(root, 'dist');
  if (!existsSync(join(dir, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  return dir;
}

/** Headless Chromium with a fresh profile; close() removes the profile. */
export async function launchBrowser() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'mfcf-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const close = async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, version: context.browser()?.version() ?? '', close };
}

// mf_bench --serve: asked for one step at a time; info is its first line.
export function nativeServer() {
  const child = spawn(nativeBench, ['--serve', ratingsPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  const ask = (command) => { const answer = next(); child.stdin.write(command + '\n'); return answer; };
  return { info: next().then(JSON.parse), ask, close: () => child.stdin.end('quit\n') };
}
