import { defineConfig } from "tsup";

// The library: the browser-safe core (`.`) and the Node-only layer (`./node`) in one build with
// shared chunks, so both entries hand out the same classes (a ValidationError thrown by the core
// is `instanceof ValidationError` from either entry). The core imports no `node:` module; a test
// checks the built files. ESM and CJS each get their own declaration files (attw checks this).
export default defineConfig([
  {
    entry: { index: "src/index.ts", engine: "src/engine.ts", node: "src/node/index.ts", worker: "src/node/worker.ts", "calibration-worker": "src/node/calibration-worker.ts" },
    format: ["esm", "cjs"],
    platform: "node",
    target: "es2022",
    dts: true,
    splitting: true,
    sourcemap: true,
    clean: true,
    shims: true,
    removeNodeProtocol: false,
  },
  {
    // The CLI program (ESM, with its shebang kept).
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    platform: "node",
    target: "node20",
    sourcemap: true,
    removeNodeProtocol: false,
  },
]);
