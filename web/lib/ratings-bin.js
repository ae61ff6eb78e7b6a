// The bundled ratings in binary form (ratings.bin, made from ratings.csv when
// the site is built: scripts/vite-ratings-bin.mjs), so that the page skips
// parsing megabytes of text at start-up. The CSV stays the source and stays
// in the site; the binary holds exactly what the engine's parser read from it:
//
//   bytes 0-3    'MFRB'
//   4-7          version (1), little-endian uint32 like every field
//   8-11         n, the ratings
//   12-15        the CSV's lines (header and blank lines included)
//   16-19        its format: 0 auto, 1 csv, 2 tsv, 3 dat
//   20-          users (n x int32), items (n x int32), ratings (n x float32)
//
// Ratings in the order the parser kept them: Dataset.fromArrays of the three
// arrays gives the same users, movies, ratings and order as the CSV.
const MAGIC = 0x4252464d;  // 'MFRB' read as a little-endian uint32
const VERSION = 1;
const HEADER = 20;
export const FORMATS = ['auto', 'csv', 'tsv', 'dat'];

/** { users, items, values } (raw ids and ratings, as Dataset.ratings() gives them) and the report -> bytes. */
export function encodeRatings({ users, items, values }, { lines, format }) {
  const n = values.length;
  for (const ids of [users, items]) {
    for (const id of ids) if (!Number.isInteger(id) || id < -(2 ** 31) || id >= 2 ** 31) throw new Error(`id ${id} does not fit in 32 bits`);
  }
  const buffer = new ArrayBuffer(HEADER + 12 * n);
  const head = new DataView(buffer);
  [MAGIC, VERSION, n, lines, FORMATS.indexOf(format)].forEach((v, k) => head.setUint32(4 * k, v, true));
  new Int32Array(buffer, HEADER, n).set(users);
  new Int32Array(buffer, HEADER + 4 * n, n).set(items);
  new Float32Array(buffer, HEADER + 8 * n, n).set(values);
  return new Uint8Array(buffer);
}

/** bytes -> { users, items, ratings, lines, format }, or an Error naming `source` when they are not a ratings.bin. */
export function decodeRatings(bytes, source) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const field = (k) => view.getUint32(4 * k, true);
  const n = bytes.byteLength >= HEADER ? field(2) : -1;
  if (n < 0 || field(0) !== MAGIC || field(1) !== VERSION || bytes.byteLength !== HEADER + 12 * n || !FORMATS[field(4)]) {
    throw new Error(`${source} is not a ratings.bin of version ${VERSION}`);
  }
  // Copies into aligned buffers (the bytes may start anywhere) of the host's byte order: little-endian.
  const body = bytes.slice(HEADER).buffer;
  return {
    users: new Int32Array(body, 0, n), items: new Int32Array(body, 4 * n, n), ratings: new Float32Array(body, 8 * n, n),
    lines: field(3), format: FORMATS[field(4)],
  };
}
