// Shared by the node tests: paths, the module, the native CLI and small data.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import createMfcf from 'mfcf'; // the package itself, through its "exports"

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const path = (relative) => root + relative;
export const movielens = path('public/data/ml-latest-small/ratings.csv');

let instance;
/** One module instance shared by a test file (creating one takes ~50 ms). */
export async function mfcf() {
  instance ??= await createMfcf();
  return instance;
}

function newestFile(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestFile(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Fails when wasm/dist is older than core/ or wasm/: comparing with a stale build proves nothing. */
export function assertWasmFresh() {
  const sources = Math.max(newestFile(path('core')), ...['bindings.cpp', 'ranking_bindings.cpp', 'spark_bindings.cpp', 'glue.hpp',
    'threads-shell.js', 'threads-pre.js'].map((f) => statSync(path(`wasm/${f}`)).mtimeMs));
  for (const file of ['mfcf-core.wasm', 'mfcf-core-threads.wasm']) {
    const wasm = path(`wasm/dist/${file}`);
    if (!existsSync(wasm)) throw new Error(`wasm/dist/${file} is missing: run npm run build:wasm`);
    if (statSync(wasm).mtimeMs < sources) throw new Error('wasm/dist is older than core/ or the bindings: run npm run build:wasm');
  }
}

/** The native CLI, built (incrementally) from the same core/ as the module. */
export function nativeCli() {
  if (!existsSync(path('build/native/CMakeCache.txt')))
    execFileSync('cmake', ['-S', root, '-B', path('build/native'), '-DCMAKE_BUILD_TYPE=Release'], { stdio: 'ignore' });
  execFileSync('cmake', ['--build', path('build/native'), '--target', 'mf', '-j2'], { stdio: 'ignore' });
  return path('build/native/core/cli/mf');
}

/** Runs the CLI; returns stdout, stderr and the exit status without throwing. */
export function runCli(args) {
  try {
    const stdout = execFileSync(nativeCli(), args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    if (typeof e.status !== 'number') throw e;
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A reproducible small rating set as parallel arrays (users x items, ~30 % filled). */
export function smallArrays(nUsers = 30, nItems = 20, seed = 1) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const users = [], items = [], ratings = [];
  for (let u = 0; u < nUsers; ++u)
    for (let i = 0; i < nItems; ++i)
      if (i === u % nItems || rand() < 0.3) {
        users.push(100 + u);
        items.push(1000 + 7 * i);
        ratings.push(1 + Math.floor(rand() * 9) / 2);
      }
  return { users, items, ratings };
}
