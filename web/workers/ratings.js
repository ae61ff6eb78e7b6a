// Reading the page's data files in a worker: ratings (given as a File or a
// URL) parsed by the engine, movie titles by lib/movies.js.
import { mf } from './serve.js';
import { parseMovies } from '../lib/movies.js';

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return response;
}

// The name errors give for a ratings file: its own, or the last two parts of its URL.
export const ratingsSource = ({ ratingsUrl, ratingsFile }) =>
  ratingsFile ? ratingsFile.name : ratingsUrl.split('/').slice(-2).join('/');

// Ratings as the page reads them: the format detected, a duplicate pair or a
// bad line an error naming the line. Bytes, not text: the engine reads UTF-8
// itself, and copying bytes into its memory is much cheaper than a string.
export async function readRatings({ ratingsUrl, ratingsFile }) {
  const bytes = ratingsFile ? new Uint8Array(await ratingsFile.arrayBuffer()) : new Uint8Array(await (await fetchOk(ratingsUrl)).arrayBuffer());
  const source = ratingsSource({ ratingsUrl, ratingsFile });
  return mf.Dataset.fromCSV(bytes, { format: 'auto', duplicates: 'error', skipBadLines: false, source });
}

// { movies, skipped } from a movies File or URL; none without either.
export async function readMovies({ moviesUrl, moviesFile }) {
  const text = moviesFile ? await moviesFile.text() : moviesUrl ? await (await fetchOk(moviesUrl)).text() : '';
  return parseMovies(text);
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
