// Node entry of mfcf. The Emscripten module is built for web and worker only:
// adding node to -sENVIRONMENT with -sEXPORT_ES6 makes the module use
// __dirname and require, which ES modules lack. And node's fetch cannot read
// file paths, so the .wasm bytes are read here and handed over as wasmBinary.
import { readFile } from 'node:fs/promises';
import createMfcfWeb from './index.js';

export { MfError } from './index.js';

/** Loads the module in node; same options as the browser entry. */
export default async function createMfcf(options = {}) {
  if (options?.wasmBinary || options?.locateFile || options?.instantiateWasm) return createMfcfWeb(options);
  const wasmBinary = await readFile(new URL('./dist/mfcf-core.wasm', import.meta.url));
  return createMfcfWeb({ ...options, wasmBinary });
}
