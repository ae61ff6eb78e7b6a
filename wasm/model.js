// A trained model and its uses: predictions, recommendations, similar items,
// fold-in of a new user, the map of the items, saving.
import { invalidUse } from './errors.js';
import { bool, checkKeys, describe, isArrayLike, number, rawId, string } from './checks.js';

// [[itemId, rating], ...] -> parallel arrays for C++.
function ratingPairs(pairs, name) {
  if (!Array.isArray(pairs)) invalidUse(`${name} must be an array of [itemId, rating] pairs (got ${describe(pairs)})`);
  const items = new Float64Array(pairs.length), ratings = new Float64Array(pairs.length);
  pairs.forEach((pair, k) => {
    if (!isArrayLike(pair) || pair.length !== 2) invalidUse(`${name}[${k}] must be an [itemId, rating] pair`);
    items[k] = rawId(pair[0], `${name}[${k}][0] (item id)`);
    ratings[k] = number(pair[1], `${name}[${k}][1] (rating)`);
  });
  return [items, ratings];
}

export function modelApi({ core, check, token, Handle, conv, Dataset }) {
  // RecommendOptions from this API's { n, exclude, minRatings, shrinkage } (what: the method's name).
  function recommendOptions(options, what, known = ['n', 'exclude', 'minRatings', 'shrinkage'], userId = undefined) {
    const o = { ...checkKeys(options, known, `${what} option`) };
    // A Dataset excludes what this user rated in it (e.g. the training data).
    if (o.exclude instanceof Dataset && userId !== undefined) o.exclude = o.exclude.ratedItems(userId);
    return conv.recommendOptions(o);
  }

  class Model extends Handle {
    #options;
    constructor(secret, handle) {
      super(secret, handle, 'Model');
      // (Less the thread count: a property of the run, which model files do not keep.)
      const { threads, ...options } = conv.publicOptions(handle.options());
      this.#options = options;
    }
    static load(bytes) {
      if (!(bytes instanceof Uint8Array)) invalidUse(`Model.load needs a Uint8Array (got ${describe(bytes)})`);
      return new Model(token, check(core._modelLoad(bytes)));
    }
    get numFactors() { return this._h.numFactors(); }
    get numUsers() { return this._h.numUsers(); }
    get numItems() { return this._h.numItems(); }
    get globalMean() { return this._h.globalMean(); }
    get scale() { return this._h.scale(); }
    get options() { return structuredClone(this.#options); }
    predict(userId, itemId, options) {
      const o = checkKeys(options, ['clip'], 'predict option');
      const clip = o.clip === undefined ? true : bool(o.clip, 'clip');
      return conv.toApi(this._h.predict(rawId(userId, 'userId'), rawId(itemId, 'itemId'), clip));
    }
    recommend(userId, options) {
      const h = this._h;
      rawId(userId, 'userId');
      return check(h.recommend(userId, recommendOptions(options, 'recommend', undefined, userId)));
    }
    similarItems(itemId, options) {
      const { measure, ...rest } = checkKeys(options, ['n', 'minRatings', 'measure'], 'similarItems option');
      const o = recommendOptions(rest, 'similarItems', ['n', 'minRatings']);
      // The engine checks the name ('cosine' or 'dot'); '' keeps its default.
      return check(this._h.similarItems(rawId(itemId, 'itemId'), o.n, o.min_ratings, measure === undefined ? '' : string(measure, 'measure')));
    }
    foldIn(ratings) {
      return check(this._h.foldIn(...ratingPairs(ratings, 'ratings')));
    }
    recommendFor(ratings, options) {
      const o = recommendOptions(options, 'recommendFor');
      return check(this._h.recommendFor(...ratingPairs(ratings, 'ratings'), o));
    }
    userFactors() { return this._h.userFactors(); }
    itemFactors() { return this._h.itemFactors(); }
    userBiases() { return this._h.userBiases(); }
    itemBiases() { return this._h.itemBiases(); }
    userIds() { return this._h.userIds(); }
    itemIds() { return this._h.itemIds(); }
    userCounts() { return this._h.userCounts(); }
    itemCounts() { return this._h.itemCounts(); }
    project(options) {
      const o = recommendOptions(options, 'project', ['minRatings']);
      return check(this._h.project(o.min_ratings));
    }
    save() { return check(this._h.save()); }
  }

  return { Model };
}
