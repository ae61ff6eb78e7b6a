// The report's ranking section (bench/sections/ranking.mjs's results -> Markdown).
import { fmt } from './stats.mjs';

const COLUMNS = [['NDCG@10', 'ndcg@10'], ['precision@10', 'precision@10'], ['recall@10', 'recall@10'], ['MAP@10', 'map@10'],
  ['hit rate@10', 'hit@10'], ['AUC', 'auc'], ['coverage@10', 'coverage@10']];

const line = (cells) => `| ${cells.join(' | ')} |`;

export function rankingSection({ protocol, rows, evaluation, sweep, repeats, ease }) {
  const popularity = rows.find((r) => r.key === 'popularity').metrics['ndcg@10'];
  const lines = ['## Ranking on ml-latest-small', '',
    `docs/ranking.md's protocol: the default split (random ${Math.round(100 * (1 - protocol.split.testFraction))}/${Math.round(100 * protocol.split.testFraction)}, ` +
    `seed ${protocol.split.seed}); a test rating >= ${protocol.threshold} is relevant; every movie a user has no training rating for is a candidate; ` +
    `top ${protocol.k}; users with no relevant test rating skipped. Models with the library's defaults (\`mf train --save\`, \`mf evaluate --output json\`). ` +
    `EASE (Steck 2019) is a reference computed by bench/ease.cpp, not a shipped algorithm: λ = ${ease.lambda} (the best of 30, 100, 300), ` +
    `its dense inverse over the movies with at least ${ease.minCount} training ratings (the others rank last).`, '',
    line(['scorer', ...COLUMNS.map(([h]) => h), 'NDCG / popularity', 'test RMSE']),
    `|---|${COLUMNS.map(() => '---:').join('|')}|---:|---:|`,
    ...rows.map((r) => line([r.name, ...COLUMNS.map(([, k]) => fmt(r.metrics[k], 4)), fmt(r.metrics['ndcg@10'] / popularity),
      r.metrics.rmse === undefined ? '' : fmt(r.metrics.rmse, 4)])),
    '', `Users evaluated: ${rows[0].usersEvaluated} (skipped: ${rows[0].usersSkipped}).`, '',
    `One ranking evaluation (${rows[0].usersEvaluated} users x every movie, top 10), median of ${repeats}, native \`mf evaluate\` (its own timing) and ` +
    'mf.evaluateRanking in node, taking turns:', '',
    '| scorer | native ms | wasm in node ms |', '|---|---:|---:|',
    line(['ALS, k = 40, shrinkage 500', fmt(evaluation.als.native, 0), fmt(evaluation.als.wasmNode, 0)]),
    line(['most popular', fmt(evaluation.popularity.native, 0), fmt(evaluation.popularity.wasmNode, 0)]), '',
    `Sweeps at k = ${sweep.rows[0].factors} (training only), median of ${repeats}, native (mf_bench --serve) and wasm in node taking turns; ` +
    'implicit ALS with its default solver (conjugate gradient):', '',
    '| step | native ms | wasm in node ms | wasm / native |', '|---|---:|---:|---:|',
    ...sweep.rows.map((r) => line([r.algorithm === 'ials' ? 'implicit ALS sweep' : 'ALS sweep', fmt(r.native, 1), fmt(r.wasmNode, 1), fmt(r.wasmOverNative)])),
    '', `An implicit ALS sweep costs ${fmt(sweep.ialsOverAls)}x an explicit one natively.`, ''];
  return lines;
}
