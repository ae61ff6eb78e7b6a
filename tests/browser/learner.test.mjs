// The page as a learner meets it: each test is named after what broke for a
// learner who clicked through the page (the issue "The page, as a learner
// meets it"), and fails on the page as it was. Every test also fails on any
// page error or console error it caused.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from './browser.mjs';
import { state, series, runs, waitReady, waitTrained, waitStopped, chooseData, setField, fullSpeed, upload, startSite } from './helpers.mjs';

// Ratings of `users` x `movies` with a few cells left out, from a fixed formula.
function ratingsFile(users, movies) {
  const lines = ['userId,movieId,rating'];
  for (let u = 1; u <= users; u++) {
    for (let i = 1; i <= movies; i++) {
      if ((u * 7 + i * 3) % 5 === 0) continue;
      lines.push(`${u},${i},${(1 + ((u + 2 * i) % 9) * 0.5).toFixed(1)}`);
    }
  }
  return lines.join('\n') + '\n';
}

// The distinct non-white colours of a canvas.
const colours = (page, id) => page.evaluate((canvasId) => {
  const c = document.getElementById(canvasId);
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const seen = new Set();
  for (let n = 0; n < data.length; n += 4) if (data[n] + data[n + 1] + data[n + 2] < 750) seen.add(`${data[n]},${data[n + 1]},${data[n + 2]}`);
  return [...seen];
}, id);

