#!/usr/bin/env node
/**
 * What zod's run-time compilation buys this library: validation speed with zod's default (object
 * parsers compiled with `new Function` where the engine allows it) and with `jitless` (zod's
 * interpreter, what runs under a Content-Security-Policy without 'unsafe-eval'). zod reads the
 * setting from globalThis.__zod_globalConfig when each schema is built, so it is set before the
 * library is imported. Run after `npx tsup --silent`:
 *
 *   node bench/zod-jit.mjs            # zod's default
 *   node bench/zod-jit.mjs jitless    # the interpreter
 */
const mode = process.argv[2] ?? "jit";
if (mode === "jitless") globalThis.__zod_globalConfig = { jitless: true };
const engine = await import("../dist/engine.js");
const { PRESET_IDS, presetInput, checkProtocol, ProtocolSchema, PublishedResultSchema } = engine;
const { readdirSync, readFileSync } = await import("node:fs");

/** Median of `repeats` timings of `fn`, in ms. */
function medianMs(fn, repeats) {
  const times = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const presets = PRESET_IDS.map((id) => presetInput(id));
const files = readdirSync("examples/checks").filter((f) => f.endsWith(".json")).map((f) => JSON.parse(readFileSync(`examples/checks/${f}`, "utf8")));
const bigProtocol = presetInput("mp1");
bigProtocol.arms = Array.from({ length: 10_000 }, (_, i) => ({ ...bigProtocol.arms[i % bigProtocol.arms.length], id: `arm${i}` }));

const widest = presetInput("mp1");
widest.arms = Array.from({ length: 12 }, (_, i) => ({ ...widest.arms[i % widest.arms.length], id: `arm${i}` }));

for (const p of presets) if (!checkProtocol(p).valid) throw new Error("a preset is invalid");
const results = {
  mode,
  presets: presets.length,
  "checkProtocol, every preset x1000 (ms)": medianMs(() => { for (let i = 0; i < 1000; i++) for (const p of presets) checkProtocol(p); }, 5),
  "ProtocolSchema.safeParse, every preset x1000 (ms)": ProtocolSchema ? medianMs(() => { for (let i = 0; i < 1000; i++) for (const p of presets) ProtocolSchema.safeParse(p); }, 5) : "not exported",
  "PublishedResultSchema.safeParse, every example x1000 (ms)": medianMs(() => { for (let i = 0; i < 1000; i++) for (const f of files) PublishedResultSchema.safeParse(f); }, 5),
  "checkProtocol, 12 arms (the most allowed) x1000 (ms)": medianMs(() => { for (let i = 0; i < 1000; i++) checkProtocol(widest); }, 5),
  // Rejected before any arm is parsed: by the input-shape guard (checkProtocol) or by the list bound (the schema).
  "checkProtocol, 10,000 arms (ms)": medianMs(() => checkProtocol(bigProtocol), 5),
  "ProtocolSchema.safeParse, 10,000 arms (ms)": ProtocolSchema ? medianMs(() => ProtocolSchema.safeParse(bigProtocol), 5) : "not exported",
};
console.log(JSON.stringify(results, (k, v) => (typeof v === "number" ? Math.round(v * 10) / 10 : v), 2));
