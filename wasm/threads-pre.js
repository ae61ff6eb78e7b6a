// Inside the threaded build's factory (--pre-js, wasm/CMakeLists.txt): each
// thread's worker imports this module from the URL it was loaded from (in a
// bundle, its chunk's), unless the caller names another.
if (!Module['mainScriptUrlOrBlob']) Module['mainScriptUrlOrBlob'] = mfcfCoreUrl;
