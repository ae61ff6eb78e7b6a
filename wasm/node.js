// Node entry of mfcf. The Emscripten module is built for web and worker only:
// adding node to -sENVIRONMENT with -sEXPORT_ES6 makes the module use
// __dirname and require, which ES modules lack. And node's fetch cannot read
// file paths, so the .wasm bytes are read here and handed over as wasmBinary.
// importSpark also takes a folder's path here: its files are listed and read
// only as the import needs them.
import { openAsBlob } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import createMfcfWeb, { MfError } from './index.js';
import { threadWorkers } from './threads.js';

export { MfError } from './index.js';

// The files of `dir` (a model's folders and their parts: two levels deep) as
// { path, file }, paths starting with the folder's name as a folder picker's do.
async function folderEntries(dir) {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new MfError('Io', `cannot open '${dir}': ${error.code === 'ENOENT' ? 'no such file or folder' : error.message}`);
  }
  if (info.isFile()) return [{ path: basename(dir), file: await openAsBlob(dir) }];
  const top = dirname(resolve(dir));
  const out = [];
  async function walk(folder, depth) {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory() && depth < 2) await walk(full, depth + 1);
      else if (entry.isFile()) out.push({ path: relative(top, resolve(full)).split(sep).join('/'), file: await openAsBlob(full) });
    }
  }
  await walk(dir, 0);
  return out;
}

const dist = (file) => new URL(`./dist/${file}`, import.meta.url);

/**
 * Loads the module in node; same options as the browser entry. Node always
 * has what the threaded build needs, so by default it is the one loaded.
 */
export default async function createMfcf(options = {}) {
  let api;
  if (options?.wasmBinary || options?.locateFile || options?.instantiateWasm) api = await createMfcfWeb(options);
  else if ((await threadWorkers(options ?? {})) === 0)
    api = await createMfcfWeb({ ...options, threads: false, wasmBinary: await readFile(dist('mfcf-core.wasm')) });
  else {
    // The threads' worker is a CommonJS script: under this package's
    // "type": "module" it must end in .cjs. Emscripten sets a global Worker
    // (worker_threads') for itself: it is removed once the workers started.
    const hadWorker = 'Worker' in globalThis;
    api = await createMfcfWeb({
      ...options,
      threads: options?.threads ?? true,
      wasmBinary: await readFile(dist('mfcf-core-threads.wasm')),
      locateFile: (file) => fileURLToPath(dist(file.endsWith('.worker.js') ? file.replace(/\.js$/, '.cjs') : file)),
    });
    if (!hadWorker) delete globalThis.Worker;
  }
  const importSpark = async (files, importOptions) =>
    api.importSpark(typeof files === 'string' ? await folderEntries(files) : files, importOptions);
  return Object.freeze({ ...api, importSpark });
}
