// The page's plain modules, without a browser: number formatting (the URL
// state is tested in tests/node/state.test.mjs, movies.csv is read by the
// engine: tests/node/corpus.test.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { thousands, tick } from '../../web/lib/format.js';

describe('number formatting', () => {
  it('groups thousands and trims float noise from ticks', () => {
    assert.equal(thousands(100836), '100,836');
    assert.equal(thousands(27), '27');
    assert.equal(tick(0.30000000000000004), '0.3');
    assert.equal(tick(1), '1');
  });
});
