import { describe, expect, test } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { PARAMETER_TABLE } from "../src/params/table.js";
import { resolveParameters, parameterTable, formatParameterTable } from "../src/params/resolve.js";
import { ValidationError } from "../src/engine.js";
import { ROOT } from "./helpers/cli.js";

function sources(dir: string): string {
  return readdirSync(dir)
    .map((n) => join(dir, n))
    .map((p) => (statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") && !p.endsWith("table.ts") ? readFileSync(p, "utf8") : ""))
    .join("\n");
}

describe("the parameter table", () => {
  test("every entry has a unit, a meaning, a source, a status and a value inside its allowed range", () => {
    const keys = new Set<string>();
    for (const e of PARAMETER_TABLE) {
      expect(keys.has(e.key), e.key).toBe(false);
      keys.add(e.key);
      expect(e.unit.length, e.key).toBeGreaterThan(0);
      expect(e.description.length, e.key).toBeGreaterThan(10);
      expect(e.source.length, e.key).toBeGreaterThan(5);
      expect(["published", "derived", "assumed"]).toContain(e.status);
      expect(Number.isFinite(e.value)).toBe(true);
      expect(e.value, e.key).toBeGreaterThanOrEqual(e.min);
      expect(e.value, e.key).toBeLessThanOrEqual(e.max);
    }
  });
  test("every parameter is used by the model (no dead entries)", () => {
    const code = sources(join(ROOT, "src"));
    const unused = PARAMETER_TABLE.filter((e) => !code.includes(`"${e.key}"`) && !code.includes(`\`${e.key.replace(/\.(bp|hr|temperature)\./, ".${g}.")}\``));
    expect(unused.map((e) => e.key)).toEqual([]);
  });
  test("printable as text, with every key", () => {
    const text = formatParameterTable();
    for (const e of PARAMETER_TABLE) expect(text).toContain(e.key);
    expect(parameterTable().every((r) => r.value === r.default)).toBe(true);
  });
});

describe("overrides", () => {
  test("are applied and shown next to the default", () => {
    const p = resolveParameters({ "efficacy.hill": 2 });
    expect(p["efficacy.hill"]).toBe(2);
    const shipped = PARAMETER_TABLE.find((e) => e.key === "efficacy.hill")!.value;
    expect(shipped).not.toBe(2);
    expect(parameterTable(p).find((r) => r.key === "efficacy.hill")).toMatchObject({ value: 2, default: shipped });
  });
  test("every bad override is reported at once, with its key and rule", () => {
    let err: unknown;
    try {
      resolveParameters({ "pk.volumeL": -5, "pk.kaPerh": 2, "efficacy.hill": Number.NaN, "pk.transitCompartments": 2.5, "cyp2d6.poorFraction": 0.95 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => [i.path, i.rule])).toEqual([
      ['"pk.volumeL"', "range"],
      ['"pk.kaPerh"', "unknown-parameter"],
      ['"efficacy.hill"', "finite"],
      ['"pk.transitCompartments"', "integer"],
      ['"cyp2d6.poorFraction"', "fractions-sum"],
    ]);
  });
  test("the overrides must be an object", () => {
    expect(() => resolveParameters([1, 2])).toThrow(/must be an object/);
  });
});
