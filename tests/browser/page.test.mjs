// The teaching page, end to end, in Debian's Chromium: the built site (dist/)
// served by a plain static server under a sub-path, as any static host would.
// Run by scripts/test-browser.sh, which builds the site first.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, watch, screenshot, MAIN_THREAD_WASM_COUNTER, ROOT } from './browser.mjs';
import { serveStatic } from './server.mjs';
import { DIST, state, series, waitReady, waitTrained, chooseData, setField, fullSpeed } from './helpers.mjs';

const TARGET_TEST_RMSE = 0.87;  // the core's target for ALS on ml-latest-small

// --- helpers ------------------------------------------------------------------

// Trains the current run to its iteration count; returns how many WebAssembly
// modules the main thread compiled or instantiated so far (0: all of it ran
// in workers).
async function trainMeasured(page) {
  await page.click('#play');
  await waitTrained(page);
  return page.evaluate(() => window.__mainThreadWasm);
}

// A small synthetic data set: 40 users x 15 movies, ratings from a fixed
// formula, so the test owns every byte it uploads.
function syntheticRatings() {
  const lines = ['userId,movieId,rating'];
  for (let u = 1; u <= 40; u++) {
    for (let i = 1; i <= 15; i++) {
      if ((u * 7 + i * 3) % 4 === 0) continue;
      const r = 0.5 + (((u % 5) + (i % 4) + ((u * i) % 3)) % 10) * 0.5;
      lines.push(`${u},${i},${r.toFixed(1)}`);
    }
  }
  return lines.join('\n') + '\n';
}

const EVIL_TITLES = {
  1: '<img src=x onerror="window.__xss = 1"> (1999)',
  2: '"<script>window.__xss = 2</script>" (2001)',
  3: '<b onmouseover="window.__xss = 3">Bold</b> (2003)',
};

function syntheticMovies() {
  const quote = (s) => `"${s.replaceAll('"', '""')}"`;
  const lines = ['movieId,title,genres'];
  for (let i = 1; i <= 15; i++) lines.push(`${i},${quote(EVIL_TITLES[i] ?? `Plain Movie ${i} (2000)`)},Drama|Comedy`);
  return lines.join('\n') + '\n';
}

// --- the suite ------------------------------------------------------------------

