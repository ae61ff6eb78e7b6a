// Models trained by Spark MLlib's ALS, opened as a Model (core/include/mf/spark.hpp
// says what the engine checks and how the Model matches Spark's). Parquet
// parts are decoded here by hyparquet; JSON-lines parts, the metadata and
// the layout are read by the engine, so that the CLI says the same.
// hyparquet loads with the first Parquet part: a page that never opens a
// Spark model does not fetch it, and a page without a bundler (the bench's)
// can use the rest of the API, bare specifiers being unresolvable there.
let hyparquet;
const parquet = async () => (hyparquet ??= await import('hyparquet'));
import { MfError, invalid } from './errors.js';
import { bool, checkKeys, count, describe, int32, isArrayLike, isObject, number, numbers, rawIds } from './checks.js';

const IMPORT_OPTIONS = ['regParam', 'implicitPrefs', 'alpha', 'maxIter', 'scale', 'maxBytes'];
const FACTOR_OPTIONS = ['itemIds', 'itemFactors', 'userIds', 'userFactors', 'rank', 'regParam', 'implicitPrefs', 'alpha', 'maxIter', 'scale'];
const CODECS = ['UNCOMPRESSED', 'SNAPPY'];
const MiB = (bytes) => Math.round(bytes / 2 ** 20);

const corrupt = (message) => new MfError('CorruptModel', message);

// [{ path, blob }] from File objects (a folder picker's: webkitRelativePath),
// { path, file } or { path, bytes } entries.
function entriesOf(files) {
  if (!isArrayLike(files) && !(typeof files?.[Symbol.iterator] === 'function')) invalid('files', ` must be an array of files (got ${describe(files)})`);
  return Array.from(files, (f, k) => {
    if (typeof Blob !== 'undefined' && f instanceof Blob) return { path: f.webkitRelativePath || f.name || `file ${k}`, blob: f };
    if (!isObject(f) || typeof f.path !== 'string') invalid(`files[${k}]`, ' must be a File, { path, file } or { path, bytes }');
    if (f.bytes instanceof Uint8Array) return { path: f.path, blob: new Blob([f.bytes]) };
    if (typeof Blob !== 'undefined' && f.file instanceof Blob) return { path: f.path, blob: f.file };
    return invalid(`files[${k}]`, ' must have a file (a Blob) or bytes (a Uint8Array)');
  });
}

const bytesOf = async (blob, start = 0, end = blob.size) => new Uint8Array(await blob.slice(start, end).arrayBuffer());
const asyncBuffer = (blob) => ({ byteLength: blob.size, slice: (start, end) => blob.slice(start, end).arrayBuffer() });
const isParquet = async (blob) => blob.size >= 12 && new TextDecoder().decode(await bytesOf(blob, 0, 4)) === 'PAR1';

// A Parquet part's footer, checked against Spark's schema: id int (or
// bigint), features array<float>, compressed as this reader can read.
async function parquetFooter(path, blob) {
  const { parquetMetadataAsync, parquetSchema } = await parquet();
  let metadata;
  try {
    metadata = await parquetMetadataAsync(asyncBuffer(blob));
  } catch (error) {
    throw corrupt(`${path}: not a readable Parquet file (${error.message})`);
  }
  const columns = parquetSchema(metadata).children;
  const column = (name) => columns.find((c) => c.element.name === name) ??
    (() => { throw corrupt(`${path}: no column '${name}' (it has ${columns.map((c) => c.element.name).join(', ')}): not Spark's factor table (id, features)`); })();
  const id = column('id').element.type;
  if (id !== 'INT32' && id !== 'INT64') throw corrupt(`${path}: column id holds ${id}, not int`);
  let leaf = column('features');
  while (leaf.children.length) leaf = leaf.children[0];
  if (leaf === column('features') || leaf.element.type !== 'FLOAT')
    throw corrupt(`${path}: column features holds ${leaf === column('features') ? leaf.element.type : `${leaf.element.type} elements`}, not array<float> as Spark writes it`);
  for (const group of metadata.row_groups)
    for (const c of group.columns)
      if (!CODECS.includes(c.meta_data.codec))
        throw corrupt(`${path}: compressed with ${c.meta_data.codec}; this reader takes snappy (Spark's default) and uncompressed parts`);
  return { metadata, rows: Number(metadata.num_rows) };
}

