#!/usr/bin/env node
// mfcf-import-spark DIR --save FILE [--reg-param X] [--implicit-prefs] [--alpha X] [--max-iter N] [--scale MIN,MAX]
//
// The folder ALSModel.save wrote (Parquet parts, which the native `mf import-spark`
// does not read) or the part files of itemFactors.write.json, as an mfcf model
// file for `mf recommend`, `mf similar`, `mf foldin` and `mf info`: the same
// options, output and exit status (1 bad files, 2 bad arguments) as `mf import-spark`.
import { writeFile } from 'node:fs/promises';
import createMfcf, { MfError } from './node.js';

const USAGE = 'usage: mfcf-import-spark DIR --save FILE [--reg-param X] [--implicit-prefs] [--alpha X] [--max-iter N] [--scale MIN,MAX]';
const FLAGS = { '--reg-param': 'regParam', '--alpha': 'alpha', '--max-iter': 'maxIter', '--scale': 'scale', '--save': 'save' };
const SPELLING = { regParam: '--reg-param', alpha: '--alpha', maxIter: '--max-iter', scale: '--scale', implicitPrefs: '--implicit-prefs', rank: 'rank' };

function fail(message, status) {
  process.stderr.write(`mfcf-import-spark: ${message}\n`);
  process.exit(status);
}

function readArgs(argv) {
  const options = {};
  let dir, save;
  for (let k = 0; k < argv.length; k++) {
    const word = argv[k];
    if (word === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (word === '--implicit-prefs') {
      options.implicitPrefs = true;
    } else if (FLAGS[word]) {
      const text = argv[++k];
      if (text === undefined) fail(`${word} needs a value\n${USAGE}`, 2);
      if (word === '--save') save = text;
      else if (word === '--scale') options.scale = text.split(',').map(Number);
      else options[FLAGS[word]] = Number(text);
      if ([options[FLAGS[word]]].flat().some((v) => typeof v === 'number' && !Number.isFinite(v)))
        fail(`${word} must be ${word === '--scale' ? 'MIN,MAX' : 'a finite number'} (got '${text}')`, 2);
    } else if (word.startsWith('--') || dir !== undefined) {
      fail(`unexpected argument '${word}'\n${USAGE}`, 2);
    } else {
      dir = word;
    }
  }
  if (dir === undefined || save === undefined) fail(USAGE, 2);
  return { dir, save, options };
}

const { dir, save, options } = readArgs(process.argv.slice(2));
const mf = await createMfcf();
try {
  const model = await mf.importSpark(dir, options);
  const info = mf.sparkSource(model);
  await writeFile(save, model.save());
  const version = info.sparkVersion ? ` (Spark ${info.sparkVersion})` : '';
  console.log(`Spark ALS model${version}: rank ${model.numFactors}, ${model.numItems} items, ${model.numUsers} users`);
  console.log(info.implicitPrefs
    ? `fold-in as Spark's implicitPrefs ALS: confidence 1 + ${info.alpha} r, regParam ${info.regParam} times the positives`
    : `fold-in as Spark's ALS: regParam ${info.regParam} times the user's rating count`);
  console.log('rating counts are unknown: --min-ratings lets every item through');
  console.log(`saved to ${save}`);
  model.delete();
} catch (error) {
  if (error?.code && !(error instanceof MfError)) fail(`cannot write '${save}': ${error.message}`, 1);
  if (!(error instanceof MfError)) throw error;
  fail(error.messageWith((name) => SPELLING[name] ?? name), error.kind === 'InvalidArgument' ? 2 : 1);
}
