// Runs the mf command-line tool on every input of tests/corpus/manifest.json
// and on bad parameters: a bad file or option must end with a non-zero exit
// status (1 bad data, 2 bad option, 3 diverged) and the engine's message on
// stderr; an accepted file must load. Registered with ctest as corpus_cli
// (tests/native/CMakeLists.txt), so it also runs the sanitizer build's CLI.
//
//   node tests/corpus/check-cli.mjs path/to/mf
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifest, materialize, sourceName } from './corpus.mjs';

const cli = process.argv[2] && resolve(process.argv[2]);
if (!cli) {
  console.error('usage: node tests/corpus/check-cli.mjs path/to/mf');
  process.exit(2);
}
const corpus = fileURLToPath(new URL('.', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'mf-corpus-cli-'));
const exitFor = { Parse: 1, CorruptModel: 1, Io: 1, Resource: 1, UnknownId: 1, InvalidArgument: 2 };

let passed = 0;
const failures = [];

function run(args) {
  const r = spawnSync(cli, args, { cwd: work, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return r;
}

// One check: `args` must exit with `status` and print `text` on stderr.
function check(label, args, status, text) {
  const r = run(args);
  const problems = [];
  if (r.signal) problems.push(`killed by ${r.signal}`);
  if (r.status !== status) problems.push(`exit status ${r.status}, expected ${status}`);
  if (text && !r.stderr.includes(text)) problems.push(`stderr lacks ${JSON.stringify(text)}`);
  // A sanitizer report fails the check even if the status happens to match.
  if (/ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:/.test(r.stderr)) problems.push('sanitizer report');
  if (problems.length) failures.push(`${label}: ${problems.join('; ')}\n    mf ${args.join(' ')}\n    stderr: ${r.stderr.trim().slice(0, 2000)}`);
  else passed++;
}

function optionArgs(options = {}) {
  const args = [];
  for (const [key, value] of Object.entries(options)) {
    if (key === 'format') args.push('--format', value);
    else if (key === 'duplicates') args.push('--duplicates', value);
    else if (key === 'skipBadLines') { if (value) args.push('--skip-bad-lines'); }
    else if (key === 'implicit') { if (value) args.push('--implicit'); }
    else if (key === 'scale') args.push('--scale', value.join(','));
    else throw new Error(`unknown option ${key}`);
  }
  return args;
}

const validModel = join(corpus, 'model_valid.model');
for (const e of loadManifest().entries) {
  const name = sourceName(e);
  writeFileSync(join(work, name), materialize(e));
  const label = `${name} (${e.type}${e.options ? ' ' + JSON.stringify(e.options) : ''})`;
  const accepted = e.expect === 'accepted';
  if (e.type === 'ratings') {
    const args = ['train', name, '--factors', '1', '--iterations', '1', ...optionArgs(e.options)];
    check(label, args, accepted ? 0 : exitFor[e.expect], accepted ? `${name}: ${e.ratings} ratings` : e.message);
  } else if (e.type === 'movies') {
    check(label, ['similar', '--model', validModel, '--item', '10', '--movies', name], accepted ? 0 : exitFor[e.expect], accepted ? '' : e.message);
  } else if (e.type === 'model') {
    check(label, ['info', '--model', name], accepted ? 0 : exitFor[e.expect], accepted ? '' : `${name}: ${e.message}`);
  } else {
    failures.push(`${label}: unknown type`);
  }
  rmSync(join(work, name));
}

// Parameters: every bad value is refused before training with a message naming it.
const tiny = join(corpus, 'tiny_for_model.csv');
const params = [
  [['--seed', '1.5'], 2, "--seed must be a non-negative integer (got '1.5')"],
  [['--seed', '-3'], 2, "--seed must be a non-negative integer (got '-3')"],
  [['--seed', '99999999999999999999999'], 2, '--seed must be a non-negative integer'],
  [['--factors', '0'], 2, 'factors must be between 1 and 1024 (got 0)'],
  [['--factors', '1e3'], 2, "--factors must be an integer (got '1e3')"],
  [['--factors', '100'], 2, 'factors (100) must not exceed the larger of the user and item counts (8 users, 6 items)'],
  // A key is spelled as the flag typed: --reg sets all four terms.
  [['--reg', '-1'], 2, '--reg must be a finite number >= 0 (got -1)'],
  [['--reg', '1', '--reg-user', '-1'], 2, '--reg-user must be a finite number >= 0 (got -1)'],
  [['--reg-item-bias', '-0.5'], 2, '--reg-item-bias must be a finite number >= 0 (got -0.5)'],
  [['--reg', 'nan'], 2, "--reg must be a finite number (got 'nan')"],
  [['--algorithm', 'sgd', '--lr', '0'], 2, '--lr must be a finite number in (0, 100] (got 0)'],
  [['--algorithm', 'sgd', '--lr', '-0.01'], 2, '--lr must be a finite number in (0, 100] (got -0.01)'],
  [['--algorithm', 'sgd', '--lr', 'inf'], 2, "--lr must be a finite number (got 'inf')"],
  [['--iterations', '0'], 2, 'iterations must be between 1 and 100000 (got 0)'],
  [['--test-fraction', '1'], 2, '--test-fraction must be between 0 and 1, exclusive (got 1)'],
  [['--test-fraction', '0'], 2, '--test-fraction must be between 0 and 1, exclusive (got 0)'],
  [['--test-fraction', '-1e-7'], 2, '--test-fraction must be between 0 and 1, exclusive (got -1e-07)'],
  [['--init-std', '-1'], 2, '--init-std must be a finite number between 0 and 10 (got -1)'],
  [['--scale', '5,1'], 2, '--scale must have finite min < max, both within -1e9 .. 1e9 (got 5 .. 1)'],
  [['--holdout', '0'], 2, '--holdout must be at least 1 (got 0)'],
  [['--holdout', '-1'], 2, "--holdout must be a non-negative integer (got '-1')"],
  [['--holdout', '100'], 2, '--holdout = 100 with the minimum training ratings per user = 1 leaves the test set empty'],
  [['--missing-zero', '--algorithm', 'sgd'], 2, '--missing-zero is an ALS mode; it cannot be used with SGD'],
  [['--output', 'xml'], 2, "--output must be one of table, csv, json (got 'xml')"],
  [['--scale', '0,1e10'], 2, '--scale must have finite min < max, both within -1e9 .. 1e9 (got 0 .. 1e+10)'],
  // Implicit ALS: every setting range-checked by the core, spelled as its flag.
  [['--algorithm', 'ials', '--alpha', '-1'], 2, '--alpha must be a finite number between 0 and 1e6 (got -1)'],
  [['--algorithm', 'ials', '--epsilon', '0'], 2, '--epsilon must be a finite number > 0 (got 0)'],
  [['--algorithm', 'ials', '--reg-exponent', '3'], 2, '--reg-exponent must be a finite number between 0 and 2 (got 3)'],
  [['--algorithm', 'ials', '--positive-threshold', '1e10'], 2, '--positive-threshold must be a finite number within -1e9 .. 1e9 (got 1e+10)'],
  [['--algorithm', 'ials', '--cg-steps', '0'], 2, '--cg-steps must be between 1 and 100 (got 0)'],
  [['--algorithm', 'ials', '--cg-steps', '2.5'], 2, "--cg-steps must be an integer (got '2.5')"],
  [['--algorithm', 'ials', '--confidence', 'linear'], 2, "--confidence must be 'constant', 'rating' or 'log' (got 'linear')"],
  [['--algorithm', 'ials', '--solver', 'lu'], 2, "--solver must be 'cholesky' or 'cg' (got 'lu')"],
  [['--algorithm', 'ials', '--reg-scaling', 'count'], 2, "implicit ALS scales each row's regularization by --reg-exponent or (--reg-scaling 'count', as Spark's ALS) by its number of positives, not both: set --reg-scaling to 'none' or --reg-exponent to 0"],
  [['--algorithm', 'ials', '--solver', 'cholesky', '--confidence', 'log'], 0, ''],
  [['--algorithm', 'ials', '--test', 'missing.test'], 1, 'cannot open'],
  [['--test', tiny, '--holdout', '2'], 2, 'give --test FILE or --holdout, not both'],
  [['--algorithm', 'sgd', '--lr', '10', '--factors', '2'], 3,
    "training diverged at iteration 1: the model's values became infinite or NaN; try a smaller learning rate (now 10). The model of iteration 0 is kept."],
];
for (const [extra, status, text] of params) check(`train ${extra.join(' ')}`, ['train', tiny, '--factors', '2', ...extra], status, text);
// Each command takes its own options: another is an error naming both.
check('info --lr', ['info', '--model', validModel, '--lr', '5'], 2, 'mf info does not take --lr');
check('grid --reg-user', ['grid', tiny, '--reg-user', '1'], 2, 'mf grid does not take --reg-user');
check('recommend --save', ['recommend', '--model', validModel, '--user', '1', '--save', 'x'], 2, 'mf recommend does not take --save');
check('recommend without --user', ['recommend', '--model', validModel], 2, 'mf recommend needs --user ID');
check('grid --reg -1', ['grid', tiny, '--factors', '2', '--reg', '-1'], 2, '--reg must be a finite number >= 0 (got -1)');
check('grid --validation-fraction 1', ['grid', tiny, '--factors', '2', '--validation-fraction', '1'], 2,
  '--validation-fraction must be between 0 and 1, exclusive (got 1)');
check('grid --iterations 0', ['grid', tiny, '--factors', '2', '--iterations', '0'], 2, '--iterations must be between 1 and 100000 (got 0)');
check('no command', [], 2, 'usage: mf <command>');

// mf evaluate: a model or a baseline, the metrics list, the ranking settings.
const ialsModel = join(work, 'ials.mfm');
check('train ials --save', ['train', tiny, '--algorithm', 'ials', '--factors', '2', '--iterations', '2', '--save', ialsModel], 0, 'model saved');
const evaluate = (...extra) => ['evaluate', '--ratings', tiny, '--test-fraction', '0.3', ...extra];
for (const [extra, status, text] of [
  [[], 2, 'mf evaluate needs --model FILE or --baseline popularity|damped-mean, one of them'],
  [['--model', validModel, '--baseline', 'popularity'], 2, 'mf evaluate needs --model FILE or --baseline'],
  [['--model', validModel, '--metrics', 'rmse,ndcg@3,auc'], 0, 'top-3 lists of'],
  [['--model', validModel, '--metrics', 'ndcg'], 2, "--metrics has an unknown metric 'ndcg' (known: rmse, mae, mse, auc"],
  [['--model', validModel, '--metrics', 'rmse,gini@10'], 2, "--metrics has an unknown metric 'gini@10'"],
  [['--model', validModel, '--metrics', 'ndcg@0'], 2, "--metrics has a list length that is not an integer from 1 to 100000 in 'ndcg@0'"],
  [['--model', validModel, '--metrics', 'recall@1000000'], 2, "in 'recall@1000000'"],
  [['--model', validModel, '--metrics', 'rmse,,mae'], 2, "--metrics has an unknown metric ''"],
  [['--model', validModel, '--shrinkage', '-1'], 2, '--shrinkage must be a finite number >= 0 (got -1)'],
  [['--model', validModel, '--threshold', 'nan'], 2, "--threshold must be a finite number (got 'nan')"],
  [['--model', ialsModel, '--metrics', 'ndcg@5,mae'], 2, '--metrics: mae is not defined for implicit ALS, which predicts a preference, not a rating'],
  [['--model', ialsModel], 0, 'top-10 lists of'],
  [['--baseline', 'popularity', '--metrics', 'rmse'], 2, '--metrics: rmse is not defined for a baseline'],
  [['--baseline', 'damped-mean', '--damping', '-1'], 2, '--damping must be a finite number >= 0'],
  [['--baseline', 'median'], 2, "--baseline must be one of popularity, damped-mean (got 'median')"],
  [['--baseline', 'popularity', '--lr', '1'], 2, 'mf evaluate does not take --lr'],
]) check(`evaluate ${extra.join(' ')}`, evaluate(...extra), status, text);
const u1 = (name) => fileURLToPath(new URL(`../data/u1_small.${name}`, import.meta.url));
check('train --test', ['train', u1('base'), '--test', u1('test'), '--factors', '2', '--iterations', '1'], 0,
  'test set: 3 of the 6 ratings of ' + u1('test') + '; 2 left out whose user or item is not in the training data ' +
  '(1 users and 1 items only in the test file); 1 left out whose (user, item) the training data rates');
check('evaluate --test of the training file', ['evaluate', '--ratings', tiny, '--test', tiny, '--baseline', 'popularity'], 2,
  'the test set shares no (user, item) pair with the training data that it could be tested on: 0 of its 32 ratings');
check('recommend --shrinkage -1', ['recommend', '--model', validModel, '--user', '1', '--include-rated', '--shrinkage', '-1'], 2,
  '--shrinkage must be a finite number >= 0 (got -1)');
{
  // JSON: every metric asked for, in order, and the users evaluated and skipped.
  const r = run(evaluate('--model', validModel, '--metrics', 'rmse,mae,ndcg@3,precision@2,recall@2,auc', '--output', 'json'));
  const out = r.status === 0 ? JSON.parse(r.stdout) : {};
  if (Object.keys(out.metrics ?? {}).join() !== 'rmse,mae,ndcg@3,precision@2,recall@2,auc' || !(out.usersEvaluated > 0))
    failures.push(`evaluate --output json: ${r.stdout} ${r.stderr}`);
  else passed++;
}

// Usage: generated, on stdout with --help.
for (const [args, text] of [[['--help'], 'usage: mf grid RATINGS'], [['train', '--help'], '--reg-item-bias X'],
  [['help', 'grid'], '--validation-fraction F'], [['info', '--help'], 'usage: mf info --model FILE']]) {
  const r = run(args);
  if (r.status !== 0 || !r.stdout.includes(text)) failures.push(`mf ${args.join(' ')}: status ${r.status}, stdout lacks ${JSON.stringify(text)}`);
  else passed++;
}

// The learning curve's columns have the same names in CSV, JSON and the table.
{
  const curve = (output) => run(['train', tiny, '--factors', '2', '--iterations', '2', '--output', output]).stdout;
  const csv = curve('csv').split('\n')[0].split(',');
  const json = Object.keys(JSON.parse(curve('json'))[0]);
  const table = curve('table').split('\n')[0].trim().split(/ +/);
  const expected = ['iteration', 'trainMse', 'trainRmse', 'trainMae', 'testMse', 'testRmse', 'testMae', 'objective', 'ms', 'status'];
  const problems = [];
  if (csv.join() !== expected.join()) problems.push(`CSV columns ${csv}`);
  if (json.join() !== expected.join()) problems.push(`JSON keys ${json}`);
  if (table.some((name) => !expected.includes(name))) problems.push(`table columns ${table}`);
  if (problems.length) failures.push(`curve columns: ${problems.join('; ')}`);
  else passed++;
}

check('a directory as ratings', ['train', corpus], 1, 'it is a directory, not a file');
check('a directory as model', ['info', '--model', corpus], 1, 'it is a directory, not a file');
check('a missing file', ['train', join(work, 'missing.csv')], 1, 'cannot open');

rmSync(work, { recursive: true, force: true });
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`cli corpus: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
