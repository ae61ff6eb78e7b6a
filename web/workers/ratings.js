// Reading the page's data files in a worker: ratings and movie titles
// (each given as a File or a URL), both parsed by the engine.
import { mf } from './serve.js';
import { decodeRatings } from '../lib/ratings-bin.js';

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return response;
}

// The name errors give for a file: its own, or the last two parts of its URL.
const sourceOf = (url, file) => (file ? file.name : url.split('/').slice(-2).join('/'));
export const ratingsSource = ({ ratingsUrl, ratingsFile }) => sourceOf(ratingsUrl, ratingsFile);

// A File's or a URL's bytes (movies). Bytes, not text: the engine reads
// UTF-8 itself, and copying bytes into its memory is much cheaper than a string.
const bytesOf = async (url, file) => new Uint8Array(await (file ?? await fetchOk(url)).arrayBuffer());

// Whether the start of `bytes` looks like a binary file rather than text:
// a NUL byte, or more than a few control characters (tab, line ends and
// form feed aside). The engine's message would quote the bytes it choked on.
function looksBinary(bytes) {
  const head = bytes.subarray(0, 4096);
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if ((b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 127) control++;
  }
  return control > Math.max(2, head.length / 100);
}

// What a test may set (test-actions.js): a lower memory limit for loading
// (0: what the module can still take), to see a file refused.
export const loadLimits = { memoryLimit: 0 };

// The binary form of bundled ratings (lib/ratings-bin.js), or null where the
// site has none (the dev server): then the CSV is parsed.
async function bundledArrays(binUrl, source) {
  const response = await fetch(binUrl).catch(() => null);
  if (!response?.ok) return null;
  let bin;
  try {
    bin = decodeRatings(new Uint8Array(await response.arrayBuffer()), binUrl);
  } catch {
    return null;  // (a dev server answers with its page)
  }
  const data = mf.Dataset.fromArrays(bin.users, bin.items, bin.ratings, { source });
  return { data, format: bin.format, lines: bin.lines };
}

// Ratings with the library's load defaults (the format detected, a duplicate
// pair or a bad line an error naming the line), named by their file:
// { data, format, lines }. A file or a CSV is read in chunks by
// Dataset.fromBlob, which refuses it up front when it would not fit in
// memory; onProgress({ phase, done, total }) follows the bytes.
export async function readRatings({ ratingsUrl, ratingsFile, binUrl }, onProgress) {
  const source = ratingsSource({ ratingsUrl, ratingsFile });
  const bundled = binUrl && !ratingsFile ? await bundledArrays(binUrl, source) : null;
  if (bundled) return bundled;
  const blob = ratingsFile ?? await (await fetchOk(ratingsUrl)).blob();
  if (looksBinary(new Uint8Array(await blob.slice(0, 4096).arrayBuffer()))) {
    throw new Error(`${source} looks like a binary file, not a ratings CSV: a ratings file is text, one ` +
      'userId,movieId,rating line per rating (saved as UTF-8)');
  }
  const data = await mf.Dataset.fromBlob(blob, { source, onProgress, memoryLimit: loadLimits.memoryLimit });
  return { data, format: data.report.format, lines: data.report.lines };
}

// The movies ([{ id, title, genres }]) of a movies File or URL, none without
// either; a bad line is an error naming the file and line.
export async function readMovies({ moviesUrl, moviesFile }) {
  if (!moviesUrl && !moviesFile) return [];
  return mf.parseMovies(await bytesOf(moviesUrl, moviesFile), sourceOf(moviesUrl, moviesFile));
}

export const nums = (list) => Array.from(list, Number);

// Small enough to draw at one pixel per cell.
export const hasPicture = (data) => data.numUsers <= 1000 && data.numItems <= 1000;

// The rating matrix as a picture for small data sets: users and items sorted
// by how many ratings they have, so the dense corner sits top-left.
export function matrixPicture(data) {
  if (!hasPicture(data)) return null;
  const { users, items, values: ratings } = data.ratings();
  const userCount = new Map(), itemCount = new Map();
  for (let k = 0; k < users.length; k++) {
    userCount.set(users[k], (userCount.get(users[k]) ?? 0) + 1);
    itemCount.set(items[k], (itemCount.get(items[k]) ?? 0) + 1);
  }
  const byCount = (counts) => (a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a - b;
  const rows = nums(data.userIds()).sort(byCount(userCount));
  const cols = nums(data.itemIds()).sort(byCount(itemCount));
  const rowOf = new Map(rows.map((id, n) => [id, n]));
  const colOf = new Map(cols.map((id, n) => [id, n]));
  const values = new Float32Array(rows.length * cols.length).fill(NaN);
  for (let k = 0; k < users.length; k++) values[rowOf.get(users[k]) * cols.length + colOf.get(items[k])] = ratings[k];
  return { rows: Float64Array.from(rows), cols: Float64Array.from(cols), values };
}

// For a worker that keeps one data set at a time (the grid and ranking
// workers): `held` itself ({ key, data, ... } or null) when it already is data
// set `key`; otherwise the ratings of `request` as { key, data }, read before
// `release()` frees what hangs on the old data set and the old one is deleted
// (a file that fails to load leaves the old one in place).
export async function replaceHeld(held, key, request, release) {
  if (held?.key === key) return held;
  const { data } = await readRatings(request);
  release();
  held?.data.delete();
  return { key, data };
}
