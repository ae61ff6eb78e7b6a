// The hand-written declarations (wasm/index.d.ts) type-check a typed usage
// example, resolved through the package's "exports" like a user's project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { path } from './helpers.mjs';

test('tsc --noEmit accepts tests/node/types-example.ts and rejects its @ts-expect-error lines', () => {
  const tsc = path('node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', path('tests/node/tsconfig.json')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
