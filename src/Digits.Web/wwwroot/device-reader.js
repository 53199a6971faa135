// Reads digits on this device: the server's device network (/device-model.onnx, exported from the library by
// Digits.Onnx) run by onnxruntime-web's WebAssembly build, served by this app from /vendor/ (never a CDN). The page,
// its tests and the phone benchmark all read through readDrawing and readPhoto, so they measure what the user gets.
import * as ort from "/vendor/ort.wasm.min.mjs";
import { normalizeDrawing } from "/drawing-normalizer.js";
import { decodePhoto, findDigits } from "/photo-core.js";

ort.env.wasm.wasmPaths = "/vendor/";
ort.env.wasm.numThreads = 1; // threads need a cross-origin-isolated page; one is fast enough for a digit
ort.env.wasm.proxy = false;

let session = null;

/** Loads the network once; later calls return the same promise. */
export function loadDeviceNetwork() {
  session ??= ort.InferenceSession.create("/device-model.onnx", { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
  return session;
}

/** The ten probabilities of each 28x28 input (Uint8Array of 784 grey values, 0 = background). */
export async function classify(inputs) {
  const network = await loadDeviceNetwork();
  const pixels = new Float32Array(inputs.length * 784);
  inputs.forEach((input, i) => pixels.set(input, i * 784));
  const output = await network.run({ pixels: new ort.Tensor("float32", pixels, [inputs.length, 1, 28, 28]) });
  const probabilities = output.probabilities.data;
  return inputs.map((_, i) => Array.from(probabilities.subarray(i * 10, i * 10 + 10)));
}

/** Reads a drawing (grey values, 0 = background): { digits: [{ input, box, probabilities }] }. */
export async function readDrawing(pixels, width, height) {
  const found = normalizeDrawing(pixels, width, height);
  const [probabilities] = await classify([found.input]);
  return { digits: [{ input: found.input, box: found.box, probabilities }], problem: null };
}

/**
 * Reads a photo of one digit or one number on plain paper: { digits: [{ input, box (in the photo's pixels),
 * probabilities }], problem (why none were read, or null) }.
 */
export async function readPhoto(file) {
  const photo = await decodePhoto(file);
  const found = findDigits(photo.grey, photo.width, photo.height);
  const probabilities = found.digits.length ? await classify(found.digits.map((d) => d.input)) : [];
  const digits = found.digits.map((d, i) => ({ input: d.input, box: d.box.map((v) => Math.round(v / photo.scale)), probabilities: probabilities[i] }));
  return { digits, problem: found.problem };
}
