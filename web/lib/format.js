// Number formatting without Intl: the first Intl.NumberFormat a page creates
// costs tens of milliseconds (locale data), enough to stall the page.

// 100836 -> "100,836"
export function thousands(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// Axis ticks: at most 4 decimals, no float noise (0.30000000000000004 -> "0.3").
export function tick(value) {
  return String(Number(Number(value).toFixed(4)));
}
