// Inside the threaded build's factory (--pre-js, wasm/CMakeLists.txt). Its
// files (.wasm, the threads' worker) are looked up beside the module (built
// with USE_ES6_IMPORT_META=0, Emscripten would look beside the page), unless
// the caller's locateFile says otherwise; and each thread's worker imports the
// module from the URL it was loaded from (in a bundle, its chunk's).
if (!Module['locateFile']) Module['locateFile'] = (file) => new URL(file, mfcfCoreUrl).href;
if (!Module['mainScriptUrlOrBlob']) Module['mainScriptUrlOrBlob'] = mfcfCoreUrl;
