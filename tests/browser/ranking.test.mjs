// Section 6 ("Predicting ratings is not recommending") and what goes with it,
// on ml-latest-small: implicit ALS trained from the settings form and shared
// by its link, "movies like this" by cosine or dot product with the scatter
// of vector lengths, the comparison's figures (checked against the JS API in
// node for the same split and settings), and "Rate some movies yourself"
// with the comparison's models. Every test also fails on any page error or
// console error it caused.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { screenshot, ROOT } from './browser.mjs';
import { state, runs, series, waitReady, waitTrained, setField, fullSpeed, startSite } from './helpers.mjs';
import createMfcf from '../../wasm/node.js';

const SMALL = `${ROOT}/public/data/ml-latest-small`;
const ANIMATED = [1, 6377, 4886, 8961, 68954, 4306, 60069, 50872];  // Toy Story ... Ratatouille
const LIVE_ACTION = [356, 296, 2571, 260, 318, 593, 480, 110, 2959, 527];  // Forrest Gump ... Schindler's List

let mf, data, movies;
before(async () => {
  mf = await createMfcf();
  data = mf.Dataset.fromCSV(new Uint8Array(readFileSync(`${SMALL}/ratings.csv`)));
  movies = new Map(mf.parseMovies(new Uint8Array(readFileSync(`${SMALL}/movies.csv`)), 'movies.csv').map((m) => [m.id, m]));
});
after(() => data?.delete());

const titles = (page, list) => page.locator(`#${list} .title`).allTextContents();
const family = (title) => /Animation|Children/.test([...movies.values()].find((m) => m.title === title)?.genres ?? '');
const cellText = (page, scorer, metric) => page.textContent(`#rank-table tr[data-scorer="${scorer}"] td[data-metric="${metric}"]`);

// Rates movie `id` `stars` in "Rate some movies yourself", adding it through the search box.
async function rate(page, id, stars) {
  const title = movies.get(id).title;
  if (!(await page.$(`#rate-${id}`))) {
    await page.fill('#rate-input', title.slice(0, 40));
    await page.waitForFunction((t) => !document.getElementById('rate-options').hidden &&
      [...document.querySelectorAll('#rate-options li[role="option"]')].some((li) => li.textContent.startsWith(t)), title);
    const options = await page.locator('#rate-options li[role="option"]').allTextContents();
    const at = options.findIndex((text) => text.startsWith(title));
    assert.ok(at >= 0, `${title} is offered: ${options.join(' | ')}`);
    for (let n = 0; n < at; n++) await page.press('#rate-input', 'ArrowDown');
    await page.press('#rate-input', 'Enter');
    await page.waitForSelector(`#rate-${id}`);
  }
  await page.selectOption(`#rate-${id}`, String(stars));
}

// The visitor's top 10 once it has settled on a list other than `before`.
async function foldInList(page, before = null) {
  await page.waitForFunction((old) => {
    const t = [...document.querySelectorAll('#foldin-list .title')].map((n) => n.textContent);
    return t.length === 10 && JSON.stringify(t) !== old;
  }, before && JSON.stringify(before), { timeout: 30000 });
  await page.waitForTimeout(300);  // answers to earlier ratings are dropped, not drawn late
  return titles(page, 'foldin-list');
}

