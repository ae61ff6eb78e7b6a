// Small pure helpers shared by the benchmark's sections and its report (no
// imports: node and the browser alike).

/** The median of the finite values (NaN when there are none). */
export function median(xs) {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The interquartile range relative to the median: a noise figure. */
export function spread(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  return (q(0.75) - q(0.25)) / median(s);
}

/** The smallest value (NaN for none): the fastest sample. */
export const fastest = (xs) => Math.min(...(xs?.length ? xs : [NaN]));

/** A figure with d decimals, '–' when there is none (NaN, or null as JSON writes NaN). */
export const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');
