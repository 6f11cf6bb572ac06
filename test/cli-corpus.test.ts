/**
 * Nothing numeric escapes unchecked (issue 12): every command over a corpus of inputs (the
 * presets, the example protocols and published results, and edge cases: one trial, tiny arms,
 * every analysis and estimand, simple randomization of a handful, a run interrupted before its
 * first chunk) ends in a result or an error with paths, never an internal error, and no output
 * holds NaN or Infinity. The CLI's JSON writer refuses a non-finite number (an internal error,
 * exit 1), so exit codes other than 1 and outputs without those words prove it for JSON too.
 */
import { describe, expect, test } from "vitest";
import { readdirSync } from "node:fs";
import { runCli } from "../src/cli/main.js";
import { jsonText } from "../src/cli/framework.js";
import { PRESET_IDS } from "../src/engine.js";

async function run(argv: string[], signal?: AbortSignal) {
  let out = "";
  let err = "";
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), ...(signal ? { signal } : {}) });
  return { code, out, err };
}

/** Run a command and check the contract: not an internal error, nothing non-finite printed, JSON that parses. */
async function holdsContract(argv: string[], { allowInvalid = false, signal }: { allowInvalid?: boolean; signal?: AbortSignal } = {}) {
  const r = await run(argv, signal);
  const label = argv.join(" ");
  expect(r.code, `${label}: ${r.err}`).not.toBe(1);
  if (!allowInvalid) expect([0, 3, 130], `${label}: ${r.err}`).toContain(r.code);
  expect(`${r.out}${r.err}`, label).not.toMatch(/\bNaN\b|\bInfinity\b/);
  if (r.code !== 2 && argv.includes("json")) expect(() => JSON.parse(r.out), label).not.toThrow();
  return r;
}

test("the CLI's JSON writer refuses a non-finite number, naming the field (so exit 1 would show one)", () => {
  expect(() => jsonText({ summary: { power: { estimate: Number.NaN } } })).toThrow(/non-finite number \(NaN\) at "estimate"/);
  expect(() => jsonText([1, Number.POSITIVE_INFINITY])).toThrow(/Infinity/);
  expect(jsonText({ a: null, b: [1.5] })).toBe('{\n  "a": null,\n  "b": [\n    1.5\n  ]\n}\n');
});

const PROTOCOL_FILES = readdirSync("examples/protocols").filter((f) => !f.startsWith("invalid")).map((f) => `examples/protocols/${f}`);
const SOURCES: string[][] = [...PRESET_IDS.map((id) => ["--preset", id]), ...PROTOCOL_FILES.map((f) => ["--protocol", f])];
const CHECK_FILES = readdirSync("examples/checks").map((f) => `examples/checks/${f}`);

describe.each(SOURCES.map((s) => [s.join(" "), s] as const))("every command on %s", (_label, source) => {
  test("simulate: json, table and csv; one trial; heterogeneity", async () => {
    for (const format of ["json", "table", "csv"]) await holdsContract(["simulate", ...source, "--trials", "6", "--format", format]);
    await holdsContract(["simulate", ...source, "--trials", "1", "--format", "json"]);
    await holdsContract(["simulate", ...source, "--trials", "4", "--heterogeneity", "--format", "json"]);
  });
  test("simulate: a forecast, and a run interrupted before its first chunk", async () => {
    await holdsContract(["simulate", ...source, "--trials", "3", "--predictive", "--format", "json"]);
    await holdsContract(["simulate", ...source, "--trials", "3", "--predictive", "--format", "table"]);
    const aborted = await holdsContract(["simulate", ...source, "--trials", "50", "--format", "json"], { signal: AbortSignal.abort() });
    expect(aborted.code).toBe(130);
    expect(JSON.parse(aborted.out).summary.power.estimate).toBeNull();
  });
  test("power: a grid and a search", async () => {
    for (const format of ["json", "table", "csv"]) await holdsContract(["power", ...source, "--n", "2,5", "--trials", "4", "--format", format]);
    await holdsContract(["power", ...source, "--target-power", "0.9", "--n-min", "2", "--n-max", "4", "--trials", "4", "--format", "json"]);
  });
  test("session and participant, every format", async () => {
    for (const format of ["json", "table", "csv"]) await holdsContract(["session", ...source, "--format", format]);
    for (const format of ["json", "table"]) await holdsContract(["participant", ...source, "--participant", "3", "--format", format]);
  });
});

describe("edge cases of the design", () => {
  test.each([
    ["every analysis", ["welch", "student", "ancova", "fisher", "mmrm"].map((a) => ["--analysis", a])],
    ["estimands and missing data", [["--estimand", "treatment-policy"], ["--missing", "locf"], ["--estimand", "treatment-policy", "--missing", "locf", "--analysis", "mmrm"]]],
    ["tiny and lopsided arms", [["--n", "1"], ["--n", "mdma=1,placebo=1"], ["--n-total", "2", "--randomization", "simple"], ["--n-total", "3", "--randomization", "blocked"]]],
    ["extreme alpha and the endpoint", [["--alpha", "0.000001"], ["--alpha", "0.5"], ["--endpoint", "post-s1"]]],
  ])("%s", async (_label, variants) => {
    for (const extra of variants as string[][]) {
      for (const format of ["json", "table"]) await holdsContract(["simulate", "--preset", "mp1", "--trials", "5", ...extra, "--format", format], { allowInvalid: true });
    }
  });
});

describe("published results and the other commands", () => {
  test.each(CHECK_FILES)("check %s (json, table, markdown; with and without simulation)", async (file) => {
    for (const format of ["json", "table", "markdown"]) await holdsContract(["check", file, "--no-simulation", "--format", format]);
    await holdsContract(["check", file, "--trials", "100", "--format", "json"]);
  });
  test("protocol, params, presets and demo", async () => {
    for (const argv of [["presets", "--format", "json"], ["params", "--format", "json"], ["params", "--format", "csv"], ["protocol", "schema"], ["demo", "--trials", "10"]]) await holdsContract(argv);
    for (const id of PRESET_IDS) await holdsContract(["protocol", "timeline", id]);
  });
});