describe('ranking on the page (ml-latest-small)', () => {
  let site, page, log;

  before(async () => {
    site = await startSite();
    ({ page, log } = await site.open('#data=small', { width: 1440, height: 900 }));
    await fullSpeed(page);
  });
  after(() => site?.close());
  afterEach(() => {
    const errors = log.errors.splice(0);
    assert.deepEqual(errors, [], 'no page error and no console error');
  });

  it('(e) trains implicit ALS from the settings form, draws its objective, and its link reproduces the run', async () => {
    await page.selectOption('#algo', 'ials');
    await waitReady(page);
    assert.equal(await page.isVisible('#alpha'), true, 'implicit ALS shows its settings');
    assert.equal(await page.isVisible('#biases'), false, 'and hides the biases it does not learn');
    const defaults = await page.evaluate(() => ({ alpha: document.getElementById('alpha').value, solver: document.getElementById('solver').value }));
    const library = mf.defaultOptions('ials');
    assert.deepEqual(defaults, { alpha: String(library.alpha), solver: library.solver }, 'the defaults are the library\'s');
    await setField(page, 'alpha', 1);
    await page.selectOption('#solver', 'cholesky');
    await waitReady(page);
    await setField(page, 'iters', 6);
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /algorithm=ials/);
    assert.match(hash, /&alpha=1&confidence=rating&epsilon=1&positiveThreshold=0&regExponent=0\.5&solver=cholesky&cgSteps=3&/);
    await page.click('#play');
    await waitTrained(page);
    const objective = (await series(page)).find((s) => s.kind === 'objective');
    assert.ok(objective && objective.points === 6 && objective.finite, JSON.stringify(await series(page)));
    assert.match(await page.textContent('#readout'), /^weighted loss \d/);
    assert.match(await page.textContent('#chart-note'), /not a rating/);
    const last = (await runs(page)).at(-1).last;
    assert.equal(last.trainRmse, null);

    const shared = await site.open(hash, { width: 1280, height: 900 });
    try {
      await fullSpeed(shared.page);
      assert.equal(await shared.page.inputValue('#algo'), 'ials');
      assert.equal(await shared.page.inputValue('#alpha'), '1');
      assert.equal(await shared.page.inputValue('#solver'), 'cholesky');
      await shared.page.click('#play');
      await waitTrained(shared.page);
      const again = (await runs(shared.page)).at(-1).last;
      assert.ok(Object.is(again.objective, last.objective), `${again.objective} != ${last.objective}`);
      assert.deepEqual(shared.log.errors, []);
    } finally {
      await shared.page.close();
    }
    await page.locator('#train').scrollIntoViewIfNeeded();
    await screenshot(page, 'ranking-e-implicit-curve');
  });

  it('(c) the dot/cosine switch changes "movies like this", and the scatter has one dot per movie with a trained vector', async () => {
    await page.fill('#similar-input', 'Toy Story (1995)');
    await page.waitForSelector('#similar-options li[role="option"]');
    await page.press('#similar-input', 'Enter');
    await page.waitForFunction(() => /cosine/.test(document.getElementById('similar-caption').textContent) && document.querySelectorAll('#similar-list li').length === 10);
    const cosine = await titles(page, 'similar-list');
    await page.check('input[name="similar-measure"][value="dot"]');
    await page.waitForFunction(() => /dot product/.test(document.getElementById('similar-caption').textContent));
    const dot = await titles(page, 'similar-list');
    assert.equal(dot.length, 10);
    assert.notDeepEqual(dot, cosine);
    // The movies with training ratings in the split the run trained on (section 3's).
    const split = data.split({ testFraction: 0.1, seed: 42 });
    const trained = new Set(split.trainRatings().items).size;
    split.delete();
    await page.waitForFunction((n) => window.mfcfPage.norms().points === n, trained, { timeout: 30000 });
    assert.match(await page.textContent('#norm-caption'), /^9,\d{3} movies with training ratings \(all of them, whatever the filter above[^)]*\)\. Rank correlation/);
    await page.check('input[name="similar-measure"][value="cosine"]');
    await page.waitForFunction(() => /cosine/.test(document.getElementById('similar-caption').textContent));
    assert.deepEqual(await titles(page, 'similar-list'), cosine);
    await page.locator('#similar-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'ranking-c-dot-cosine');
  });

  it('(b) the comparison shows implicit ALS above the most popular movies and the RMSE winner ranked by rating below them, as the JS API computes', async () => {
    await page.selectOption('#algo', 'als');
    await waitReady(page);
    await page.click('#rank-run');
    await page.waitForFunction(() => window.mfcfPage.ranking.result() !== null, null, { timeout: 180000 });
    const shown = async (scorer, metric) => Number(await cellText(page, scorer, metric));
    assert.ok(await shown('implicit', 'ndcg') > await shown('popularity', 'ndcg'), 'implicit ALS ranks better than the most popular movies');
    assert.ok(await shown('raw', 'ndcg') < await shown('popularity', 'ndcg'), 'ranked by predicted rating, the explicit model ranks worse');
    const rmse = await shown('explicit', 'rmse');
    assert.ok(rmse > 0.5 && rmse < 1, `explicit RMSE ${rmse}`);
    assert.equal(await cellText(page, 'implicit', 'rmse'), '—', 'implicit ALS predicts no rating');
    assert.match(await page.getAttribute('#rank-table tr[data-scorer="implicit"] td[data-metric="rmse"]', 'title'), /not a rating/);
    assert.equal(await page.getAttribute('#rank-table tr.best', 'data-scorer'), 'implicit');
    assert.match(await page.textContent('#rank-cost'), /^One ranking evaluation of this split takes \d+ ms here/);
    const chart = await page.evaluate(() => window.mfcfPage.ranking.chart());
    assert.deepEqual(chart.map((s) => s.kind), ['implicit', 'explicit', 'popularity', 'dampedMean', 'raw']);

    // The same split and settings through the JS API in node.
    const r = await page.evaluate(() => window.mfcfPage.ranking.result());
    const split = data.split(r.split);
    const measured = {};
    try {
      for (const kind of ['explicit', 'implicit']) {
        const trainer = new mf.Trainer(data, split, r.options[kind]);
        const steps = trainer.run();
        const model = trainer.model();
        measured[kind] = { rmse: steps.at(-1).testRmse, metrics: mf.evaluateRanking(model, data, split), raw: kind === 'explicit' ? mf.evaluateRanking(model, data, split, { shrinkage: 0 }) : null };
        model.delete();
        trainer.delete();
      }
      measured.popularity = mf.evaluateRanking(mf.baselines.popularity(), data, split);
      measured.dampedMean = mf.evaluateRanking(mf.baselines.dampedMean(), data, split);
    } finally {
      split.delete();
    }
    const same = (page, node, what) => assert.ok(Object.is(page, node), `${what}: page ${page}, node ${node}`);
    for (const key of ['ndcg', 'precision', 'recall', 'coverage']) {
      same(r.explicit.metrics[key], measured.explicit.metrics[key], `explicit ${key}`);
      same(r.explicit.raw[key], measured.explicit.raw[key], `explicit by rating ${key}`);
      same(r.implicit.metrics[key], measured.implicit.metrics[key], `implicit ${key}`);
      same(r.baselines.popularity[key], measured.popularity[key], `popularity ${key}`);
      same(r.baselines.dampedMean[key], measured.dampedMean[key], `damped mean ${key}`);
      assert.equal(await cellText(page, 'implicit', key), measured.implicit.metrics[key].toFixed(3));
      assert.equal(await cellText(page, 'popularity', key), measured.popularity[key].toFixed(3));
    }
    same(r.explicit.last.testRmse, measured.explicit.rmse, 'explicit test RMSE');
    assert.equal(await cellText(page, 'explicit', 'rmse'), measured.explicit.rmse.toFixed(3));

    // One user's lists side by side: titles, never a movie the user rated in training.
    await page.waitForFunction(() => document.querySelectorAll('#top-implicit li').length === 10);
    const user = Number(await page.inputValue('#rank-user'));
    const trainSplit = data.split(r.split);
    const t = trainSplit.trainRatings();
    const seen = new Set(Array.from(t.items).filter((_, n) => t.users[n] === user));
    trainSplit.delete();
    for (const list of ['top-raw', 'top-ranked', 'top-implicit']) {
      const ids = await page.$$eval(`#${list} li`, (lis) => lis.map((li) => Number(li.dataset.item)));
      assert.equal(ids.length, 10);
      assert.ok(ids.every((id) => !seen.has(id)), `${list} lists a movie user ${user} rated in training`);
      assert.deepEqual(await titles(page, list), ids.map((id) => movies.get(id).title));
    }
    // Ranked by the predicted rating, the top is made of movies hardly anyone rated.
    const rawCounts = await page.$$eval('#top-raw .score', (s) => s.map((n) => Number(n.textContent.replace(/\D/g, ''))));
    assert.ok(rawCounts.filter((c) => c <= 2).length >= 5, rawCounts.join(' '));
    await page.locator('#ranking').scrollIntoViewIfNeeded();
    await screenshot(page, 'ranking-b-comparison');
  });

  it('(a) "Rate some movies yourself" starts on the model that ranks best, and the explicit model follows the ratings', async () => {
    assert.equal(await page.inputValue('#rate-model'), 'implicit', 'implicit ALS has the higher NDCG@10');
    assert.match(await page.textContent('#rate-model option[value="implicit"]'), /ranks best/);
    await page.selectOption('#rate-model', 'explicit');
    for (const id of ANIMATED) await rate(page, id, 5);
    for (const [n, id] of LIVE_ACTION.entries()) await rate(page, id, n % 2 ? 1 : 2);
    const liked = await foldInList(page);
    const rated = new Set([...ANIMATED, ...LIVE_ACTION].map((id) => movies.get(id).title));
    assert.ok(liked.every((t) => !rated.has(t)), 'no rated movie comes back');
    // The same movies with the ratings the other way round.
    await page.click('#rate-clear');
    for (const [n, id] of ANIMATED.entries()) await rate(page, id, n % 2 ? 1 : 2);
    for (const id of LIVE_ACTION) await rate(page, id, 5);
    const disliked = await foldInList(page, liked);
    const count = (list) => list.filter(family).length;
    assert.ok(count(liked) > count(disliked), `family films: ${count(liked)} with the animated films liked, ${count(disliked)} disliked`);
    await page.locator('#rate-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'ranking-a-rate-explicit');
  });

  it('(d) switching the model of "Rate some movies yourself" changes the list', async () => {
    const explicit = await titles(page, 'foldin-list');
    await page.selectOption('#rate-model', 'implicit');
    const implicit = await foldInList(page, explicit);
    assert.notDeepEqual(implicit, explicit);
    assert.match(await page.textContent('#rate-model-note'), /Implicit ALS hears only which movies you rated/);
    await page.selectOption('#rate-model', 'explicit');
    assert.deepEqual(await foldInList(page, implicit), explicit);
    const s = await state(page);
    assert.ok(s.ready);
    await screenshot(page, 'ranking-d-rate-switch');
  });
});
