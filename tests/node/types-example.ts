// A typed usage example of the public API, checked with `tsc --noEmit` by
// types.test.mjs (never run). The @ts-expect-error lines are mistakes the
// declarations must reject: tsc fails if one of them type-checks.
import createMfcf, { MfError } from 'mfcf';
import type {
  Baseline, Dataset, GridCell, GridResult, Metrics, Model, Movie, RankingMetrics, ResolvedOptions, Scored, StepResult, TestSetReport,
  TrainOptions,
} from 'mfcf';

declare const ratingsCsv: string;

export async function example(): Promise<void> {
  const mf = await createMfcf({ locateFile: (file) => `/assets/${file}` });
  const data: Dataset = mf.Dataset.fromCSV(ratingsCsv, { format: 'auto', duplicates: 'last', scale: [0.5, 5], source: 'ratings.csv' });
  const fromBlob: Dataset = await mf.Dataset.fromBlob(new Blob([ratingsCsv]), {
    source: 'ratings.csv', chunkBytes: 1 << 20, onProgress: ({ phase, done, total }) => console.log(phase, done / total),
  });
  fromBlob.delete();
  // @ts-expect-error a phase is 'count' or 'parse'
  mf.Dataset.fromBlob(new Blob([ratingsCsv]), { onProgress: (p) => p.phase === 'split' });
  const fromArrays = mf.Dataset.fromArrays(new Float64Array([1, 2]), [10, 20], new Float32Array([4, 3.5]));
  const bad: { line: number; message: string }[] = data.report.badLines;
  const ids: Float64Array = data.userIds();
  const counts: Uint32Array = data.itemCounts();
  const { users, items, values }: { users: Float64Array; items: Float64Array; values: Float32Array } = data.ratings();
  console.log(users.length === items.length && items.length === values.length);
  const split = data.split({ testFraction: 0.1, seed: 42 });

  const options: TrainOptions = { algorithm: 'sgd', factors: 20, regularization: { user: 0.05, itemBias: 0.01 }, learningRate: 0.01, seed: 7 };
  const trainer = new mf.Trainer(data, split, options);
  const step: StepResult = trainer.step();
  const testRmse: number | null = step.testRmse;
  if (step.status === 'diverged') console.log(step.message);
  const resolved: ResolvedOptions = trainer.options;
  const lambdaUser: number = resolved.regularization.user;

  const model: Model = trainer.model();
  const top: Scored[] = model.recommend(ids[0], { n: 5, exclude: data });
  const similar = model.similarItems(top[0].id, { n: 3, minRatings: 5 });
  const newUser = model.recommendFor([[top[0].id, 5], [similar[0].id, 4]], { n: 10 });
  const { bias, factors } = model.foldIn([[top[0].id, 5]]);
  const f: Float32Array = factors;
  const map = model.project({ minRatings: 10 });
  const xy: [Float32Array, Float32Array] = [map.x, map.y];
  const copy = mf.Model.load(model.save());
  const p = copy.predict(1, 2, { clip: false });
  if (p.fallback) console.log('unknown user or item', p.userKnown, p.itemKnown);

  const spec = { factors: [5, 10], regularization: [0.05, 0.1], iterations: 5, validationFraction: 0.2, validationSeed: 1 };
  const grid: GridResult = mf.gridSearch(data, split, { algorithm: 'als' }, spec, (done, total) => done < total);
  const chosen: number = grid.cells[grid.best].bestValidationRmse + grid.test.rmse + grid.cells[0].options.factors;
  console.log(chosen, testRmse, lambdaUser, bias, f, xy, newUser, bad, counts);

  // The grid's parts, as a pool of workers uses them.
  const cells: GridCell[] = mf.gridCells(data, { algorithm: 'sgd' }, { factors: [5], regularization: [0.05], learningRates: [0.01] });
  const { tune, final } = mf.gridSplits(data, split, { validationFraction: 0.1 });
  const cellTrainer = new mf.Trainer(data, tune, cells[0].options);
  cells[0] = mf.recordStep(cells[0], cellTrainer.step());
  const tested: Metrics = mf.testChosen(data, { tune, final }, cells[mf.bestCell(cells)]);
  console.log(tested.rmse, cells[0].validationRmse.length);
  for (const o of [cellTrainer, tune, final]) o.delete();

  // Implicit ALS on implicit data, ranking evaluation against the baselines.
  const plays = mf.Dataset.fromCSV('user,item,count\n1,10,3\n1,20\n', { implicit: true });
  const implicit: boolean = plays.implicit;
  const ials: TrainOptions = { algorithm: 'ials', alpha: 2, confidence: 'log', epsilon: 0.5, regExponent: 1, positiveThreshold: 0, solver: 'cholesky', cgSteps: 4 };
  const ialsTrainer = new mf.Trainer(data, split, ials);
  const ialsStep = ialsTrainer.step();
  const noRating: number | null = ialsStep.trainRmse;
  const solver: 'cholesky' | 'cg' = ialsTrainer.options.solver;
  const ialsModel = ialsTrainer.model();
  const ranked: RankingMetrics = mf.evaluateRanking(ialsModel, data, split, { k: 10, threshold: 4, anyRatingRelevant: false });
  const shrunk = mf.evaluateRanking(model, data, split, { k: 5, shrinkage: 0 });
  const baselines: Baseline[] = [mf.baselines.popularity(), mf.baselines.dampedMean({ damping: 5 })];
  for (const b of baselines) console.log(mf.evaluateRanking(b, data, split).ndcg);
  console.log(ranked.ndcg + ranked.precision + ranked.recall + ranked.map + ranked.hitRate + ranked.auc + ranked.coverage, shrunk.usersEvaluated + shrunk.usersSkipped);
  const other = mf.Dataset.fromCSV(ratingsCsv);
  const outside = mf.Split.fromDatasets(data, other);
  const report: TestSetReport | null = outside.testSetReport;
  if (report) console.log(report.kept, report.unseen, report.unseenUsers, report.unseenItems, report.inTrain);
  const byIndex = mf.Split.fromTestIndices(data, [0, 5, 7]);
  console.log(model.recommend(ids[0], { n: 5, shrinkage: 100 }), implicit, noRating, solver);
  for (const o of [byIndex, outside, other, ialsModel, ialsTrainer, plays]) o.delete();

  const movies: Movie[] = mf.parseMovies('movieId,title,genres\n1,Toy Story (1995),Animation\n', 'movies.csv');
  console.log(movies[0].id, movies[0].title, movies[0].genres.split('|'));

  try {
    mf.Model.load(new Uint8Array(3));
  } catch (e) {
    if (e instanceof MfError && e.kind === 'CorruptModel') console.log(e.message);
    if (e instanceof MfError) console.log(e.parameter ?? '', e.messageWith((name) => name.toUpperCase()));
  }
  const live: number = mf.liveObjects().Model + mf.heapBytes() + mf.heapUsedBytes() + mf.heapRoomBytes() + mf.loadMemoryBytes(100, 3);
  console.log(live);

  // Spark ALS models: a folder's files (or, in node, its path), and factors in memory.
  const spark = await mf.importSpark('tests/data/spark/als-3.5', { regParam: 0.05, implicitPrefs: false, scale: [0.5, 5] });
  const source = mf.sparkSource(spark);
  if (source) console.log(source.sparkVersion ?? 'no metadata', source.layout, source.rank);
  const picked = await mf.importSpark([{ path: 'm/itemFactors/part-00000.json', bytes: new Uint8Array(0) }], { maxBytes: 1 << 20 });
  const direct = mf.Model.fromFactors({ itemIds: [1, 2], itemFactors: new Float32Array([0.5, 1, -1, 0.25]), rank: 2 });
  for (const m of [spark, picked, direct]) m.delete();
  // @ts-expect-error: Spark's settings go by Spark's names
  mf.importSpark('x', { regularization: 0.1 });

  for (const o of [copy, model, trainer, split, fromArrays, data]) o.delete();
  data[Symbol.dispose]();

  // @ts-expect-error: unknown option key
  new mf.Trainer(data, split, { factor: 10 });
  // @ts-expect-error: algorithm is 'als' | 'sgd' | 'ials'
  new mf.Trainer(data, split, { algorithm: 'svd' });
  // @ts-expect-error: confidence is 'constant' | 'rating' | 'log'
  new mf.Trainer(data, split, { algorithm: 'ials', confidence: 'linear' });
  // @ts-expect-error: a baseline is made by mf.baselines
  mf.evaluateRanking({ baseline: 'median' }, data, split);
  // @ts-expect-error: train metrics may be null (implicit ALS)
  const trainRmse: number = step.trainRmse;
  console.log(trainRmse);
  // @ts-expect-error: factors is a number
  new mf.Trainer(data, split, { factors: '10' });
  // @ts-expect-error: datasets come from the factories
  new mf.Dataset();
  // @ts-expect-error: the classes are per module instance, not package exports
  import('mfcf').then((m) => m.Model);
  // @ts-expect-error: the grid's cells have no test error, only the chosen cell's test metrics
  console.log(grid.cells[0].bestTestRmse);
  // @ts-expect-error: test metrics may be null
  const rmse: number = step.testRmse;
  console.log(rmse);
}
