/**
 * What the library needs from an engine that refuses code generation from strings (a browser page
 * whose Content-Security-Policy lacks 'unsafe-eval'; here Node's
 * --disallow-code-generation-from-strings, which makes eval and new Function throw EvalError as
 * such a page does). zod 4 compiles object parsers with new Function where the engine allows it
 * and falls back to its interpreter where it does not, so validating a protocol and checking a
 * published result must work the same; vega (chart rendering) compiles its expressions and has
 * no such fallback, so rendering a chart fails there: the README's security posture says both.
 * Runs the built package (npm test builds first).
 */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { ROOT } from "../helpers/cli.js";

const SCRIPT = `
const e = await import("./dist/engine.js");
const n = await import("./dist/node.js");
let codegen = "allowed";
try { new Function(""); } catch (err) { codegen = err.constructor.name; }
const presets = Object.fromEntries(e.PRESET_IDS.map((id) => [id, e.checkProtocol(e.presetInput(id)).valid]));
const invalid = e.checkProtocol({ ...e.presetInput("mp1"), arms: "two" });
const report = await e.checkPublished(JSON.parse((await import("node:fs")).readFileSync("examples/checks/mp1.json", "utf8")), { simulate: false });
let chart = "rendered";
try { await n.renderSvg({ data: { values: [{ a: 1, b: 2 }] }, mark: "point", encoding: { x: { field: "a", type: "quantitative" }, y: { field: "b", type: "quantitative" } } }); } catch (err) { chart = err.constructor.name; }
console.log(JSON.stringify({ codegen, presets, invalidPaths: invalid.valid ? [] : invalid.issues.map((i) => i.path), checkRows: report.checks.length, chart }));
`;

function run(flags: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", SCRIPT], { encoding: "utf8", cwd: ROOT });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("an engine that refuses code generation from strings", () => {
  test("validation and checks work as with code generation allowed; only chart rendering (vega) fails", () => {
    expect(existsSync(`${ROOT}/dist/engine.js`), "run `npm run build` first (npm test does)").toBe(true);
    const allowed = run([]);
    const refused = run(["--disallow-code-generation-from-strings"]);
    expect(allowed.codegen).toBe("allowed");
    expect(refused.codegen).toBe("EvalError");
    expect(Object.values(refused.presets as Record<string, boolean>).every(Boolean)).toBe(true);
    expect(refused.presets).toEqual(allowed.presets);
    expect(refused.invalidPaths).toEqual(["arms"]);
    expect(refused.invalidPaths).toEqual(allowed.invalidPaths);
    expect(refused.checkRows).toBe(allowed.checkRows);
    expect(allowed.chart).toBe("rendered");
    expect(refused.chart).toBe("EvalError");
  });
});
