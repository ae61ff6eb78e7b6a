// The page's training worker runs the threaded engine when the page is
// cross-origin isolated (served with COOP and COEP, as npm start serves it),
// and the single-threaded one elsewhere, saying so in one line. Each test
// also fails on any page error or console error.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from './browser.mjs';
import { state, waitReady, waitTrained, setField, fullSpeed, startSite } from './helpers.mjs';

const curves = (page) => page.evaluate(() => window.mfcfPage.curves());
const threadFiles = (server) => server.requests.filter((r) => r.includes('mfcf-core-threads'));

async function train(page) {
  await page.click('#play');
  await waitTrained(page);
}

describe('threads, served cross-origin isolated', () => {
  let site, page, log;
  before(async () => {
    site = await startSite({ isolated: true });
    // ALS on the dense subset, 6 sweeps, 1 thread to start with.
    ({ page, log } = await site.open('#algorithm=als&iterations=6&threads=1'));
    await fullSpeed(page);
  });
  after(() => site?.close());
  afterEach(() => assert.deepEqual(log.errors.splice(0), [], 'no page error and no console error'));

  it('loads the threaded engine and offers the threads setting', async () => {
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    const { threads } = await state(page);
    assert.equal(threads.available, true, 'the worker loaded the threaded build');
    assert.ok(threads.max >= 2, `up to ${threads.max} threads`);
    // Its files came from the server: the module, its .wasm and the threads' worker script.
    const files = threadFiles(site.server);
    for (const kind of [/mfcf-core-threads-[^/]*\.js$/, /\.wasm$/, /worker[^/]*\.js$/])
      assert.ok(files.some((f) => kind.test(f)), `${kind} among ${files.join(', ')}`);
    assert.equal(await page.isVisible('#threads'), true);
    assert.equal(await page.isVisible('#threads-note'), false);
    assert.equal(await page.inputValue('#threads'), '1');
  });

  it('trains ALS on 2 threads to the same curve as on 1', async () => {
    await train(page);
    await setField(page, 'threads', 2);
    assert.match(await page.evaluate(() => location.hash), /threads=2/);
    await train(page);
    await screenshot(page, 'threads-isolated');
    const [one, two] = (await curves(page)).slice(-2);
    assert.equal(one.points.length, 6);
    assert.deepEqual(two.points, one.points, 'ALS learns the same on any number of threads');
  });

  it('sends the thread count to the engine: SGD on 2 threads takes another path than on 1', async () => {
    await page.selectOption('#algo', 'sgd');
    await waitReady(page);
    assert.equal(await page.inputValue('#threads'), '1', "SGD's own default");
    await setField(page, 'iters', 5);
    await train(page);
    await setField(page, 'threads', 2);
    await train(page);
    const [one, two] = (await curves(page)).slice(-2);
    assert.match(two.label, /2 threads/);
    assert.equal(two.points.length, 5);
    assert.notDeepEqual(two.points, one.points);
  });
});

describe('threads, served by a plain static host (no isolation headers)', () => {
  let site, page, log;
  before(async () => {
    site = await startSite();
    ({ page, log } = await site.open('#iterations=4'));
    await fullSpeed(page);
  });
  after(() => site?.close());
  afterEach(() => assert.deepEqual(log.errors.splice(0), [], 'no page error and no console error'));

  it('says in one line that training runs on one thread, hides the setting, and trains', async () => {
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
    assert.equal((await state(page)).threads.available, false);
    assert.equal(await page.isVisible('#threads'), false);
    assert.equal(await page.isVisible('#threads-note'), true);
    assert.match(await page.textContent('#threads-note'), /one thread/);
    await waitReady(page);
    await train(page);
    const [run] = await curves(page);
    assert.equal(run.points.length, 4);
    assert.ok(run.points.every(([, train, test]) => Number.isFinite(train) && Number.isFinite(test)));
    assert.deepEqual(threadFiles(site.server), [], 'the threaded build is never fetched');
    await screenshot(page, 'threads-plain-host');
  });
});
