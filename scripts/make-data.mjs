#!/usr/bin/env node
// Builds the small dense MovieLens subset the page ships beside the full
// ml-latest-small: the most rated movies and, among the ratings of those
// movies, the most active users. Run by developers (outputs are committed):
//
//   node scripts/make-data.mjs [source-dir]
//
// source-dir defaults to public/data/ml-latest-small. Rows keep their original order; ratings lose
// their timestamp column (the page never uses it, and it is most of the
// gzipped size). The GroupLens README (license and citation) travels with the
// copy, as its license requires.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ITEMS = 300;
const USERS = 300;

const candidates = [process.argv[2] ?? join(root, 'public/data/ml-latest-small')];
const source = candidates.find((dir) => existsSync(join(dir, 'ratings.csv')));
if (!source) {
  console.error(`make-data: no ratings.csv found in ${candidates.join(' or ')}`);
  process.exit(1);
}
const outDir = join(root, 'public/data/dense-subset');

const ratingsText = readFileSync(join(source, 'ratings.csv'), 'utf8');
const moviesText = readFileSync(join(source, 'movies.csv'), 'utf8');

const ratingLines = ratingsText.split(/\r?\n/);
const header = ratingLines[0];
const rows = [];
for (let n = 1; n < ratingLines.length; n++) {
  const line = ratingLines[n];
  if (!line) continue;
  const [user, item, rating] = line.split(',', 3);
  rows.push({ user: Number(user), item: Number(item), line: `${user},${item},${rating}` });
}

// Ties are broken by the smaller id so the output never depends on Map order.
function top(counts, n) {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, n)
    .map(([id]) => id);
}
function countBy(list, key) {
  const counts = new Map();
  for (const row of list) counts.set(row[key], (counts.get(row[key]) ?? 0) + 1);
  return counts;
}

const items = new Set(top(countBy(rows, 'item'), ITEMS));
const ofItems = rows.filter((r) => items.has(r.item));
const users = new Set(top(countBy(ofItems, 'user'), USERS));
const kept = ofItems.filter((r) => users.has(r.user));

// Every kept movie keeps at least one rating: the top movies are rated by many
// of the most active users, but check rather than assume.
const keptItems = new Set(kept.map((r) => r.item));
for (const id of items) {
  if (!keptItems.has(id)) throw new Error(`make-data: movie ${id} lost all its ratings`);
}

// movies.csv: keep the header and the rows of the kept movies, verbatim.
const movieLines = moviesText.split(/\r?\n/);
const movieRows = movieLines.slice(1).filter((line) => line && keptItems.has(Number(line.split(',', 1)[0])));

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'ratings.csv'), [header.split(',').slice(0, 3).join(','), ...kept.map((r) => r.line)].join('\n') + '\n');
writeFileSync(join(outDir, 'movies.csv'), [movieLines[0], ...movieRows].join('\n') + '\n');
writeFileSync(join(outDir, 'README.txt'), readFileSync(join(source, 'README.txt')));
writeFileSync(join(outDir, 'SUBSET.txt'), [
  'Dense subset of MovieLens ml-latest-small',
  '==========================================',
  '',
  `Made by scripts/make-data.mjs from ml-latest-small: the ${ITEMS} movies with the most`,
  `ratings, then the ${USERS} users with the most ratings of those movies, and every rating`,
  'between them, in their original order, without the timestamp column; movies.csv',
  'keeps the rows of those movies unchanged. README.txt is the GroupLens README of the',
  'original data set: its usage license and citation apply to this subset too.',
  '',
  `${kept.length} ratings, ${users.size} users, ${keptItems.size} movies, ` +
    `density ${(100 * kept.length / (users.size * keptItems.size)).toFixed(1)} %.`,
  '',
].join('\n'));

// The bundled data must stay small: report what the page ships, gzipped.
let total = 0;
for (const dir of ['public/data/ml-latest-small', 'public/data/dense-subset']) {
  for (const file of ['ratings.csv', 'movies.csv', 'README.txt', 'SUBSET.txt']) {
    const path = join(root, dir, file);
    if (!existsSync(path)) continue;
    const size = gzipSync(readFileSync(path), { level: 9 }).length;
    total += size;
    console.log(`${(size / 1024).toFixed(1).padStart(8)} KiB gz  ${dir}/${file}`);
  }
}
console.log(`${(total / 1024).toFixed(1).padStart(8)} KiB gz  total`);
console.log(`dense subset: ${kept.length} ratings, ${users.size} users, ${keptItems.size} movies`);
