// Copies onnxruntime-web's WebAssembly build (the only part the phone app loads) from node_modules into
// wwwroot/vendor, each file compressed twice (.br, .gz) so the server sends the smallest the browser accepts and
// never the 14 MB raw WebAssembly. Run by the Digits.Web build (after `npm ci`) when package-lock.json changes.
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { mkdirSync, readFileSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "node_modules", "onnxruntime-web", "dist");
const target = join(here, "..", "wwwroot", "vendor");
const files = ["ort.wasm.min.mjs", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];

const version = JSON.parse(readFileSync(join(here, "node_modules", "onnxruntime-web", "package.json"), "utf8")).version;
const temporary = `${target}.tmp`;
rmSync(temporary, { recursive: true, force: true });
mkdirSync(temporary, { recursive: true });
for (const name of files) {
  const bytes = readFileSync(join(source, name));
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  writeFileSync(join(temporary, `${name}.br`), br);
  writeFileSync(join(temporary, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  console.log(`vendor: ${name} ${bytes.length} bytes, ${br.length} brotli`);
}
writeFileSync(join(temporary, "VERSION"), `onnxruntime-web ${version}\n`);
// Whole or not at all: the build's up-to-date check looks at VERSION, which only a finished copy has.
rmSync(target, { recursive: true, force: true });
renameSync(temporary, target);
