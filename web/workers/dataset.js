// The training worker's data set: loading one (it replaces the previous one
// only once it has parsed) and the picture of its rating matrix.
import { withTransfer, post } from './serve.js';
import { readRatings, readMovies, ratingsSource, hasPicture, matrixPicture } from './ratings.js';
import { replaceDataset, requireDataset } from './session.js';

const NO_GENRES = '(no genres listed)';

// request: { key, name } and { ratingsUrl, moviesUrl } or { ratingsFile, moviesFile }.
async function loadDataset(request) {
  const { key, name } = request;
  // Parsing throws an Error naming the line; the previous data set stays.
  // Progress goes to the page as it parses: { type: 'loadProgress', key, phase, done, total }.
  const { data, format, lines } = await readRatings(request, ({ phase, done, total }) => post({ type: 'loadProgress', key, phase, done, total }));
  let movies;
  try {
    movies = new Map((await readMovies(request)).map((m) => [m.id, m]));
  } catch (error) {
    data.delete();
    throw error;
  }
  replaceDataset({ key, name, data, movies });

  // The movie list goes as columns: thousands of small objects would take
  // the page longer to receive than these few arrays and strings.
  const ids = Float64Array.from(data.itemIds());
  const counts = Uint32Array.from(data.itemCounts());
  const titles = [], genres = [];
  let titled = 0;
  for (const id of ids) {
    const m = movies.get(id);
    if (m) titled++;
    titles.push(m ? m.title : `Movie ${id}`);
    // MovieLens writes '(no genres listed)' for a movie without genres.
    genres.push(m && m.genres !== NO_GENRES ? m.genres : '');
  }
  return withTransfer({
    key, name, source: ratingsSource(request),
    numUsers: data.numUsers, numItems: data.numItems, numRatings: data.numRatings,
    format, lines, titled,
    items: { ids, counts, titles: titles.join('\n'), genres: genres.join('\n') },
    // The picture itself comes from its own request: the run can start without it.
    hasPicture: hasPicture(data),
  }, [ids.buffer, counts.buffer]);
}

function picture() {
  const p = matrixPicture(requireDataset().data);
  return withTransfer(p, p ? [p.rows.buffer, p.cols.buffer, p.values.buffer] : []);
}

export const datasetActions = { loadDataset, picture };