// A Parquet part's rows as the engine's columns.
async function parquetColumns(path, blob, metadata) {
  const { parquetReadObjects } = await parquet();
  let rows;
  try {
    rows = await parquetReadObjects({ file: asyncBuffer(blob), metadata, columns: ['id', 'features'] });
  } catch (error) {
    throw corrupt(`${path}: ${error.message}`);
  }
  const ids = new Float64Array(rows.length), lengths = new Int32Array(rows.length);
  let n = 0;
  rows.forEach((r, k) => {
    if (r.id === null || r.id === undefined) throw corrupt(`${path} row ${k + 1}: its id is null`);
    ids[k] = Number(r.id);
    if (typeof r.id === 'bigint' && !Number.isSafeInteger(ids[k])) throw corrupt(`${path} row ${k + 1}: id ${r.id} is beyond 2^53 - 1`);
    lengths[k] = r.features ? r.features.length : -1;
    n += Math.max(lengths[k], 0);
  });
  const values = new Float32Array(n);
  let at = 0;
  for (const r of rows) if (r.features) for (const v of r.features) values[at++] = v === null ? NaN : v;
  return { ids, values, lengths };
}

export function sparkApi({ core, check, token, Model }) {
  // What an imported model came from (sparkSource).
  const sparkInfo = new WeakMap();

  // SparkSettings from Spark's names, over the metadata's and Spark's defaults.
  function settings(o, meta, rankSource) {
    const s = core._defaultSparkSettings();
    s.rank = o.rank ?? meta?.rank ?? 0;
    s.rank_source = rankSource;
    s.implicit_prefs = o.implicitPrefs !== undefined ? bool(o.implicitPrefs, 'implicitPrefs') : meta?.implicitPrefs ?? false;
    s.reg_param = o.regParam !== undefined ? number(o.regParam, 'regParam') : meta?.regParam ?? s.reg_param;
    s.alpha = o.alpha !== undefined ? number(o.alpha, 'alpha') : meta?.alpha ?? s.alpha;
    s.max_iter = o.maxIter !== undefined ? int32(o.maxIter, 'maxIter') : meta?.maxIter ?? s.max_iter;
    if (o.scale !== undefined) {
      if (!isArrayLike(o.scale) || o.scale.length !== 2) invalid('scale', ` must be [min, max] (got ${describe(o.scale)})`);
      s.scale = [number(o.scale[0], 'scale[0]'), number(o.scale[1], 'scale[1]')];
    }
    return s;
  }

  function build(items, users, s) {
    return new Model(token, check(core._modelFromFactors(items, users, s)));
  }

  /**
   * A Model from Spark ALS factors already in memory: item ids and their
   * features (rank numbers per item, one item after the other), optionally
   * the users', and Spark's settings.
   */
  function fromFactors(options) {
    const o = checkKeys(options, FACTOR_OPTIONS, 'fromFactors option');
    const rank = o.rank === undefined ? undefined : int32(o.rank, 'rank');
    const tables = [];
    try {
      const table = (name, ids, factors) => {
        rawIds(ids, `${name}Ids`);
        numbers(factors, `${name}Factors`);
        const k = rank ?? (ids.length ? factors.length / ids.length : 0);
        if (!Number.isInteger(k) || factors.length !== ids.length * k)
          invalid(`${name}Factors`, ` must hold rank numbers per ${name} (${factors.length} numbers for ${ids.length} ids)`);
        const t = new core._FactorTable(`${name}Factors`);
        tables.push(t);
        check(t.addRows(`${name}Factors`, Float64Array.from(ids), Float32Array.from(factors), new Int32Array(ids.length).fill(k)));
        return t;
      };
      const items = table('item', o.itemIds ?? invalid('itemIds', ' is required'), o.itemFactors ?? invalid('itemFactors', ' is required'));
      const users = o.userIds === undefined ? null : table('user', o.userIds, o.userFactors ?? invalid('userFactors', ' is required with userIds'));
      return build(items, users, settings({ ...o, rank }, null, rank ? 'given' : ''));
    } finally {
      for (const t of tables) t.delete();
    }
  }

  /**
   * A Model from the files of a saved Spark ALS model (what ALSModel.save
   * wrote, picked together) or of itemFactors.write.json. Nothing is read
   * when the parts hold more bytes than `maxBytes` (default: what the heap
   * can still grow to), nor decoded when the Parquet footers count more rows
   * than the heap can hold.
   */
  async function importSpark(files, options) {
    const o = checkKeys(options, IMPORT_OPTIONS, 'importSpark option');
    const entries = entriesOf(files);
    const blobs = new Map(entries.map((e) => [e.path, e.blob]));
    const plan = check(core._sparkPlan(entries.map((e) => e.path)));
    const parts = [...plan.itemParts, ...plan.userParts];
    const total = parts.reduce((sum, p) => sum + blobs.get(p).size, 0);
    const limit = o.maxBytes !== undefined ? count(o.maxBytes, 'maxBytes') : core._heapRoom();
    if (total > limit) throw new MfError('Resource', `the part files hold ${MiB(total)} MiB (${total} bytes), over the memory limit of ${MiB(limit)} MiB: not read`);
    const meta = plan.metadata ? check(core._sparkMetadata(await blobs.get(plan.metadata).text(), plan.metadata)) : null;
    const s = settings(o, meta, plan.metadata);

    // The Parquet footers first: their row counts against the heap before any data is decoded.
    const footers = new Map();
    const rowsOf = { item: 0, user: 0 };
    for (const [side, names] of [['item', plan.itemParts], ['user', plan.userParts]])
      for (const p of names) {
        if (!(await isParquet(blobs.get(p)))) continue;
        const footer = await parquetFooter(p, blobs.get(p));
        footers.set(p, footer);
        rowsOf[side] += footer.rows;
      }
    if (footers.size) check(core._checkFactorMemory(rowsOf.user, rowsOf.item, s.rank || 1));

    const items = new core._FactorTable('itemFactors'), users = new core._FactorTable('userFactors');
    try {
      for (const [table, names] of [[items, plan.itemParts], [users, plan.userParts]])
        for (const p of names) {
          const footer = footers.get(p);
          if (!footer) {
            check(table.addLines(await bytesOf(blobs.get(p)), p));
            continue;
          }
          const { ids, values, lengths } = await parquetColumns(p, blobs.get(p), footer.metadata);
          check(table.addRows(p, ids, values, lengths));
        }
      const model = build(items, plan.userParts.length ? users : null, s);
      sparkInfo.set(model, {
        sparkVersion: meta?.sparkVersion ?? null, uid: meta?.uid ?? null, rank: model.numFactors,
        implicitPrefs: s.implicit_prefs, regParam: s.reg_param, alpha: s.alpha, maxIter: s.max_iter,
        coldStartStrategy: meta?.coldStartStrategy ?? null, layout: plan.savedModel ? 'ALSModel.save' : 'JSON lines',
        root: plan.root, parts: parts.length, format: footers.size ? 'parquet' : 'json',
      });
      return model;
    } finally {
      items.delete();
      users.delete();
    }
  }

  Model.fromFactors = fromFactors;
  return { importSpark, sparkSource: (model) => structuredClone(sparkInfo.get(model) ?? null) };
}
