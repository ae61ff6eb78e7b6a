// Put before the threaded build's ES module (--extern-pre-js, wasm/CMakeLists.txt).
// Its own URL, from which its thread workers import it (threads-pre.js); and
// in node the CommonJS `require` and `__dirname` that Emscripten's node code
// (worker_threads, os) expects, which an ES module lacks. In a browser only
// the URL is set. The specifier is computed so that bundlers leave it alone.
var mfcfCoreUrl = import.meta.url;
var require, __dirname;
if (typeof process == 'object' && typeof process.versions == 'object' && typeof process.versions.node == 'string') {
  require = (await import(/* @vite-ignore */ ['node', 'module'].join(':'))).createRequire(import.meta.url);
  __dirname = require('path').dirname(require('url').fileURLToPath(import.meta.url));
}
