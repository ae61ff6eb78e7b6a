// A typed usage example of the public API, checked with `tsc --noEmit` by
// types.test.mjs (never run). The @ts-expect-error lines are mistakes the
// declarations must reject: tsc fails if one of them type-checks.
import createMfcf, { MfError } from 'mfcf';
import type { Dataset, GridResult, Model, ResolvedOptions, Scored, StepResult, TrainOptions } from 'mfcf';

declare const ratingsCsv: string;

export async function example(): Promise<void> {
  const mf = await createMfcf({ locateFile: (file) => `/assets/${file}` });
  const data: Dataset = mf.Dataset.fromCSV(ratingsCsv, { format: 'auto', duplicates: 'last', scale: [0.5, 5], source: 'ratings.csv' });
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

  const grid: GridResult = mf.gridSearch(data, split, { algorithm: 'als' }, { factors: [5, 10], regularization: [0.05, 0.1], iterations: 5 },
    (done, total) => done < total);
  console.log(grid.cells[grid.best].bestTestRmse, testRmse, lambdaUser, bias, f, xy, newUser, bad, counts);

  try {
    mf.Model.load(new Uint8Array(3));
  } catch (e) {
    if (e instanceof MfError && e.kind === 'CorruptModel') console.log(e.message);
  }
  const live: number = mf.liveObjects().Model + mf.heapBytes() + mf.heapUsedBytes();
  console.log(live);

  for (const o of [copy, model, trainer, split, fromArrays, data]) o.delete();
  data[Symbol.dispose]();

  // @ts-expect-error: unknown option key
  new mf.Trainer(data, split, { factor: 10 });
  // @ts-expect-error: algorithm is 'als' | 'sgd'
  new mf.Trainer(data, split, { algorithm: 'svd' });
  // @ts-expect-error: factors is a number
  new mf.Trainer(data, split, { factors: '10' });
  // @ts-expect-error: datasets come from the factories
  new mf.Dataset();
  // @ts-expect-error: the classes are per module instance, not package exports
  import('mfcf').then((m) => m.Model);
  // @ts-expect-error: test metrics may be null
  const rmse: number = step.testRmse;
  console.log(rmse);
}
