// The page's plain modules, without a browser: movie parsing and number
// formatting (the URL state is tested in tests/node/state.test.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseMovies, splitCsvLine, yearOf } from '../../web/lib/movies.js';
import { thousands, tick } from '../../web/lib/format.js';

describe('movies.csv', () => {
  it('splits quoted fields with commas and doubled quotes', () => {
    assert.deepEqual(splitCsvLine('11,"American President, The (1995)",Comedy|Drama|Romance'),
      ['11', 'American President, The (1995)', 'Comedy|Drama|Romance']);
    assert.deepEqual(splitCsvLine('7,"Say ""Hi"" (2001)",Drama'), ['7', 'Say "Hi" (2001)', 'Drama']);
  });

  it('reads ids, titles, years and genres, skipping bad lines', () => {
    const { movies, skipped } = parseMovies('movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n' +
      'x,broken\n2,Untitled,(no genres listed)\r\n3,"Babylon 5 (1994-1998)",Sci-Fi\n');
    assert.equal(skipped, 1);
    assert.deepEqual(movies.get(1), { id: 1, title: 'Toy Story (1995)', year: 1995, genres: ['Adventure', 'Animation'] });
    assert.deepEqual(movies.get(2), { id: 2, title: 'Untitled', year: null, genres: [] });
    assert.equal(yearOf(movies.get(3).title), 1994);
  });
});

describe('movies.csv fast path', () => {
  it('reads the bundled movies.csv exactly as the quote-aware splitter does, line by line', () => {
    const text = readFileSync(new URL('../../public/data/ml-latest-small/movies.csv', import.meta.url), 'utf8');
    const { movies } = parseMovies(text);
    let quoted = 0;
    for (const line of text.split(/\r?\n/).slice(1).filter((l) => l.trim())) {
      const f = splitCsvLine(line);
      if (line.includes('"')) quoted++;
      assert.equal(movies.get(Number(f[0]))?.title, f[1].trim(), line);
    }
    assert.ok(quoted > 100, 'the file has quoted titles to compare');
    assert.equal(movies.size, 9742);
  });
});

describe('number formatting', () => {
  it('groups thousands and trims float noise from ticks', () => {
    assert.equal(thousands(100836), '100,836');
    assert.equal(thousands(27), '27');
    assert.equal(tick(0.30000000000000004), '0.3');
    assert.equal(tick(1), '1');
  });
});
