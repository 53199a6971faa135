// The library's DrawingNormalizer (src/Digits.Photos/DrawingNormalizer.cs), ported once, operation for operation:
// the ink's box fitted into 20x20 keeping its aspect (area-averaged when shrinking, bilinear when enlarging), placed
// in 28x28 with its centre of mass at the centre, rounded half up. The same drawing gives the same 784 bytes here and
// in the library (tests/Digits.Tests/Web/PhoneAppTests.cs checks it). Change the two together.

const SIDE = 28;
const FIT = 20;

/** Normalises a drawing: grey values (0 = background), row-major, width x height. */
export function normalizeDrawing(pixels, width, height) {
  if (width < 1 || height < 1 || pixels.length !== width * height) {
    throw new Error(`A ${width}x${height} drawing has ${width * height} pixels, got ${pixels.length}.`);
  }
  let left = width, top = height, right = -1, bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[y * width + x] !== 0) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  if (right < 0) return { input: new Uint8Array(SIDE * SIDE), box: [0, 0, 0, 0] };
  const inkWidth = right - left + 1, inkHeight = bottom - top + 1;
  const scale = FIT / Math.max(inkWidth, inkHeight);
  const fittedWidth = Math.max(1, Math.floor(inkWidth * scale + 0.5));
  const fittedHeight = Math.max(1, Math.floor(inkHeight * scale + 0.5));
  const small = resample(pixels, width, left, top, inkWidth, inkHeight, fittedWidth, fittedHeight);
  return { input: centre(small, fittedWidth, fittedHeight), box: [left, top, inkWidth, inkHeight] };
}

function resample(pixels, stride, left, top, w, h, fw, fh) {
  const columns = taps(w, fw), rows = taps(h, fh);
  const across = new Float64Array(h * fw);
  for (let y = 0; y < h; y++) {
    const row = (top + y) * stride + left;
    for (let x = 0; x < fw; x++) {
      let sum = 0;
      const weights = columns.weights[x], first = columns.first[x];
      for (let t = 0; t < weights.length; t++) sum += weights[t] * pixels[row + first + t];
      across[y * fw + x] = sum;
    }
  }
  const small = new Float64Array(fw * fh);
  for (let y = 0; y < fh; y++) {
    const weights = rows.weights[y], first = rows.first[y];
    for (let x = 0; x < fw; x++) {
      let sum = 0;
      for (let t = 0; t < weights.length; t++) sum += weights[t] * across[(first + t) * fw + x];
      small[y * fw + x] = sum;
    }
  }
  return small;
}

function taps(from, to) {
  const first = new Array(to), weights = new Array(to);
  const ratio = from / to;
  for (let o = 0; o < to; o++) {
    if (from > to) {
      const start = o * ratio, end = (o + 1) * ratio;
      const lo = Math.floor(start), hi = Math.min(from, Math.ceil(end));
      first[o] = lo;
      weights[o] = new Float64Array(hi - lo);
      for (let i = lo; i < hi; i++) {
        const covered = Math.min(end, i + 1) - Math.max(start, i);
        weights[o][i - lo] = covered / ratio;
      }
    } else {
      let at = (o + 0.5) * ratio - 0.5;
      at = Math.min(Math.max(at, 0), from - 1);
      const lo = Math.floor(at);
      const fraction = at - lo;
      first[o] = lo;
      weights[o] = lo + 1 < from ? [1 - fraction, fraction] : [1];
    }
  }
  return { first, weights };
}

function centre(small, fw, fh) {
  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < fh; y++) {
    for (let x = 0; x < fw; x++) {
      const v = small[y * fw + x];
      mass += v;
      mx += x * v;
      my += y * v;
    }
  }
  const cx = mass > 0 ? mx / mass : fw / 2;
  const cy = mass > 0 ? my / mass : fh / 2;
  const dx = cx - SIDE / 2, dy = cy - SIDE / 2;
  const value = (x, y) => (x >= 0 && x < fw && y >= 0 && y < fh ? small[y * fw + x] : 0);
  const output = new Uint8Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    const sy = y + dy;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let x = 0; x < SIDE; x++) {
      const sx = x + dx;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      const upper = value(x0, y0) * (1 - fx) + value(x0 + 1, y0) * fx;
      const lower = value(x0, y0 + 1) * (1 - fx) + value(x0 + 1, y0 + 1) * fx;
      const v = upper * (1 - fy) + lower * fy;
      output[y * SIDE + x] = Math.min(255, Math.max(0, Math.floor(v + 0.5)));
    }
  }
  return output;
}
