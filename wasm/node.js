// Node entry of mfcf. The Emscripten module is built for web and worker only:
// adding node to -sENVIRONMENT with -sEXPORT_ES6 makes the module use
// __dirname and require, which ES modules lack. And node's fetch cannot read
// file paths, so the .wasm bytes are read here and handed over as wasmBinary.
// importSpark also takes a folder's path here: its files are listed and read
// only as the import needs them.
import { openAsBlob } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import createMfcfWeb, { MfError } from './index.js';

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

/** Loads the module in node; same options as the browser entry. */
export default async function createMfcf(options = {}) {
  let api;
  if (options?.wasmBinary || options?.locateFile || options?.instantiateWasm) api = await createMfcfWeb(options);
  else api = await createMfcfWeb({ ...options, wasmBinary: await readFile(new URL('./dist/mfcf-core.wasm', import.meta.url)) });
  const importSpark = async (files, importOptions) =>
    api.importSpark(typeof files === 'string' ? await folderEntries(files) : files, importOptions);
  return Object.freeze({ ...api, importSpark });
}