describe('the page as a learner meets it', () => {
  let site, page, log;

  before(async () => {
    site = await startSite();
    ({ page, log } = await site.open());
    await fullSpeed(page);
  });
  after(() => site?.close());
  afterEach(() => {
    const errors = log.errors.splice(0);
    assert.deepEqual(errors, [], 'no page error and no console error');
  });

  it('1. Explore keeps the last good model when a run diverges before it learned anything, and says which run it shows', async () => {
    await page.click('#play');
    await waitTrained(page);
    const good = (await state(page)).runId;
    await page.fill('#similar-input', 'Toy Story');
    await page.waitForSelector('#similar-options li[role="option"]');
    await page.press('#similar-input', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#similar-list li').length === 10);
    const similarBefore = await page.locator('#similar-list .title').allTextContents();
    await page.selectOption('#algo', 'sgd');
    await waitReady(page);
    await setField(page, 'lr', 1);
    await page.click('#play');
    await waitStopped(page);
    const s = await state(page);
    assert.equal(s.epoch, 1, 'learning rate 1 diverges at iteration 1 on the dense subset');
    assert.equal(s.diverged, true);
    assert.equal(s.explored.runId, good, 'the explored model is the ALS run');
    await page.waitForFunction(() => /diverged/.test(document.getElementById('explore-status').textContent));
    assert.match(await page.textContent('#explore-status'), /^Exploring run #1 \(ALS k=20 λ=0\.1\) after iteration 10\. The latest run diverged at iteration 1/);
    await page.waitForTimeout(300);  // any answer about another model would have landed
    assert.deepEqual(await page.locator('#similar-list .title').allTextContents(), similarBefore);
    const biases = await page.locator('#bias-high .score').allTextContents();
    assert.ok(biases.length === 10 && !biases.includes('+0.00'), biases.join(' '));
    await page.locator('#explore').scrollIntoViewIfNeeded();
    await screenshot(page, 'after-1-explore-keeps-good-model');
  });

  it('3. a diverged run says in one sentence what happened, where and what to try, and offers a smaller learning rate, never Resume', async () => {
    const message = await page.evaluate(() => document.getElementById('train-error').firstChild.textContent);
    assert.equal(message, "Training diverged at iteration 1: the model's values became infinite or NaN; try a smaller learning rate (now 1).");
    assert.equal(await page.textContent('#play'), 'Diverged');
    assert.equal(await page.isDisabled('#play'), true);
    assert.equal(await page.isDisabled('#step'), true);
    await page.locator('#train').scrollIntoViewIfNeeded();
    await screenshot(page, 'after-3-divergence-message');
    await page.click('#train-error button:has-text("Set η = 0.25, then Play")');
    await waitReady(page);
    assert.equal(await page.inputValue('#lr'), '0.25');
    assert.equal(await page.textContent('#play'), 'Play');
    assert.equal(await page.isVisible('#train-error'), false);
    await setField(page, 'lr', 0.01);
  });

  it('5. Reset adds no phantom run: a run appears on the chart once it has trained', async () => {
    const before = await runs(page);
    const listed = await page.locator('#run-list li').count();
    await page.click('#reset');
    await waitReady(page);
    assert.deepEqual(await runs(page), before, 'no new run before anything is trained');
    assert.equal(await page.locator('#run-list li').count(), listed);
    await page.click('#step');
    await page.waitForFunction((n) => window.mfcfPage.runs().length === n + 1, before.length);
  });

  it('11. switching algorithm keeps each algorithm\'s own settings and says what changed', async () => {
    await page.selectOption('#algo', 'als');
    await waitReady(page);
    await setField(page, 'iters', 12);
    await page.selectOption('#algo', 'sgd');
    await waitReady(page);
    assert.equal(await page.inputValue('#iters'), '30');
    assert.match(await page.textContent('#algo-note'), /SGD has settings of its own: .*Iterations 30 \(ALS: 12\)/);
    await page.selectOption('#algo', 'als');
    await waitReady(page);
    assert.equal(await page.inputValue('#iters'), '12', 'the edited ALS count comes back');
    assert.match(await page.textContent('#algo-note'), /Iterations 12 \(SGD: 30\)/);
    await setField(page, 'iters', 10);
  });

  it('4. an invalid setting shows the engine\'s message next to its field and Play waits until it is fixed', async () => {
    const cases = [
      ['k', 5000, 'Factors k must be between 1 and 1024 (got 5000)'],
      ['k', 0, 'Factors k must be between 1 and 1024 (got 0)'],
      ['regU', -1, 'λ users must be a finite number >= 0 (got -1)'],
      ['iters', 0, 'Iterations must be between 1 and 100000 (got 0)'],
      ['test', 1.5, 'Test share must be between 0 and 1, exclusive (got 1.5)'],
    ];
    const before = await runs(page);
    for (const [id, value, message] of cases) {
      const valid = await page.inputValue(`#${id}`);
      await page.fill(`#${id}`, String(value));
      await page.dispatchEvent(`#${id}`, 'change');
      await page.waitForSelector(`#${id}-error:not([hidden])`);
      assert.equal(await page.textContent(`#${id}-error`), message);
      assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true');
      assert.equal(await page.isDisabled('#play'), true, `Play waits for ${id}`);
      if (id === 'k') await screenshot(page, 'after-4-invalid-factors', '#settings');
      await setField(page, id, valid);
      assert.equal(await page.isVisible(`#${id}-error`), false);
      assert.equal(await page.isEnabled('#play'), true);
    }
    assert.deepEqual((await runs(page)).map((r) => r.label), before.map((r) => r.label), 'no run trained with a refused value');
  });

  it('4. a link with bad values says which it replaced and why', async () => {
    const { page: p, log: l } = await site.open('#k=-5&data=foo');
    await p.waitForSelector('#link-note:not([hidden])');
    const note = await p.textContent('#link-note');
    assert.match(note, /data=foo \(must be one of dense, small\) → dense/);
    assert.match(note, /factors=-5 \(must be between 1 and 1024 \(got -5\)\) → 20/);
    assert.equal(await p.inputValue('#k'), '20');
    assert.match(await p.evaluate(() => location.hash), /factors=20&/);
    await screenshot(p, 'after-4-link-with-bad-values', '#settings');
    assert.deepEqual(l.errors, []);
    await p.close();
  });

  it('8. a comparison draws its runs at full strength in different colours, says what to look at, and lists them beside the chart', async () => {
    await page.click('button.preset[data-preset="als-sgd"]');
    await page.waitForFunction(() => window.mfcfPage.runs().length === 2 && !window.mfcfPage.state().playing &&
      window.mfcfPage.state().epoch >= window.mfcfPage.state().target, null, { timeout: 60000 });
    const lines = (await series(page)).filter((d) => / · test$/.test(d.label));
    assert.equal(lines.length, 2);
    assert.notEqual(lines[0].color, lines[1].color);
    for (const d of lines) assert.match(d.color, /^#[0-9a-f]{6}$/, `${d.label} is drawn at full strength (${d.color})`);
    assert.match(await page.textContent('#chart-note'), /ALS \(blue\) against SGD \(orange-red\).*Compare the solid test lines/);
    assert.equal(await page.locator('#run-list li[data-run]').count(), 2);
    await page.locator('.chart-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'after-8-als-vs-sgd', '.chart-panel');
    // The README's picture of the page (committed as docs/page.png).
    await screenshot(page, 'readme-page', '.train-layout');
    // Hide the first run, show it again, remove it.
    await page.uncheck('#run-list li[data-run="1"] input[type="checkbox"]');
    assert.equal((await series(page)).filter((d) => d.label.startsWith('#1 ')).length, 0);
    await page.check('#run-list li[data-run="1"] input[type="checkbox"]');
    assert.equal((await series(page)).filter((d) => d.label.startsWith('#1 ')).length, 2);
    await page.click('#run-list li[data-run="1"] button.remove');
    assert.equal(await page.locator('#run-list li[data-run]').count(), 1);
  });

  it('14. the movie map keeps its axes when the colours change, and counts only the movies it shows', async () => {
    await page.waitForFunction(() => window.mfcfPage.map()?.dots > 0);
    const first = await page.evaluate(() => window.mfcfPage.map());
    await page.selectOption('#genre-a', 'Comedy');
    await page.selectOption('#genre-b', 'Drama');
    assert.deepEqual(await page.evaluate(() => window.mfcfPage.map()), first, 'no dot moves');
    // The genres' counts, added up.
    const count = async () => (await page.locator('#genre-a option').allTextContents()).reduce((n, t) => n + Number(/\((\d+)\)$/.exec(t)[1]), 0);
    const counted = await count();
    assert.ok(Number(/\((\d+)\)$/.exec(await page.locator('#genre-a option:checked').textContent())[1]) <= first.dots);
    assert.match(await page.textContent('#map-caption'), new RegExp(`^${first.dots} movies with at least 5 training ratings`));
    await setField(page, 'min-ratings', 40);
    await page.waitForFunction((n) => window.mfcfPage.map().dots < n, first.dots);
    const fewer = await page.evaluate(() => window.mfcfPage.map());
    assert.ok(await count() < counted, 'the genre counts follow the filter');
    assert.match(await page.textContent('#map-caption'), new RegExp(`^${fewer.dots} movies with at least 40 training ratings`));
    await page.locator('#map-canvas').scrollIntoViewIfNeeded();
    await screenshot(page, 'after-14-movie-map');
    await setField(page, 'min-ratings', 5);
  });

  it('13. ratings and factor values have separate, labelled scales: no colour means one thing in one picture and another next to it', async () => {
    await page.waitForSelector('#factor-panel:not([hidden])');
    const legends = await page.locator('#factor-panel .scale-labels').allTextContents();
    assert.deepEqual(legends, ['0.5 ★rating5 ★', 'negative0positive']);
    const rating = new Set(await colours(page, 'fig-r'));
    const factor = await colours(page, 'fig-p');
    const shared = factor.filter((c) => rating.has(c));
    assert.deepEqual(shared, [], 'the factor pictures use none of the rating colours');
    await page.locator('#factor-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'after-13-factor-pictures', '#factor-panel');
  });

  it('16. the numbers table gives milliseconds with one decimal and the status no empty "rest"', async () => {
    await page.click('#reset');
    await waitReady(page);
    await page.click('#play');
    await waitTrained(page);
    const ms = await page.locator('#curve-table tbody tr td:last-child').allTextContents();
    assert.ok(ms.length > 0 && ms.every((t) => /^\d+\.\d$/.test(t)), ms.join(' '));
    const status = await page.textContent('#progress-text');
    assert.doesNotMatch(status, /the rest measuring/);
    assert.match(status, /ms per iteration/);
    assert.match(status, /Continue trains \d+ more from here/, 'what Continue does is said');
  });

  it('16. the learner\'s own ratings survive a switch of data set for the movies both have', async () => {
    const first = page.locator('#rate-list li').first();
    const title = (await first.locator('label').textContent()).trim();
    await first.locator('select').selectOption('4.5');
    await page.waitForFunction(() => document.querySelectorAll('#foldin-list li').length === 10);
    await chooseData(page, 'small');
    const kept = page.locator('#rate-list li', { hasText: title });
    assert.equal(await kept.locator('select').inputValue(), '4.5');
    await chooseData(page, 'dense');
  });

  it('16. a binary file is called a binary file, not dumped', async () => {
    await upload(page, 'photo.png', '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10');
    await page.waitForSelector('#data-error:not([hidden])');
    assert.match(await page.textContent('#data-error'), /^Could not load photo\.png: photo\.png looks like a binary file, not a ratings CSV/);
    await waitReady(page);
  });

  it('6. the matrix caption names the uploaded file, not the dense subset', async () => {
    await upload(page, 'class-30x20.csv', ratingsFile(30, 20));
    await page.waitForFunction(() => /class-30x20/.test(document.querySelector('#data-stats').textContent));
    await waitReady(page);
    const caption = await page.textContent('#matrix-figure figcaption');
    assert.match(caption, /^Your file class-30x20\.csv: 30 users × 20 movies, one pixel per cell/);
    assert.doesNotMatch(caption, /dense subset/);
    await page.locator('#data').scrollIntoViewIfNeeded();
    await screenshot(page, 'after-6-upload-caption', '#data');
  });

  it('2. a tiny uploaded file trains and charts: no test set said on the chart, the train line drawn, no baselines of other data', async () => {
    await upload(page, 'two.csv', 'userId,movieId,rating\n1,1,4\n2,2,3\n');
    await page.waitForFunction(() => /two\.csv/.test(document.querySelector('#data-stats').textContent));
    // Factors 20 (the setting that stays): the engine's message, next to the field.
    assert.equal(await page.inputValue('#k'), '20');
    await page.waitForSelector('#k-error:not([hidden])');
    assert.equal(await page.isDisabled('#play'), true);
    assert.match(await page.textContent('#k-error'), /^Factors k \(20\) must not exceed the larger of the user and item counts/);
    assert.equal((await series(page)).filter((d) => d.kind === 'baseline').length, 0, 'no baselines of the previous data set');
    await setField(page, 'k', 1);
    await page.click('#play');
    await waitTrained(page);
    const drawn = await series(page);
    assert.deepEqual(drawn.filter((d) => d.kind === 'train').map((d) => d.points), [(await state(page)).target]);
    assert.equal(drawn.filter((d) => d.kind === 'test' || d.kind === 'baseline').length, 0);
    assert.match(await page.textContent('#chart-note'), /too small for a test set/);
    assert.match(await page.textContent('#readout'), /no test set/);
    assert.match(await page.textContent('#progress-text'), /^iteration \d+ of \d+/);
    await page.locator('.chart-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'after-2-tiny-upload', '.chart-panel');
    await chooseData(page, 'dense');
  });

  it('12. no internal jargon: the missing = 0 method is named for what it is', async () => {
    const text = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(text, /seeds/i);
    assert.match(text, /the textbook ALS that treats every missing rating as 0/);
    assert.match(await page.textContent('#scaling'), /plain λ, the same for every row/);
  });

  it('9. slow motion (the default) lets the learner watch the curve grow, point by point', async () => {
    const { page: p, log: l } = await site.open();
    assert.equal(await p.inputValue('#speed'), 'slow');
    await p.click('#play');
    await p.waitForFunction(() => window.mfcfPage.state().epoch >= 2, null, { polling: 20 });
    const s = await state(p);
    assert.ok(s.playing && s.epoch < s.target, `still growing at iteration ${s.epoch} of ${s.target}`);
    await screenshot(p, 'after-9-slow-motion');
    await p.selectOption('#speed', 'fast');
    await waitTrained(p);
    assert.match(await p.getAttribute('#play', 'title'), /Train more iterations from this model/);
    assert.deepEqual(l.errors, []);
    await p.close();
  });

  it('15. the first screen lets a learner start training without scrolling, at desktop and phone size', async () => {
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      const { page: p, log: l } = await site.open('', viewport);
      const box = await p.locator('#quick-start').boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= viewport.height, `the button is on the first screen at ${viewport.width}px`);
      await screenshot(p, `after-15-first-screen-${viewport.width}`);
      await p.click('#quick-start');
      await p.waitForFunction(() => window.mfcfPage.state().epoch >= 1);
      const play = await p.locator('#play').boundingBox();
      assert.ok(play.y >= 0 && play.y + play.height <= viewport.height, 'Play is in view');
      await p.selectOption('#speed', 'fast');
      await waitTrained(p);
      assert.deepEqual(l.errors, []);
      await p.close();
    }
  });

  it('7. phone layout: after a grid search nothing is wider than a 390 px screen, and what scrolls says so', async () => {
    const { page: p, log: l } = await site.open('', { width: 390, height: 844 });
    await p.click('#grid-run');  // the default grid: 4 factor counts x 4 λ values
    await p.waitForSelector('#grid-result table.heatmap', { timeout: 120000 });
    await waitReady(p);
    await p.waitForFunction(() => !document.querySelector('.tex > template'));
    const wide = await p.evaluate(() => {
      const out = [];
      const scroller = (el) => el.closest('.scrolls, .katex-display');
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || scroller(el.parentElement ?? el) && !el.matches('.scrolls, .katex-display')) continue;
        if (r.left < -0.5 || r.right > window.innerWidth + 0.5) out.push(`${el.tagName}#${el.id}.${el.className} ${r.left}..${r.right}`);
      }
      for (const el of document.querySelectorAll('.scrolls, .katex-display')) {
        if (el.scrollWidth > el.clientWidth && getComputedStyle(el).backgroundImage === 'none') out.push(`${el.className} scrolls without a hint`);
      }
      return out;
    });
    assert.deepEqual(wide, []);
    assert.equal(await p.evaluate(() => document.documentElement.scrollWidth), 390);
    // The heatmap is cut on a phone: a sentence under it says to swipe.
    await p.waitForFunction(() => {
      const box = document.querySelector('#grid-result .scrolls');
      return box.scrollWidth > box.clientWidth && !box.nextElementSibling.hidden && /swipe it sideways/.test(box.nextElementSibling.textContent);
    });
    await p.locator('#grid-result').scrollIntoViewIfNeeded();
    await screenshot(p, 'after-7-phone-grid');
    assert.deepEqual(l.errors, []);
    await p.close();
  });
});
