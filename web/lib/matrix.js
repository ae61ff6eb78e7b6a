// Pictures of matrices on canvases, one pixel per cell (scaled up by CSS with
// crisp edges): the rating matrix, the learned factor matrices, and their
// product.

// One colour scale per kind of value, both readable with any colour vision,
// each with its legend on the page (the .scale bars in style.css use the same
// stops):
// - ratings 0.5..5 (observed or predicted), sequential: viridis from dark
//   purple (0.5) through teal (2.75) to light green (5), every colour dark
//   enough to stand out from the white of the cells nobody rated;
// - factor values, signed: purple (negative) through white (0) to orange (positive).
export const RATING_STOPS = [[0.5, [68, 1, 84]], [1.625, [59, 82, 139]], [2.75, [33, 145, 140]], [3.875, [94, 201, 98]], [5, [170, 220, 50]]];
export function ratingColor(r) {
  const v = Math.min(5, Math.max(0.5, r));
  let n = 0;
  while (n < RATING_STOPS.length - 2 && v > RATING_STOPS[n + 1][0]) n++;
  const [a, ca] = RATING_STOPS[n], [b, cb] = RATING_STOPS[n + 1];
  const f = (v - a) / (b - a);
  return ca.map((x, c) => Math.round(x + (cb[c] - x) * f));
}

const NEGATIVE = [94, 60, 153], POSITIVE = [230, 97, 1];
function signedColor(v, scale) {
  const t = Math.max(-1, Math.min(1, v / scale));
  const a = Math.abs(t);
  const end = t < 0 ? NEGATIVE : POSITIVE;
  return end.map((e) => Math.round(255 + (e - 255) * a));
}

function paint(canvas, width, height, colorAt) {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, height);
  const px = image.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = colorAt(y, x);
      const o = 4 * (y * width + x);
      px[o] = c[0]; px[o + 1] = c[1]; px[o + 2] = c[2]; px[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
}

const WHITE = [255, 255, 255];

export function drawRatings(canvas, picture) {
  const cols = picture.cols.length;
  paint(canvas, cols, picture.rows.length, (y, x) => {
    const v = picture.values[y * cols + x];
    return Number.isNaN(v) ? WHITE : ratingColor(v);
  });
}

// A robust colour scale: the 98th percentile of |values|.
function scaleOf(values) {
  const abs = Float32Array.from(values, Math.abs).sort();
  return abs[Math.floor(0.98 * (abs.length - 1))] || 1;
}

// rows x k matrix (row-major) drawn as rows tall, k wide; `transpose` draws it
// k tall, rows wide. Returns the value drawn at full colour (the scale's end).
export function drawFactors(canvas, values, order, k, { transpose = false } = {}) {
  const scale = scaleOf(values);
  if (transpose) paint(canvas, order.length, k, (y, x) => signedColor(values[order[x] * k + y], scale));
  else paint(canvas, k, order.length, (y, x) => signedColor(values[order[y] * k + x], scale));
  return scale;
}

// mu + b_u + b_i + p_u . q_i for every cell, clipped to the scale.
export function drawProduct(canvas, f, userOrder, itemOrder, { biases = true } = {}) {
  const k = f.k;
  paint(canvas, itemOrder.length, userOrder.length, (y, x) => {
    const u = userOrder[y], i = itemOrder[x];
    let s = biases ? f.globalMean + f.userBiases[u] + f.itemBiases[i] : 0;
    for (let n = 0; n < k; n++) s += f.userFactors[u * k + n] * f.itemFactors[i * k + n];
    return ratingColor(Math.min(5, Math.max(0.5, s)));
  });
}
