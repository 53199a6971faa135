// The photo pipeline's core steps, ported small for reading photos on this device when the server cannot be
// reached: the simple case of one digit or one number on plain paper. Steps, as in the library's PhotoReader:
// paper estimate (the bright level of the paper around each place), threshold (Otsu on how much darker than the
// paper each pixel is), components (8-connected ink, specks and page edges dropped), grouping into digits (parts
// that overlap across), strokes brought to MNIST's thickness, then the drawing normaliser (drawing-normalizer.js).
// Pages, rotation, touching digits and refusing what is not a digit need the server's full reading.
import { normalizeDrawing } from "/drawing-normalizer.js";

const LONGEST_SIDE = 800;       // photos are read at most this large, as a phone shows them
const STROKE_RATIO = 0.15;      // the stroke thickness aimed at, as DigitNormalizer.TargetStrokeRatio
const MOST_DIGITS = 12;         // more than this is a page: the server's job

/** Decodes an image file into grey values, its longest side at most LONGEST_SIDE. */
export async function decodePhoto(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale)), height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.imageSmoothingQuality = "high";
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
  return { grey, width, height, scale };
}

/** Finds the digits of a photo of one digit or one number: [{ input (784 bytes), box [x, y, w, h] }], left to right. */
export function findDigits(grey, width, height) {
  const darkness = darknessBelowPaper(grey, width, height);
  const threshold = Math.max(24, otsu(darkness));
  const ink = new Uint8Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = darkness[i] > threshold ? 1 : 0;
  const parts = components(ink, width, height).filter((c) => keep(c, width, height));
  if (parts.length === 0) return { digits: [], problem: "no ink was found on the paper" };
  const tallest = Math.max(...parts.map((c) => c.h));
  const marks = parts.filter((c) => c.h >= 0.35 * tallest);
  const groups = group(marks);
  if (groups.length > MOST_DIGITS) return { digits: [], problem: `${groups.length} marks: a page is read by the server` };
  return { digits: groups.map((g) => ({ input: normalizeGroup(g, width), box: [g.x, g.y, g.w, g.h] })), problem: null };
}

// How much darker than the paper around it each pixel is: the paper level of each block of the photo is a bright
// percentile of its pixels, raised to the brightest of its neighbours (a block full of ink borrows its
// neighbours' paper), then interpolated between block centres.
function darknessBelowPaper(grey, width, height) {
  const block = Math.max(8, Math.round(Math.max(width, height) / 12));
  const bw = Math.ceil(width / block), bh = Math.ceil(height / block);
  const levels = new Float64Array(bw * bh);
  const histogram = new Uint32Array(256);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      histogram.fill(0);
      let count = 0;
      for (let y = by * block; y < Math.min(height, (by + 1) * block); y++) {
        for (let x = bx * block; x < Math.min(width, (bx + 1) * block); x++) { histogram[grey[y * width + x]]++; count++; }
      }
      let seen = 0, level = 255;
      for (let v = 255; v >= 0; v--) { seen += histogram[v]; if (seen >= 0.2 * count) { level = v; break; } }
      levels[by * bw + bx] = level;
    }
  }
  const paper = new Float64Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let best = 0;
      for (let y = Math.max(0, by - 1); y <= Math.min(bh - 1, by + 1); y++) {
        for (let x = Math.max(0, bx - 1); x <= Math.min(bw - 1, bx + 1); x++) best = Math.max(best, levels[y * bw + x]);
      }
      paper[by * bw + bx] = (best + levels[by * bw + bx]) / 2;
    }
  }
  const darkness = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(Math.max((y + 0.5) / block - 0.5, 0), bh - 1), y0 = Math.floor(gy), y1 = Math.min(bh - 1, y0 + 1), fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(Math.max((x + 0.5) / block - 0.5, 0), bw - 1), x0 = Math.floor(gx), x1 = Math.min(bw - 1, x0 + 1), fx = gx - x0;
      const level = (paper[y0 * bw + x0] * (1 - fx) + paper[y0 * bw + x1] * fx) * (1 - fy) + (paper[y1 * bw + x0] * (1 - fx) + paper[y1 * bw + x1] * fx) * fy;
      darkness[y * width + x] = Math.max(0, Math.min(255, Math.round(level - grey[y * width + x])));
    }
  }
  return darkness;
}

// Otsu's threshold of a byte image: the level that best splits its histogram in two.
function otsu(values) {
  const histogram = new Float64Array(256);
  for (const v of values) histogram[v]++;
  const total = values.length;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * histogram[v];
  let below = 0, belowSum = 0, best = 0, bestVariance = -1;
  for (let t = 0; t < 256; t++) {
    below += histogram[t];
    if (below === 0) continue;
    const above = total - below;
    if (above === 0) break;
    belowSum += t * histogram[t];
    const meanBelow = belowSum / below, meanAbove = (sum - belowSum) / above;
    const variance = below * above * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) { bestVariance = variance; best = t; }
  }
  return best;
}

