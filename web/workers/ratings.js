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

// Ratings with the library's load defaults (the format detected, a duplicate
// pair or a bad line an error naming the line), named by their file.
export async function readRatings({ ratingsUrl, ratingsFile }) {
  const source = ratingsSource({ ratingsUrl, ratingsFile });
  return mf.Dataset.fromCSV(await bytesOf(ratingsUrl, ratingsFile), { source });
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
