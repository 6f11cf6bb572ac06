import { defineConfig } from "tsup";
import { join } from "node:path";
import { compactCalibration, noopDebug, stdlibMainOnly } from "./scripts/bundle-plugins.js";

// The library: the browser-safe core (`.`) and the Node-only layer (`./node`) in one build with
// shared chunks, so both entries hand out the same classes (a ValidationError thrown by the core
// is `instanceof ValidationError` from either entry). The core imports no `node:` module; a test
// checks the built files. ESM and CJS each get their own declaration files (attw checks this).
//
// The stdlib distribution functions are bundled into dist (not installed as dependencies), with
// `debug` replaced by a no-op logger (debug@2 reads process.env on load: Deno would ask for
// --allow-env) and each package's bare function taken where its index adds only unused extras.
// The shipped calibration's draws are stored as columns (see scripts/bundle-plugins.ts).
const plugins = [noopDebug, stdlibMainOnly(join(process.cwd(), "node_modules")), compactCalibration];
const noExternal = [/^@stdlib\//, "debug"];

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
    noExternal,
    esbuildPlugins: plugins,
  },
  {
    // The CLI program (ESM, with its shebang kept).
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    platform: "node",
    target: "node20",
    sourcemap: true,
    removeNodeProtocol: false,
    noExternal,
    esbuildPlugins: plugins,
  },
]);
