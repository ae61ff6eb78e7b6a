// The teaching page: web/ is the app, public/ the bundled MovieLens data.
// base './' keeps every URL relative, so dist/ works from any static host or
// sub-folder. The worker is an ES module (it imports the wasm module, which
// finds its .wasm through a ?url import that Vite copies into dist/assets).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { prerenderMathPlugin } from './scripts/vite-prerender-math.mjs';
import { partialsPlugin } from './scripts/vite-partials.mjs';
// The bundled ratings as ratings.bin beside each ratings.csv in dist/ (scripts/vite-ratings-bin.mjs).
import { ratingsBinPlugin } from './scripts/vite-ratings-bin.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// The dev server injects styles and its client through means a strict CSP
// forbids, so the policy is enforced in the build only (which the browser
// tests check); `npm run dev` serves the page without it.
const cspInBuildOnly = {
  name: 'csp-in-build-only',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

// Cross-origin isolation: with these two headers the browser gives the page
// and its workers SharedArrayBuffer, which the threaded engine needs (the
// training worker loads it when self.crossOriginIsolated). A static host that
// does not send them gets the single-threaded engine, and the page says so.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: here('./web'),
  publicDir: here('./public'),
  base: './',
  plugins: [partialsPlugin(), prerenderMathPlugin(), cspInBuildOnly, ratingsBinPlugin()],
  worker: { format: 'es' },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    // The .wasm files and the threads' worker script stay files (never inlined
    // as base64: a data: URL worker is of another origin, which the CSP refuses).
    assetsInlineLimit: (file) => (/\.wasm$|\.worker\.js$/.test(file) ? false : undefined),
    chunkSizeWarningLimit: 1200,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false, fs: { allow: [here('.')] }, headers: isolation },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false, headers: isolation },
});
