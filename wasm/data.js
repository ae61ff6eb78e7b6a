// Ratings data and its splits, and movies.csv read by the engine's parser.
import { invalidParts, invalidUse } from './errors.js';
import { exactCount, list, numbers, rawId, rawIds, string, text } from './checks.js';

const DEFAULT_CHUNK = 4 << 20;  // bytes fromBlob reads at a time

function positive(v, name) {
  if (!Number.isSafeInteger(v) || v <= 0) invalidParts('', name, ` must be a positive integer (got ${v})`);
}

export function dataApi({ core, check, token, Handle, conv }) {
  class Dataset extends Handle {
    #report;
    #implicit;
    constructor(secret, handle, implicit) {
      super(secret, handle, 'Dataset');
      this.#report = conv.toApi(handle.report());
      this.#implicit = implicit;
    }
    static fromCSV(ratings, options) {
      text(ratings, 'ratings');
      const o = conv.loadOptions(options);
      return new Dataset(token, check(core._datasetFromText(ratings, o)), o.implicit);
    }
    /**
     * Ratings from a Blob or File read in chunks, so that a large file never
     * sits whole in memory: the engine's parser, as fromCSV. It first counts
     * the lines, to reserve room once and to refuse (MfError 'Resource', naming
     * the file, the memory needed and the limit) a file that would not fit,
     * before a line is parsed; then it parses chunk by chunk.
     * onProgress({ phase: 'count' | 'parse', done, total }) follows the bytes.
     */
    static async fromBlob(blob, options) {
      const { onProgress, chunkBytes = DEFAULT_CHUNK, memoryLimit = 0, ...load } = options ?? {};
      if (typeof blob?.slice !== 'function' || typeof blob.size !== 'number') invalidParts('', 'blob', ' must be a Blob or a File');
      if (onProgress !== undefined && typeof onProgress !== 'function') invalidParts('', 'onProgress', ' must be a function');
      positive(chunkBytes, 'chunkBytes');
      if (memoryLimit !== 0) positive(memoryLimit, 'memoryLimit');
      const o = conv.loadOptions(load, typeof blob.name === 'string' && blob.name ? blob.name : undefined);
      const total = blob.size;
      const chunks = async function* () {
        for (let at = 0; at < total; at += chunkBytes) yield [new Uint8Array(await blob.slice(at, at + chunkBytes).arrayBuffer()), Math.min(at + chunkBytes, total)];
      };
      // Lines as the engine counts them for its room: line feeds + 1.
      let lines = 1;
      for await (const [bytes, done] of chunks()) {
        for (let k = bytes.indexOf(10); k !== -1; k = bytes.indexOf(10, k + 1)) lines++;
        onProgress?.({ phase: 'count', done, total });
      }
      const reader = check(core._readerCreate(o, total, lines, memoryLimit));
      try {
        for await (const [bytes, done] of chunks()) {
          check(reader.feed(bytes));
          onProgress?.({ phase: 'parse', done, total });
        }
        return new Dataset(token, check(reader.finish(o.source)), o.implicit);
      } finally {
        reader.delete();
      }
    }
    static fromArrays(users, items, ratings, options) {
      rawIds(users, 'users');
      rawIds(items, 'items');
      numbers(ratings, 'ratings');
      if (users.length !== items.length || users.length !== ratings.length)
        invalidUse(`users, items and ratings must have the same length (got ${users.length}, ${items.length}, ${ratings.length})`);
      const o = conv.loadOptions(options, 'arrays');
      return new Dataset(token, check(core._datasetFromArrays(users, items, ratings, o)), o.implicit);
    }
    /** Loaded with `implicit: true` (counts, not ratings). */
    get implicit() { return this.#implicit; }
    get numUsers() { return this._h.numUsers(); }
    get numItems() { return this._h.numItems(); }
    get numRatings() { return this._h.numRatings(); }
    get report() { return structuredClone(this.#report); }
    userIds() { return this._h.userIds(); }
    itemIds() { return this._h.itemIds(); }
    ratedItems(userId) { return this._h.ratedItems(rawId(userId, 'userId')); }
    itemCounts() { return this._h.itemCounts(); }
    ratings() { return this._h.ratings(); }
    split(options) {
      const o = conv.splitOptions(options);
      return new Split(token, check(core._split(this._h, o)), this);
    }
  }

  class Split extends Handle {
    #dataset;
    #testSetReport;
    constructor(secret, handle, dataset, testSetReport = null) {
      super(secret, handle, 'Split');
      this.#dataset = dataset;
      this.#testSetReport = testSetReport;
    }
    /** Trains on `train` and tests on `test`, whose raw ids are train's; the split belongs to `train`. */
    static fromDatasets(train, test) {
      const t = dataHandle(train, 'Split.fromDatasets(train, test)', 'train');
      const u = dataHandle(test, 'Split.fromDatasets(train, test)', 'test');
      const h = check(core._splitWithTest(t, u));
      return new Split(token, h, train, conv.toApi(check(core._testSetReport(t, u))));
    }
    /** Tests on the ratings at `testIndices` (positions in data.ratings()), trains on the rest. */
    static fromTestIndices(data, testIndices) {
      const d = dataHandle(data, 'Split.fromTestIndices(data, testIndices)');
      list(testIndices, 'testIndices', exactCount, 'indices');
      return new Split(token, check(core._splitAt(d, Array.from(testIndices))), data);
    }
    get numTrain() { return this._h.numTrain(); }
    get numTest() { return this._h.numTest(); }
    get testSetReport() { return this.#testSetReport && { ...this.#testSetReport }; }
    /** The training ratings, { users, items, values } with raw ids (copies), in load order. */
    trainRatings() { return this._h.ratings(this.#dataset._h, false); }
    /** The test ratings, likewise. */
    testRatings() { return this._h.ratings(this.#dataset._h, true); }
    // A split holds dense indices of one dataset: using it with another would train on garbage.
    _checkBelongsTo(dataset) {
      if (dataset !== this.#dataset) invalidUse('this split was made from another Dataset');
      return this._h;
    }
  }

  // `data` as a handle; `call` names the function in messages, `name` the argument.
  function dataHandle(data, call, name = 'data') {
    if (!(data instanceof Dataset)) invalidParts(`${call}: `, name, ' must be a Dataset');
    return data._h;
  }

  // `data` and `split` as handles, `split` made from `data`.
  function dataAndSplit(data, split, call) {
    const d = dataHandle(data, call);
    if (!(split instanceof Split)) invalidParts(`${call}: `, 'split', ' must be a Split');
    return [d, split._checkBelongsTo(data)];
  }

  // movies.csv (movieId,title,genres) read by the engine: [{ id, title, genres }].
  function parseMovies(movies, source) {
    text(movies, 'movies');
    const { ids, titles, genres } = check(core._parseMovies(movies, string(source, 'source')));
    if (ids.length === 0) return [];
    const t = titles.split('\n'), g = genres.split('\n');
    return Array.from(ids, (id, k) => ({ id, title: t[k], genres: g[k] }));
  }

  // Bytes loading a ratings text of `bytes` bytes and `lines` lines needs
  // at its peak, besides the text (the engine's load_memory_bytes).
  const loadMemoryBytes = (bytes, lines) => core._loadMemoryBytes(bytes, lines);

  return { Dataset, Split, dataHandle, dataAndSplit, parseMovies, loadMemoryBytes };
}
