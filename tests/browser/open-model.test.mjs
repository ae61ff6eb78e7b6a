// "Open a saved model" (web/page/open-model.js): an .mfm file and a model in
// Spark's layout (tests/data/spark/als-3.5) opened in the page become what
// Explore explores, with movie titles, the map, similar movies and the
// learner's top 10 (as the node API computes them); a broken folder gets its
// message and leaves Explore as it was; a training run takes Explore back.
// Every test also fails on any page error or console error it caused.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, screenshot } from './browser.mjs';
import { state, waitTrained, fullSpeed, startSite } from './helpers.mjs';
import createMfcf from '../../wasm/node.js';

const SPARK = join(ROOT, 'tests/data/spark/als-3.5');
const RATINGS = [[1, 5], [356, 4], [296, 1], [593, 4.5]];

const explored = (page) => page.evaluate(() => window.mfcfPage.state().explored);
const status = (page) => page.textContent('#explore-status');
const titles = (page, id) => page.locator(`#${id} .title`).allTextContents();

async function similarTo(page, text) {
  await page.fill('#similar-input', text);
  await page.waitForSelector('#similar-options li[role="option"]');
  await page.press('#similar-input', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#similar-list li').length === 10);
  return titles(page, 'similar-list');
}

// Rates RATINGS, adding a movie to the list by its title where it is not there.
async function rate(page, movies) {
  for (const [id, r] of RATINGS) {
    if (!(await page.$(`#rate-${id}`))) {
      await page.fill('#rate-input', movies.get(id));
      await page.waitForSelector('#rate-options li[role="option"]');
      await page.press('#rate-input', 'Enter');
    }
    await page.selectOption(`#rate-${id}`, String(r));
  }
  await page.waitForFunction(() => document.querySelectorAll('#foldin-list li').length === 10);
  return titles(page, 'foldin-list');
}

describe('opening a saved model in the page', () => {
  let site, page, log, mf, work, movies;

  before(async () => {
    mf = await createMfcf();
    movies = new Map(mf.parseMovies(readFileSync(join(ROOT, 'public/data/ml-latest-small/movies.csv')), 'movies.csv').map((m) => [m.id, m.title]));
    // An .mfm as `mf train --save` writes it: ALS on the dense subset.
    work = mkdtempSync(join(tmpdir(), 'mfcf-open-'));
    const data = mf.Dataset.fromCSV(readFileSync(join(ROOT, 'public/data/dense-subset/ratings.csv')));
    const split = data.split({ testFraction: 0.1, seed: 42 });
    const trainer = new mf.Trainer(data, split, { algorithm: 'als', factors: 10, iterations: 5 });
    trainer.run();
    const model = trainer.model();
    writeFileSync(join(work, 'dense.mfm'), model.save());
    for (const o of [model, trainer, split, data]) o.delete();
    site = await startSite();
    ({ page, log } = await site.open('', { width: 1440, height: 900 }));
    await fullSpeed(page);
    await page.click('#open-model summary');
  });
  after(() => site?.close());
  afterEach(() => {
    const errors = log.errors.splice(0);
    assert.deepEqual(errors, [], 'no page error and no console error');
    assert.deepEqual(log.foreign.splice(0), [], 'no request to another origin');
  });

  it('opens an .mfm file and explores it: status, similar movies, top 10 and map', async () => {
    await page.setInputFiles('#open-mfm', join(work, 'dense.mfm'));
    await page.waitForFunction(() => window.mfcfPage.state().opened?.kind === 'mfm');
    await page.waitForFunction(() => /Exploring dense\.mfm \(ALS, 10 factors, biases\)/.test(document.getElementById('explore-status').textContent));
    assert.match(await page.textContent('#open-status'), /Opened dense\.mfm: 300 movies and 300 users, ALS, 10 factors, biases; 300 of the movies have a title/);
    assert.equal((await explored(page)).opened, true);
    const similar = await similarTo(page, 'Toy Story');
    assert.ok(similar.every((t) => !t.startsWith('Movie ')), 'every title found');
    assert.equal((await rate(page, movies)).length, 10);
    await page.waitForFunction(() => window.mfcfPage.map()?.dots > 0);
    assert.equal(await page.isDisabled('#min-ratings'), false, 'an .mfm has rating counts to filter by');
    await page.evaluate(() => document.getElementById('explore').scrollIntoView());
    await screenshot(page, 'open-mfm-1440');
  });

  it('opens a model in Spark\'s layout and explores it as the node API does', async () => {
    await page.setInputFiles('#open-spark', SPARK);
    await page.waitForFunction(() => window.mfcfPage.state().opened?.kind === 'spark');
    await page.waitForFunction(() => /Exploring als-3\.5 \(Spark ALS, rank 8, Spark 3\.5\.1\)/.test(document.getElementById('explore-status').textContent));
    assert.match(await status(page), /no rating counts, so the filter below lets every movie through/);
    assert.equal(await page.isDisabled('#min-ratings'), true);
    const model = await mf.importSpark(SPARK);
    // Toy Story stays chosen from the .mfm: its movies like it now come from the Spark model.
    await page.waitForFunction(() => /of the movie vectors of als-3\.5\)/.test(document.getElementById('similar-caption').textContent));
    assert.deepEqual(await titles(page, 'similar-list'), model.similarItems(1, { n: 10 }).map((s) => movies.get(s.id)));
    await page.waitForFunction(() => document.querySelectorAll('#foldin-list li').length === 10);
    assert.deepEqual(await titles(page, 'foldin-list'), model.recommendFor(RATINGS, { n: 10 }).map((s) => movies.get(s.id)));
    await page.waitForFunction(() => /300 movies \(all of the model's: it has no rating counts/.test(document.getElementById('map-caption').textContent));
    assert.equal(await page.evaluate(() => window.mfcfPage.map().dots), 300);
    assert.match((await page.locator('#bias-high li').allTextContents())[0], /Spark's ALS learns none/);
    model.delete();
    await page.evaluate(() => document.getElementById('explore').scrollIntoView());
    await screenshot(page, 'open-spark-1440');

    // implicitPrefs: the same folder again, fold-in as Spark's implicit user step.
    await page.check('#spark-implicit');
    await page.fill('#spark-alpha', '2.5');
    await page.dispatchEvent('#spark-alpha', 'change');
    await page.waitForFunction(() => /implicitPrefs\)/.test(document.getElementById('open-status').textContent) &&
      /confidence 1 \+ 2\.5 r/.test(document.getElementById('open-status').textContent));
    const implicit = await mf.importSpark(SPARK, { implicitPrefs: true, alpha: 2.5 });
    const want = implicit.recommendFor(RATINGS, { n: 10 }).map((s) => movies.get(s.id));
    await page.waitForFunction((w) => JSON.stringify([...document.querySelectorAll('#foldin-list .title')].map((e) => e.textContent)) === JSON.stringify(w), want);
    implicit.delete();
  });

  it('says what is wrong with a broken Spark folder and keeps exploring the model it had', async () => {
    const before = await explored(page);
    const broken = join(work, 'broken');
    cpSync(SPARK, broken, { recursive: true });
    rmSync(join(broken, 'itemFactors', readdirSync(join(broken, 'itemFactors')).filter((n) => n.startsWith('part-'))[2]));
    await page.setInputFiles('#open-spark', broken);
    await page.waitForSelector('#open-error:not([hidden])');
    const message = await page.textContent('#open-error');
    assert.match(message, /Could not open broken: broken\/itemFactors\/part-00002-.* is missing \(its checksum file \.part-00002-.*\.crc is there\)/);
    assert.match(message, /Explore still shows als-3\.5\./);
    assert.deepEqual(await explored(page), before);
  });

  it('opens an .mfm dropped on the page', async () => {
    const bytes = [...readFileSync(join(work, 'dense.mfm'))];
    await page.evaluate((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'dropped.mfm'));
      document.getElementById('open-drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForFunction(() => /Exploring dropped\.mfm/.test(document.getElementById('explore-status').textContent));
    assert.equal(await page.isHidden('#open-error'), true);
  });

  it('a training run takes Explore back from the opened model', async () => {
    await page.click('#play');
    await waitTrained(page);
    await page.waitForFunction(() => /^Exploring run #1/.test(document.getElementById('explore-status').textContent));
    const s = await state(page);
    assert.equal(s.explored.opened, undefined);
    assert.equal(await page.isDisabled('#min-ratings'), false);
    assert.equal((await similarTo(page, 'Toy Story')).length, 10);
  });

  it('shows an opened Spark model on a phone', async () => {
    const phone = await site.open('', { width: 390, height: 844 });
    await phone.page.click('#open-model summary');
    await phone.page.setInputFiles('#open-spark', SPARK);
    await phone.page.waitForFunction(() => /Exploring als-3\.5/.test(document.getElementById('explore-status').textContent));
    await phone.page.evaluate(() => document.getElementById('explore').scrollIntoView());
    await screenshot(phone.page, 'open-spark-390');
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page ${width} px wide)`);
    assert.deepEqual(phone.log.errors, []);
    await phone.page.close();
  });
});
