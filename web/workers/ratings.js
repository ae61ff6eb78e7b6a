// Reading the page's data files in a worker: ratings and movie titles
// (each given as a File or a URL), both parsed by the engine.
import { mf } from './serve.js';

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return response;
}

// The name errors give for a file: its own, or the last two parts of its URL.
const sourceOf = (url, file) => (file ? file.name : url.split('/').slice(-2).join('/'));
export const ratingsSource = ({ ratingsUrl, ratingsFile }) => sourceOf(ratingsUrl, ratingsFile);

// A File's or a URL's bytes. Bytes, not text: the engine reads UTF-8 itself,
// and copying bytes into its memory is much cheaper than a string.
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

// Ratings with the library's load defaults (the format detected, a duplicate
// pair or a bad line an error naming the line), named by their file.
export async function readRatings({ ratingsUrl, ratingsFile }) {
  const source = ratingsSource({ ratingsUrl, ratingsFile });
  const bytes = await bytesOf(ratingsUrl, ratingsFile);
  if (looksBinary(bytes)) {
    throw new Error(`${source} looks like a binary file, not a ratings CSV: a ratings file is text, one ` +
      'userId,movieId,rating line per rating (saved as UTF-8)');
  }
  return mf.Dataset.fromCSV(bytes, { source });
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
