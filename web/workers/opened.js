// A model opened from files in the training worker: an .mfm file (Model.load)
// or a Spark model folder (mf.importSpark). It replaces the previous opened
// model only once it has loaded, and is freed with the data set (session.js).
// Titles: the loaded data set's, then the bundled ml-latest-small movies.csv.
import { mf, withTransfer } from './serve.js';
import { session } from './session.js';
import { readMovies } from './ratings.js';

const NO_GENRES = '(no genres listed)';
const UNKNOWN = 4294967295;  // a count the model does not know (an imported model's)
let opened = 0;
let bundled = null;  // the bundled movies, once read: id -> { title, genres }

async function bundledMovies(moviesUrl) {
  bundled ??= readMovies({ moviesUrl }).then((list) => new Map(list.map((m) => [m.id, m])));
  try {
    return await bundled;
  } catch (error) {
    bundled = null;
    throw error;
  }
}

async function load(kind, files, spark) {
  if (kind === 'mfm') return mf.Model.load(new Uint8Array(await files[0].file.arrayBuffer()));
  return mf.importSpark(files, spark);
}

// request: { kind: 'mfm' | 'spark', name, files: [{ path, file }], spark: { regParam, alpha, implicitPrefs }, moviesUrl }.
async function openModel({ kind, name, files, spark, moviesUrl }) {
  const model = await load(kind, files, spark);
  let movies;
  try {
    movies = await bundledMovies(moviesUrl);
  } catch (error) {
    model.delete();
    throw error;
  }
  session.opened?.model.delete();
  session.opened = { runId: `opened-${++opened}`, model };

  const ids = Float64Array.from(model.itemIds());
  const counts = Uint32Array.from(model.itemCounts());
  const titles = [], genres = [];
  let titled = 0;
  for (const id of ids) {
    const m = session.dataset?.movies.get(id) ?? movies.get(id);
    if (m) titled++;
    titles.push(m ? m.title : `Movie ${id}`);
    genres.push(m && m.genres !== NO_GENRES ? m.genres : '');
  }
  const source = mf.sparkSource(model);
  const o = model.options;
  return withTransfer({
    runId: session.opened.runId, kind, name, source,
    numItems: model.numItems, numUsers: model.numUsers, k: model.numFactors, titled,
    algorithm: source ? (source.implicitPrefs ? 'Spark ALS, implicitPrefs' : 'Spark ALS') : (o.algorithm ?? 'implicit ALS'),
    biases: o.biases, hasCounts: counts.every((c) => c !== UNKNOWN),
    items: { ids, counts, titles: titles.join('\n'), genres: genres.join('\n') },
  }, [ids.buffer, counts.buffer]);
}

export const openedActions = { openModel };
