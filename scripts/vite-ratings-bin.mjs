// Vite plugin: when the site is built, each bundled ratings.csv under
// public/data/ gets a ratings.bin beside it in dist/ (web/lib/ratings-bin.js
// says what it holds), made by the engine's own parser (the wasm module in
// node, wasm/dist: built before the site), so that the page loads the
// ratings without parsing text. Only the CSV is in the repository; the
// binary exists in dist/ alone. The dev server serves no binary: the page
// then falls back to the CSV.
import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import createMfcf from '../wasm/node.js';
import { encodeRatings } from '../web/lib/ratings-bin.js';

/** The ratings.bin bytes of a ratings CSV's bytes, read by `mf` (the node module). */
export function ratingsBin(mf, csvBytes, source) {
  const data = mf.Dataset.fromCSV(csvBytes, { source });
  try {
    return encodeRatings(data.ratings(), data.report);
  } finally {
    data.delete();
  }
}

export function ratingsBinPlugin() {
  let publicDir = null;
  return {
    name: 'ratings-bin',
    apply: 'build',
    configResolved: (config) => { publicDir = config.publicDir; },
    async writeBundle({ dir }) {
      const folder = join(publicDir, 'data');
      if (!existsSync(folder)) return;
      const mf = await createMfcf();
      for (const name of readdirSync(folder)) {
        const csv = join(folder, name, 'ratings.csv');
        if (!existsSync(csv)) continue;
        writeFileSync(join(dir, 'data', name, 'ratings.bin'), ratingsBin(mf, readFileSync(csv), `data/${name}/ratings.csv`));
      }
    },
  };
}