describe('teaching page (built site in Chromium)', () => {
  let server, browser, page, log;

  before(async () => {
    assert.ok(existsSync(join(DIST, 'index.html')), 'dist/index.html is missing: run `npm run build:web` first');
    server = await serveStatic(DIST, { prefix: '/mfcf/site/' });
    browser = await launch();
    page = await browser.context.newPage();
    await page.addInitScript(MAIN_THREAD_WASM_COUNTER);
    log = watch(page, server.origin);
    await page.goto(server.url);
    await waitReady(page);
    await fullSpeed(page);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // Every test fails on a page error or console error it caused.
  afterEach(() => {
    const errors = log.errors.splice(0).filter((e) => !/crash requested by a test/.test(e));
    assert.deepEqual(errors, []);
  });

  it('loads from a sub-path with a strict CSP, the engine ready and the dense subset drawn', async () => {
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/);
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline scripts in the built page');
    assert.doesNotMatch(html, /(src|href)="\//, 'every URL in the built page is relative');
    assert.match(await page.textContent('#engine-status'), /Engine ready/);
    assert.match(await page.textContent('#data-stats'), /27,115/);
    assert.equal(await page.isVisible('#ratings-canvas'), true);
    // Typeset by KaTeX when the page is built, put in place once the page is ready to train.
    await page.waitForFunction(() => document.querySelectorAll('.katex').length > 10 && !document.querySelector('.tex > template'));
    await screenshot(page, '01-loaded');
  });

  it('trains ALS on ml-latest-small: 10 points per series, test RMSE within target, all of it in a worker', async () => {
    await chooseData(page, 'small');
    assert.match(await page.textContent('#data-stats'), /100,836/);
    const s0 = await state(page);
    assert.equal(s0.target, 10);
    const mainThreadWasm = await trainMeasured(page);
    const current = (await series(page)).filter((d) => d.kind === 'train' || d.kind === 'test');
    assert.deepEqual(current.map((d) => d.points), [10, 10]);
    const { last } = await state(page);
    assert.equal(last.epoch, 10);
    assert.ok(last.testRmse <= TARGET_TEST_RMSE, `final test RMSE ${last.testRmse} > ${TARGET_TEST_RMSE}`);
    assert.match(await page.textContent('#readout'), new RegExp(`test RMSE ${last.testRmse.toFixed(4)}`));
    assert.equal(await page.locator('#curve-table tbody tr').count(), 10);
    assert.match(await page.textContent('#progress-text'), /iteration 10 of 10 · \d+ ms per iteration/);
    assert.equal(mainThreadWasm, 0, 'the main thread ran WebAssembly');
    const baselines = (await series(page)).filter((d) => d.kind === 'baseline');
    assert.equal(baselines.length, 2);
    await screenshot(page, '02-als-ml-latest-small');
  });

  it('switches to SGD: a new run trains while the ALS run stays on the chart', async () => {
    await page.selectOption('#algo', 'sgd');
    await waitReady(page);
    assert.match(await page.evaluate(() => location.hash), /algorithm=sgd/);
    const mainThreadWasm = await trainMeasured(page);
    const all = await series(page);
    const current = all.filter((d) => d.kind === 'train' || d.kind === 'test');
    const { last, target } = await state(page);
    assert.deepEqual(current.map((d) => d.points), [target, target]);
    assert.ok(all.some((d) => d.kind === 'earlier' && /ALS/.test(d.label) && d.points === 10), 'the ALS run is kept');
    assert.ok(last.testRmse < 0.95, `SGD test RMSE ${last.testRmse}`);
    assert.equal(mainThreadWasm, 0, 'the main thread ran WebAssembly');
    await screenshot(page, '03-sgd-after-als');
  });

  it('pauses and resumes', async () => {
    await page.selectOption('#algo', 'als');
    await waitReady(page);
    await setField(page, 'iters', 12);
    await page.click('#play');
    await page.waitForFunction(() => window.mfcfPage.state().epoch >= 3, null, { polling: 20 });
    await page.click('#play');  // now labelled Pause
    await page.waitForFunction(() => !window.mfcfPage.state().playing);
    assert.equal(await page.textContent('#play'), 'Resume');
    await page.waitForTimeout(400);  // a step in flight lands
    const paused = (await state(page)).epoch;
    await page.waitForTimeout(1000);
    assert.equal((await state(page)).epoch, paused, 'no iteration runs while paused');
    assert.ok(paused < 12);
    await screenshot(page, '04-paused');
    await page.click('#play');
    await waitTrained(page);
    const current = (await series(page)).filter((d) => d.kind === 'train' || d.kind === 'test');
    assert.deepEqual(current.map((d) => d.points), [12, 12]);
  });

  it('single steps', async () => {
    await page.click('#reset');
    await waitReady(page);
    await page.click('#step');
    await page.waitForFunction(() => window.mfcfPage.state().epoch === 1);
    await page.click('#step');
    await page.waitForFunction(() => window.mfcfPage.state().epoch === 2);
    const current = (await series(page)).filter((d) => d.kind === 'train' || d.kind === 'test');
    assert.deepEqual(current.map((d) => d.points), [2, 2]);
    await page.click('#play');
    await waitTrained(page);
  });

  it('finds 10 movies like Toy Story (1995), chosen with the keyboard', async () => {
    await page.fill('#similar-input', 'Toy Story');
    await page.waitForSelector('#similar-options li[role="option"]');
    const options = await page.locator('#similar-options li[role="option"]').allTextContents();
    assert.ok(options[0].startsWith('Toy Story (1995)'), `first option: ${options[0]}`);
    await page.press('#similar-input', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#similar-list li').length === 10);
    const titles = await page.locator('#similar-list li .title').allTextContents();
    assert.equal(titles.length, 10);
    assert.equal(new Set(titles).size, 10);
    assert.ok(!titles.includes('Toy Story (1995)'));
    assert.ok(titles.every((t) => /\(\d{4}\)$/.test(t.trim())), titles.join(' | '));
    assert.match(await page.textContent('#similar-caption'), /Toy Story \(1995\)/);
    await page.locator('#similar-panel').scrollIntoViewIfNeeded();
    await screenshot(page, '05-movies-like-toy-story');
  });

  it('recommends 10 movies for 5 ratings, never one of them', async () => {
    const selects = page.locator('#rate-list select');
    const rated = [];
    const values = ['5', '4.5', '1', '4', '2'];
    for (let n = 0; n < 5; n++) {
      await selects.nth(n).selectOption(values[n]);
      rated.push((await page.locator('#rate-list label').nth(n).textContent()).trim());
    }
    await page.waitForFunction(() => document.querySelectorAll('#foldin-list li').length === 10);
    await page.waitForTimeout(300);  // the last answer (5 ratings) is in
    const titles = (await page.locator('#foldin-list li .title').allTextContents()).map((t) => t.trim());
    assert.equal(titles.length, 10);
    for (const t of rated) assert.ok(!titles.includes(t), `recommended a movie already rated: ${t}`);
    await page.locator('#rate-panel').scrollIntoViewIfNeeded();
    await screenshot(page, '06-fold-in');
  });

  it('draws the movie map and the bias lists', async () => {
    await page.waitForFunction(() => document.querySelectorAll('#bias-high li').length === 10);
    assert.equal(await page.locator('#bias-low li').count(), 10);
    assert.match(await page.textContent('#map-caption'), /movies with at least 20 training ratings/);
    await page.locator('#map-canvas').scrollIntoViewIfNeeded();
    const box = await page.locator('#map-canvas').boundingBox();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.4);
    await page.waitForTimeout(200);
    await screenshot(page, '07-map-and-biases');
  });

  it('keeps the previous data set when a malformed file is loaded, naming the bad line', async () => {
    await page.click('#upload-box summary');
    await page.setInputFiles('#ratings-file', join(ROOT, 'tests', 'data', 'ratings_bad_line4.csv'));
    await page.click('#load-file');
    await page.waitForSelector('#data-error:not([hidden])');
    const message = await page.textContent('#data-error');
    assert.match(message, /line 4/, message);
    assert.match(message, /ratings_bad_line4\.csv/, message);
    assert.match(await page.textContent('#data-stats'), /100,836/, 'the previous data set is still shown');
    await waitReady(page);
    assert.equal(await page.isEnabled('#play'), true);
    await page.locator('#data').scrollIntoViewIfNeeded();
    await screenshot(page, '08-malformed-csv');
  });

  it('shows uploaded titles as text: markup in them never runs', async () => {
    await page.setInputFiles('#ratings-file', { name: 'evil.csv', mimeType: 'text/csv', buffer: Buffer.from(syntheticRatings()) });
    await page.setInputFiles('#movies-file', { name: 'evil-movies.csv', mimeType: 'text/csv', buffer: Buffer.from(syntheticMovies()) });
    await page.click('#load-file');
    await page.waitForFunction(() => /evil\.csv/.test(document.querySelector('#data-stats').textContent));
    await waitReady(page);
    assert.equal(await page.isVisible('#data-error'), false);
    await setField(page, 'k', 4);
    await page.click('#play');
    await waitTrained(page);
    await page.fill('#similar-input', 'Plain Movie 5');
    await page.press('#similar-input', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#similar-list li').length >= 5);
    await page.fill('#similar-input', '<img');
    await page.waitForSelector('#similar-options li[role="option"]');
    const listed = await page.locator('#rate-list label').allTextContents();
    const shown = (await page.locator('#similar-list .title').allTextContents()).concat(listed);
    assert.ok(shown.some((t) => t.includes('<img src=x onerror=')), 'the title is shown literally');
    assert.ok(shown.some((t) => t.includes('<script>')), 'the title is shown literally');
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.locator('main img, main script').count(), 0);
    assert.ok(!server.requests.some((p) => p.endsWith('/x')), 'no request for the injected image');
    assert.deepEqual(log.dialogs, []);
    await page.locator('#explore').scrollIntoViewIfNeeded();
    await screenshot(page, '09-uploaded-titles-as-text');
  });

  it('runs a grid search in the workers: validation RMSE per cell, the chosen cell, its test RMSE measured once', async () => {
    await chooseData(page, 'dense');
    await page.fill('#grid-factors', '2, 8');
    await page.fill('#grid-regs', '0.05, 0.5');
    await page.fill('#grid-iters', '5');
    await page.click('#grid-run');
    await page.waitForSelector('#grid-result table.heatmap', { timeout: 60000 });
    assert.equal(await page.locator('#grid-result td.best').count(), 1);
    assert.equal(await page.locator('#grid-result tbody td').count(), 4);
    assert.match(await page.textContent('#grid-progress-text'), /done: 4 models/);
    assert.match(await page.textContent('#grid-result caption'), /^Best validation RMSE per cell/);
    const { cells, best, test } = await page.evaluate(() => window.mfcfPage.lastGrid());
    const shown = await page.locator('#grid-result tbody td .value').allTextContents();
    assert.deepEqual(shown, cells.map((c) => c.bestValidationRmse.toFixed(4)), 'each cell shows its best validation RMSE');
    assert.ok(test.count > 0);
    assert.match(await page.textContent('#grid-result .grid-best'),
      new RegExp(`validation RMSE ${cells[best].bestValidationRmse.toFixed(4)} at iteration ${cells[best].bestIteration}; test RMSE ${test.rmse.toFixed(4)}\\.`));
    assert.equal(await page.textContent('#grid-result .grid-note'), 'The cell and its best iteration were chosen on a validation set ' +
      "split off the training ratings; the chosen cell's test RMSE was measured once, after the choice.");
    await waitReady(page);
    await page.locator('#grid').scrollIntoViewIfNeeded();
    await screenshot(page, '10-grid-search');
  });

  it('loads a clicked grid cell into the settings: factors, λ and its best iteration, then a new run', async () => {
    const { cells, best } = await page.evaluate(() => window.mfcfPage.lastGrid());
    const pick = cells.findIndex((c, k) => k !== best && c.bestIteration > 0);
    const before = (await state(page)).runId;
    await page.locator('#grid-result tbody td').nth(pick).click();
    await waitReady(page);
    const cell = cells[pick];
    assert.equal(await page.inputValue('#k'), String(cell.factors));
    assert.equal(await page.inputValue('#regU'), String(cell.regularization));
    assert.equal(await page.inputValue('#regI'), String(cell.regularization));
    assert.equal(await page.inputValue('#iters'), String(cell.bestIteration));
    const s = await state(page);
    assert.ok(s.runId > before, 'a new run with these settings');
    assert.equal(s.target, cell.bestIteration);
    assert.match(await page.evaluate(() => location.hash), new RegExp(`factors=${cell.factors}&`));
    // The keyboard does the same: Enter on the chosen cell.
    await page.locator('#grid-result td.best').focus();
    await page.keyboard.press('Enter');
    await waitReady(page);
    assert.equal(await page.inputValue('#k'), String(cells[best].factors));
    assert.equal(await page.inputValue('#iters'), String(cells[best].bestIteration));
  });

  it("runs the SGD grid for SGD's own iteration count when none is given, learning rate loaded on click", async () => {
    await page.selectOption('#algo', 'sgd');
    await waitReady(page);
    const iterations = Number(await page.inputValue('#iters'));
    assert.equal(iterations, 30, "SGD's own count, from mf.defaultOptions('sgd')");
    await page.fill('#grid-factors', '3');
    await page.fill('#grid-regs', '0.05');
    await page.fill('#grid-rates', '0.01, 0.02');
    await page.fill('#grid-iters', '');
    await page.click('#grid-run');
    await page.waitForFunction(() => /done: 2 models/.test(document.querySelector('#grid-progress-text').textContent), null, { timeout: 60000 });
    const { cells } = await page.evaluate(() => window.mfcfPage.lastGrid());
    assert.deepEqual(cells.map((c) => c.iterations), [iterations, iterations]);
    assert.equal(await page.locator('#grid-result table.heatmap').count(), 2, 'one table per learning rate');
    await waitReady(page);
    await page.locator('#grid-result tbody td').nth(1).click();
    await waitReady(page);
    assert.equal(await page.inputValue('#lr'), String(cells[1].learningRate));
    assert.equal(await page.inputValue('#iters'), String(cells[1].bestIteration));
    await page.selectOption('#algo', 'als');
    await waitReady(page);
  });

  it('runs grid cells on a pool of workers with the same results as mf.gridSearch in one worker', async () => {
    await chooseData(page, 'dense');
    // What mf.gridSearch gives; the reference is the training worker's mf.gridSearch.
    const fields = ({ cells, best, test }) => ({ cells, best, test });
    for (const algo of ['sgd', 'als']) {
      await page.selectOption('#algo', algo);
      await waitReady(page);
      await page.fill('#grid-factors', '8, 3');
      await page.fill('#grid-regs', '0.2, 0.02');
      // η = 0.3 diverges on this data within a few epochs: a cell that stops early.
      if (algo === 'sgd') await page.fill('#grid-rates', '0.01, 0.3');
      await page.fill('#grid-iters', '6');
      const lr = Number(await page.inputValue('#lr'));
      const spec = { factors: [3, 8], regularization: [0.02, 0.2], learningRates: algo === 'sgd' ? [0.01, 0.3] : [lr], iterations: 6 };
      const reference = fields(await page.evaluate((s) => window.mfcfPage.gridReference(s), spec));
      assert.equal(reference.cells.length, algo === 'sgd' ? 8 : 4);
      if (algo === 'sgd') assert.ok(reference.cells.some((c) => c.diverged), 'one cell diverges');
      for (const workers of [2, 1]) {
        await page.evaluate((n) => window.mfcfPage.setGridWorkers(n), workers);
        await page.click('#grid-run');
        await page.waitForFunction((n) => new RegExp(`done: \\d+ models in .* on ${n} worker`).test(document.querySelector('#grid-progress-text').textContent), workers, { timeout: 60000 });
        assert.equal((await page.evaluate(() => window.mfcfPage.gridTiming())).workers, workers);
        assert.deepEqual(fields(await page.evaluate(() => window.mfcfPage.lastGrid())), reference, `${algo}, ${workers} workers`);
        await waitReady(page);
      }
    }
    await page.evaluate(() => window.mfcfPage.setGridWorkers(undefined));
  });

  it('cancels a running grid search without restarting the training worker', async () => {
    const before = (await state(page)).runId;
    await page.fill('#grid-factors', '5, 10, 20, 40');
    await page.fill('#grid-regs', '0.01, 0.05');
    await page.fill('#grid-iters', '100');
    await page.click('#grid-run');
    await page.waitForFunction(() => /\d+ of \d+ training steps/.test(document.querySelector('#grid-progress-text').textContent));
    await page.click('#grid-cancel');
    assert.match(await page.textContent('#grid-progress-text'), /cancelled/);
    await waitReady(page);
    assert.equal((await state(page)).runId, before, 'the current run is kept');
    assert.equal(await page.isHidden('#crash'), true);
  });

  it('compares missing = 0 ALS with proper ALS', async () => {
    await page.click('#zero-section button.preset');
    await page.waitForFunction(() => document.querySelectorAll('#zero-list li').length === 3, null, { timeout: 60000 });
    const lines = await page.locator('#zero-list li').allTextContents();
    const rmse = lines.map((l) => Number(/test RMSE ([\d.]+)/.exec(l)[1]));
    assert.match(lines[0], /missing=0/);
    assert.ok(rmse[0] > 1.5, `missing = 0 should fail clearly: ${lines[0]}`);
    assert.ok(rmse[1] < 1.0 && rmse[2] < 1.0, lines.join(' | '));
    const earlier = (await series(page)).filter((d) => d.kind === 'earlier');
    assert.equal(earlier.length, 4, 'the first two runs stay on the chart');
    await screenshot(page, '11-missing-zero-comparison', '.chart-panel');
    await screenshot(page, '12-missing-zero-panel', '#zero-section');
  });

  it('stops a diverging SGD run where it diverged, says why on the chart and keeps the last finite model', async () => {
    await page.selectOption('#algo', 'sgd');
    await waitReady(page);
    await setField(page, 'lr', 1);
    await setField(page, 'iters', 8);
    await page.click('#play');
    await page.waitForFunction(() => !window.mfcfPage.state().playing && window.mfcfPage.state().epoch > 0, null, { timeout: 60000 });
    const { epoch, last } = await state(page);
    assert.ok(epoch < 8, `training stopped early (at ${epoch})`);
    assert.match(await page.textContent('#train-error'), new RegExp(`^Training diverged at iteration ${epoch}: .*learning rate`));
    const all = await series(page);
    const marks = all.filter((d) => d.kind === 'diverged');
    assert.equal(marks.length, 1, JSON.stringify(all.map((d) => d.label)));
    assert.match(marks[0].label, new RegExp(`diverged at iteration ${epoch}: .*infinite or NaN`));
    assert.deepEqual(marks[0].epochs, [epoch]);
    assert.ok(all.every((d) => d.finite), 'no NaN or infinity reaches the chart');
    if (last) assert.ok(Number.isFinite(last.testRmse));
    // The model that is kept still answers.
    assert.ok((await page.evaluate(() => window.mfcfPage.liveObjects())).Trainer === 1);
    await screenshot(page, '11-diverged');
    await page.click('#reset');
    await waitReady(page);
    await setField(page, 'lr', 0.01);
    await setField(page, 'iters', 30);
  });

  it('never mixes two runs on the chart: double-clicked play, settings changed and data reloaded mid-run', async () => {
    await page.selectOption('#algo', 'sgd');
    await waitReady(page);
    const k = await page.inputValue('#k');
    await setField(page, 'iters', 40);
    await page.dblclick('#play');
    await page.waitForFunction(() => window.mfcfPage.state().epoch >= 2, null, { polling: 20 });
    await page.fill('#k', String(Number(k) + 2));
    await page.dispatchEvent('#k', 'change');       // a new run while the old one plays
    await page.click('#play');
    await page.waitForFunction(() => window.mfcfPage.state().epoch >= 2, null, { polling: 20 });
    await chooseData(page, 'dense');                // the same data loaded again mid-run
    await page.click('#play');
    await page.waitForFunction(() => window.mfcfPage.state().epoch >= 3, null, { polling: 20 });
    await page.click('#play');                      // pause
    await page.waitForFunction(() => !window.mfcfPage.state().playing);
    await page.waitForTimeout(300);                 // anything still in flight lands
    const runs = await page.evaluate(() => window.mfcfPage.runs());
    for (const d of await series(page)) {
      if (d.kind === 'baseline' || d.kind === 'diverged') continue;
      // Each line is one run: iterations 1, 2, 3, ... with none repeated or missing.
      assert.deepEqual(d.epochs, d.epochs.map((_, n) => n + 1), `${d.label}: ${d.epochs}`);
    }
    assert.equal((await state(page)).epoch, runs.at(-1).points);
    await setField(page, 'k', k);
    await setField(page, 'iters', 30);
  });

  it('shows overfitting: no regularization fits train better and test worse than λ = 30', async () => {
    await page.click('button.preset[data-preset="overfit"]');
    await page.waitForFunction(() => {
      const runs = window.mfcfPage.runs();
      return runs.length === 3 && runs[2].points === 15 && !window.mfcfPage.state().playing;
    }, null, { timeout: 120000 });
    const [free, strong, proper] = await page.evaluate(() => window.mfcfPage.runs());
    assert.match(free.label, /k=40 λ=0 plain λ no biases/);
    assert.match(strong.label, /λ=30/);
    assert.ok(free.last.trainRmse < strong.last.trainRmse, 'λ = 0 fits the training ratings closer');
    assert.ok(free.last.testRmse > strong.last.testRmse, 'λ = 0 generalizes worse');
    assert.ok(proper.last.testRmse < strong.last.testRmse);
    assert.match(await page.evaluate(() => location.hash), /holdout=10/);
    await screenshot(page, '13-overfitting-comparison', '.chart-panel');
  });

  it('draws the dense matrix as the product of the learned factor matrices', async () => {
    await page.waitForSelector('#factor-panel:not([hidden])');
    const size = await page.evaluate(() => ['fig-r', 'fig-p', 'fig-q', 'fig-rhat'].map((id) => {
      const c = document.getElementById(id);
      return [c.width, c.height];
    }));
    assert.deepEqual(size, [[300, 300], [40, 300], [300, 40], [300, 300]]);
    await screenshot(page, '14-factor-matrices', '#factor-panel');
  });

  it('frees every wasm object it does not need', async () => {
    await waitReady(page);
    const live = await page.evaluate(() => window.mfcfPage.liveObjects());
    assert.deepEqual({ Dataset: live.Dataset, Split: live.Split, Trainer: live.Trainer }, { Dataset: 1, Split: 1, Trainer: 1 });
    // The current run's model and the explored one of an earlier run (kept until a new run has learned).
    assert.ok(live.Model <= 2, JSON.stringify(live));
  });

  it('keeps the worker heap flat over repeated runs', async () => {
    const cycle = async () => {
      await page.click('#reset');
      await waitReady(page);
      for (const n of [1, 2]) {
        await page.click('#step');
        await page.waitForFunction((e) => window.mfcfPage.state().epoch === e && !window.mfcfPage.state().busy, n);
      }
    };
    for (let n = 0; n < 2; n++) await cycle();  // warm-up: the heap reaches its working size
    const before = await page.evaluate(() => window.mfcfPage.liveObjects());
    for (let n = 0; n < 5; n++) await cycle();
    const after = await page.evaluate(() => window.mfcfPage.liveObjects());
    const { heapUsedBytes: bytesBefore, ...objectsBefore } = before;
    const { heapUsedBytes: bytesAfter, ...objectsAfter } = after;
    assert.deepEqual(objectsAfter, objectsBefore, 'live objects after 5 more runs');
    // In-use bytes may move by a few bytes with where the allocator places a
    // block (a chunk too small to split is handed out whole), but one run's
    // leaked Trainer, Split or Model on this data set is tens of kilobytes.
    assert.ok(Math.abs(bytesAfter - bytesBefore) < 4096,
      `malloc in-use bytes ${bytesBefore} -> ${bytesAfter} after 5 more runs`);
  });

  it('reports a crashed worker and restarts it with the same settings', async () => {
    const hash = await page.evaluate(() => location.hash);
    await page.evaluate(() => window.mfcfPage.crashWorker().catch(() => {}));
    await page.waitForSelector('#crash:not([hidden])');
    assert.match(await page.textContent('#crash-message'), /crash requested by a test/);
    await page.locator('#crash').scrollIntoViewIfNeeded();
    await screenshot(page, '15-worker-crashed');
    await page.click('#restart');
    await waitReady(page);
    assert.equal(await page.isVisible('#crash'), false);
    assert.equal(await page.evaluate(() => location.hash), hash);
    await page.click('#play');
    await waitTrained(page);
    // The crash's own error message is expected; nothing else may have been logged.
    log.errors = log.errors.filter((e) => !/crash requested by a test/.test(e));
  });

  it('logged no console error or warning and asked no other origin for anything', () => {
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.foreign, []);
  });

  it('reproduces a run from its link, seed included, and from the same link with the old short keys', async () => {
    const hash = '#data=dense&algorithm=sgd&factors=8&regularization.user=0.05&regularization.item=0.05&regularizationScaling=count' +
      '&biases=true&missingAsZero=false&learningRate=0.02&iterations=5&split=holdout&testFraction=0.1&holdout=5&seed=7&metric=mse';
    const old = '#data=dense&algo=sgd&k=8&regU=0.05&regI=0.05&scaling=count&biases=true&zero=false&lr=0.02&iters=5' +
      '&split=holdout&test=0.1&holdout=5&seed=7&metric=mse';
    const finals = [];
    for (const link of [hash, hash, old]) {
      const p = await browser.context.newPage();
      const l = watch(p, server.origin);
      await p.goto(server.url + link);
      await waitReady(p);
      assert.equal(await p.inputValue('#k'), '8');
      assert.equal(await p.inputValue('#seed'), '7');
      assert.equal(await p.inputValue('#algo'), 'sgd');
      assert.equal(await p.isChecked('input[name="metric"][value="mse"]'), true);
      // (A link from before the threads setting gets its algorithm's default: SGD's 1, the same run.)
      assert.equal(await p.evaluate(() => location.hash), hash.replace('&iterations=5', '&iterations=5&threads=1'),
        'the page rewrites the link with the new keys');
      await p.click('#play');
      await waitTrained(p);
      finals.push((await state(p)).last);
      assert.deepEqual(l.errors, []);
      await p.close();
    }
    assert.equal(finals[0].epoch, 5);
    for (const f of finals.slice(1)) {
      assert.equal(f.testMse, finals[0].testMse);
      assert.equal(f.trainMse, finals[0].trainMse);
    }
  });

  it('leaves the biases and the λ scaling to the library with missing = 0, and shows what it chose', async () => {
    const p = await browser.context.newPage();
    const l = watch(p, server.origin);
    await p.goto(server.url + '#k=6');
    await waitReady(p);
    await p.check('#zero');
    await waitReady(p);
    await p.waitForFunction(() => !document.getElementById('biases').checked);
    assert.equal(await p.isDisabled('#biases'), true);
    assert.equal(await p.inputValue('#scaling'), 'none');
    assert.match(await p.evaluate(() => location.hash), /regularizationScaling=none&biases=false&missingAsZero=true/);
    await p.uncheck('#zero');  // the biases stay off until turned on again
    await waitReady(p);
    assert.equal(await p.isChecked('#biases'), false);
    assert.equal(await p.isEnabled('#biases'), true);
    assert.deepEqual(l.errors, []);
    await p.close();
  });

  it('follows a link edited in the address bar: new data and settings, a fresh run', async () => {
    const p = await browser.context.newPage();
    await p.goto(server.url + '#data=dense&k=12');
    await waitReady(p);
    const before = (await state(p)).runId;
    await p.evaluate(() => { location.hash = '#data=small&k=7&seed=3'; });
    await p.waitForFunction(() => /100,836/.test(document.querySelector('#data-stats').textContent));
    await waitReady(p);
    assert.equal(await p.inputValue('#k'), '7');
    assert.equal(await p.inputValue('#seed'), '3');
    assert.equal(await p.isChecked('input[name="data"][value="small"]'), true);
    assert.ok((await state(p)).runId > before);
    await p.close();
  });

  it('hides a control named with _hide in the link', async () => {
    const p = await browser.context.newPage();
    await p.goto(server.url + '#algo=sgd&algo_hide');
    await waitReady(p);
    assert.equal(await p.isVisible('#algo'), false);
    assert.equal(await p.isVisible('#k'), true);
    await p.close();
  });

  it('stacks its columns on a narrow screen', async () => {
    const p = await browser.context.newPage();
    await p.setViewportSize({ width: 400, height: 900 });
    await p.goto(server.url);
    await waitReady(p);
    const form = await p.locator('#settings').boundingBox();
    const chart = await p.locator('.chart-panel').boundingBox();
    assert.ok(chart.y >= form.y + form.height - 1, 'the chart sits below the settings');
    assert.ok(form.width <= 400 && chart.width <= 400);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 400, `page is ${overflow}px wide on a 400px screen`);
    await p.evaluate(() => document.getElementById('train').scrollIntoView());
    await p.screenshot({ path: join(ROOT, 'tests', 'artifacts', '16-narrow.png') });
    await p.close();
  });
});
