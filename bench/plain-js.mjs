// The "just write it in JavaScript" baseline for the benchmark: the same biased
// SGD epoch and the same ALS sweep as core/src/train.cpp, on typed arrays, in
// plain JS (not shipped; used only by bench/). Factors are Float32Array like the
// engine's; arithmetic is JS doubles.

/** Builds compressed rows (CSR) of (row, col, value) triples. */
function groupRows(rows, cols, values, nRows) {
  const offsets = new Uint32Array(nRows + 1);
  for (let k = 0; k < rows.length; k++) offsets[rows[k] + 1]++;
  for (let r = 0; r < nRows; r++) offsets[r + 1] += offsets[r];
  const next = offsets.slice(0, nRows);
  const c = new Uint32Array(rows.length);
  const v = new Float32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const at = next[rows[k]]++;
    c[at] = cols[k];
    v[at] = values[k];
  }
  return { offsets, cols: c, values: v };
}

/** Model state from dense-index training triples. */
export function createState({ users, items, ratings, nUsers, nItems }, factors, seed = 42) {
  let s = seed >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  const normal = () => { let x = 0; for (let j = 0; j < 12; j++) x += rand(); return x - 6; };
  const P = new Float32Array(nUsers * factors).map(() => 0.1 * normal());
  const Q = new Float32Array(nItems * factors).map(() => 0.1 * normal());
  let mean = 0;
  for (let k = 0; k < ratings.length; k++) mean += ratings[k];
  mean /= ratings.length;
  return {
    k: factors, nUsers, nItems, users, items, ratings, mu: mean, rand,
    P, Q, bu: new Float32Array(nUsers), bi: new Float32Array(nItems),
    order: Uint32Array.from({ length: ratings.length }, (_, j) => j),
    byUser: groupRows(users, items, ratings, nUsers),
    byItem: groupRows(items, users, ratings, nItems),
  };
}

/** One biased-SGD epoch in a freshly shuffled order. */
export function sgdEpoch(st, lr = 0.01, reg = 0.05) {
  const { k, P, Q, bu, bi, users, items, ratings, order, mu } = st;
  for (let j = order.length - 1; j > 0; j--) {
    const r = Math.floor(st.rand() * (j + 1));
    const t = order[j]; order[j] = order[r]; order[r] = t;
  }
  for (let n = 0; n < order.length; n++) {
    const idx = order[n];
    const u = users[idx], i = items[idx];
    const pu = u * k, qi = i * k;
    let dot = 0;
    for (let f = 0; f < k; f++) dot += P[pu + f] * Q[qi + f];
    const e = ratings[idx] - (mu + bu[u] + bi[i] + dot);
    bu[u] += lr * (e - reg * bu[u]);
    bi[i] += lr * (e - reg * bi[i]);
    for (let f = 0; f < k; f++) {
      const p = P[pu + f], q = Q[qi + f];
      P[pu + f] = p + lr * (e * q - reg * p);
      Q[qi + f] = q + lr * (e * p - reg * q);
    }
  }
}

function cholesky(a, n) {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let l = 0; l < j; l++) d -= a[j * n + l] * a[j * n + l];
    d = Math.sqrt(d);
    a[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let l = 0; l < j; l++) s -= a[i * n + l] * a[j * n + l];
      a[i * n + j] = s / d;
    }
  }
}

function choleskySolve(l, n, b) {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= l[i * n + j] * b[j];
    b[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= l[j * n + i] * b[j];
    b[i] = s / l[i * n + i];
  }
}

// One side of an ALS sweep with biases and count-scaled lambda: the normal
// equations (sum y y^T + n lambda I) z = sum (r - mu - b) y, y = [1, q].
function solveSide(rows, nRows, X, bx, Y, by, k, mu, reg) {
  const d = k + 1;
  const a = new Float64Array(d * d), b = new Float64Array(d), y = new Float64Array(d);
  for (let r = 0; r < nRows; r++) {
    const begin = rows.offsets[r], end = rows.offsets[r + 1], n = end - begin;
    if (n === 0) continue;
    a.fill(0); b.fill(0);
    for (let e = begin; e < end; e++) {
      const c = rows.cols[e];
      y[0] = 1;
      for (let f = 0; f < k; f++) y[f + 1] = Y[c * k + f];
      const t = rows.values[e] - mu - by[c];
      for (let j = 0; j < d; j++) {
        const yj = y[j];
        for (let l = 0; l <= j; l++) a[j * d + l] += yj * y[l];
        b[j] += t * yj;
      }
    }
    for (let j = 0; j < d; j++) a[j * d + j] += reg * n;
    cholesky(a, d);
    choleskySolve(a, d, b);
    bx[r] = b[0];
    for (let f = 0; f < k; f++) X[r * k + f] = b[f + 1];
  }
}

/** One ALS sweep: every user, then every item. */
export function alsSweep(st, reg = 0.1) {
  solveSide(st.byUser, st.nUsers, st.P, st.bu, st.Q, st.bi, st.k, st.mu, reg);
  solveSide(st.byItem, st.nItems, st.Q, st.bi, st.P, st.bu, st.k, st.mu, reg);
}

/** Training RMSE (to check the baseline learns like the engine). */
export function trainRmse(st) {
  const { k, P, Q, bu, bi, users, items, ratings, mu } = st;
  let se = 0;
  for (let n = 0; n < ratings.length; n++) {
    const u = users[n], i = items[n];
    let dot = 0;
    for (let f = 0; f < k; f++) dot += P[u * k + f] * Q[i * k + f];
    const e = ratings[n] - (mu + bu[u] + bi[i] + dot);
    se += e * e;
  }
  return Math.sqrt(se / ratings.length);
}