// 8-connected components of a 0/1 mask: each with its box, area and pixel indices.
function components(mask, width, height) {
  const label = new Int32Array(width * height);
  const found = [];
  const stack = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || label[start]) continue;
    const id = found.length + 1, pixels = [];
    let left = width, top = height, right = -1, bottom = -1;
    label[start] = id;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop();
      pixels.push(p);
      const x = p % width, y = (p - x) / width;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (mask[q] && !label[q]) { label[q] = id; stack.push(q); }
        }
      }
    }
    found.push({ x: left, y: top, w: right - left + 1, h: bottom - top + 1, area: pixels.length, pixels });
  }
  return found;
}

// Specks are not digits, nor are the edges of the page or the table and the shadows that touch the photo's border:
// they run along most of a side or cover much of the photo (a digit written close to the border is kept).
function keep(c, width, height) {
  if (c.area < Math.max(12, 0.0002 * width * height) || c.h < 0.03 * Math.max(width, height)) return false;
  const touches = c.x === 0 || c.y === 0 || c.x + c.w === width || c.y + c.h === height;
  return !(touches && (c.w > 0.9 * width || c.h > 0.9 * height || c.area > 0.1 * width * height));
}

// Parts that overlap across by half the narrower one are one digit (the bar of a 5, the two strokes of a 4).
function group(parts) {
  const sorted = [...parts].sort((a, b) => a.x - b.x);
  const groups = [];
  for (const part of sorted) {
    const last = groups[groups.length - 1];
    const overlap = last ? Math.min(last.x + last.w, part.x + part.w) - Math.max(last.x, part.x) : -1;
    if (last && overlap >= 0.5 * Math.min(last.w, part.w)) {
      const right = Math.max(last.x + last.w, part.x + part.w), bottom = Math.max(last.y + last.h, part.y + part.h);
      last.x = Math.min(last.x, part.x); last.y = Math.min(last.y, part.y);
      last.w = right - last.x; last.h = bottom - last.y;
      last.pixels = last.pixels.concat(part.pixels);
    } else {
      groups.push({ x: part.x, y: part.y, w: part.w, h: part.h, pixels: part.pixels });
    }
  }
  return groups;
}

// One digit's ink on a padded canvas, strokes thickened or thinned towards STROKE_RATIO of its larger side, then
// normalised as a drawing.
function normalizeGroup(g, width) {
  const size = Math.max(g.w, g.h), pad = Math.max(2, Math.floor(size / 4));
  const w = g.w + 2 * pad, h = g.h + 2 * pad;
  let mask = new Uint8Array(w * h);
  for (const p of g.pixels) {
    const x = p % width, y = (p - x) / width;
    mask[(y - g.y + pad) * w + (x - g.x + pad)] = 1;
  }
  const inside = distances(mask, w, h, 1);
  const stroke = strokeWidth(inside, mask, w, h);
  const radius = Math.round((STROKE_RATIO * size - stroke) / 2);
  if (stroke > 0 && radius > 0) {
    const outside = distances(mask, w, h, 0);
    mask = mask.map((v, i) => (v || outside[i] <= radius ? 1 : 0));
  } else if (stroke > 0 && radius < 0 && stroke >= 0.2 * size) {
    mask = mask.map((v, i) => (v && inside[i] > -radius ? 1 : 0));
  }
  return normalizeDrawing(mask.map((v) => v * 255), w, h).input;
}

// Chamfer (3-4) distance, in pixels, from each pixel whose mask value is `of` to the nearest pixel that is not.
function distances(mask, w, h, of) {
  const far = 1e9, d = new Float64Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = mask[i] === of ? far : 0;
  const at = (x, y) => (x < 0 || y < 0 || x >= w || y >= h ? (of === 1 ? 0 : far) : d[y * w + x]);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!d[y * w + x]) continue;
      d[y * w + x] = Math.min(d[y * w + x], at(x - 1, y) + 3, at(x, y - 1) + 3, at(x - 1, y - 1) + 4, at(x + 1, y - 1) + 4);
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      if (!d[y * w + x]) continue;
      d[y * w + x] = Math.min(d[y * w + x], at(x + 1, y) + 3, at(x, y + 1) + 3, at(x + 1, y + 1) + 4, at(x - 1, y + 1) + 4);
    }
  }
  return d.map((v) => v / 3);
}

// Twice the mean distance to the paper along the strokes' centres (ink pixels no nearer the paper than their neighbours).
function strokeWidth(inside, mask, w, h) {
  let sum = 0, count = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!mask[i]) continue;
      let ridge = true;
      for (let dy = -1; dy <= 1 && ridge; dy++) for (let dx = -1; dx <= 1; dx++) if (inside[i + dy * w + dx] > inside[i]) { ridge = false; break; }
      if (ridge) { sum += inside[i]; count++; }
    }
  }
  return count ? 2 * sum / count : 0;
}
