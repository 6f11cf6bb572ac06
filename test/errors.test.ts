/** Error formatting: non-recursive, and safe and bounded for any received value (issue 12 items 1-3). */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { describeValue, formatIssues, fromZodIssues, ValidationError } from "../src/errors.js";
import * as z from "zod/mini";

/** The formatter before issue 12: JSON.stringify cut to 60 characters (fine for small, acyclic, shallow values). */
function jsonReference(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

describe("describing a received value", () => {
  test("agrees with JSON.stringify (cut to 60 characters) on JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(describeValue(value)).toBe(jsonReference(value));
      }),
      { numRuns: 2000, seed: 12 },
    );
  });
  test("agrees with JSON.stringify on values JSON rewrites: undefined in arrays and objects, dates, NaN inside", () => {
    const values: unknown[] = [[undefined, () => 1, Symbol("s")], { a: undefined, b: () => 1, c: 2 }, new Date(0), [NaN, -Infinity, -0], { toJSON: () => "x" }, [], {}, "é\"\\\n", -0];
    for (const v of values) expect(describeValue(v)).toBe(jsonReference(v));
  });
  test("a value nested 1,000,000 levels deep", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(describeValue(deep)).toBe(`${"[".repeat(57)}...`);
    let deepObject: Record<string, unknown> = {};
    const root = deepObject;
    for (let i = 0; i < 100_000; i++) deepObject = deepObject.x = {} as Record<string, unknown>;
    expect(describeValue(root)).toBe(`${'{"x":'.repeat(11)}{"...`);
  });
  test("cycles are written as [Circular]", () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    expect(describeValue(a)).toBe('{"n":1,"self":"[Circular]"}');
    const list: unknown[] = [1];
    list.push(list);
    expect(describeValue(list)).toBe('[1,"[Circular]"]');
    const shared = { k: 1 };
    expect(describeValue([shared, shared])).toBe('[{"k":1},{"k":1}]'); // repeated, not cyclic
  });
  test("huge values are read only as far as the 60 characters shown", () => {
    expect(describeValue("x".repeat(50_000_000))).toBe(`"${"x".repeat(56)}...`);
    const big = new Array(10_000_000).fill(7);
    expect(describeValue(big)).toBe(`[${"7,".repeat(28)}...`);
  });
  test("throwing getters, proxies, bigints, symbols and functions are described, never thrown", () => {
    const hostile = { get boom(): number { throw new Error("no"); }, ok: 1 };
    expect(describeValue(hostile)).toBe('{"boom":"[unreadable]","ok":1}');
    const trap = new Proxy({}, { ownKeys: () => { throw new Error("trap"); } });
    expect(describeValue(trap)).toBe("{}");
    expect(describeValue(10n)).toBe("10");
    expect(describeValue(Symbol("s"))).toBe("Symbol(s)");
    expect(describeValue(() => 1)).toBe("() => 1");
    expect(describeValue({ toJSON() { throw new Error("x"); } })).toBe('"[unserializable]"');
  });
  test("a ValidationError over a deep, cyclic and huge value builds its message", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.c = cyclic;
    let deep: unknown = 0;
    for (let i = 0; i < 200_000; i++) deep = { d: deep };
    const err = new ValidationError("protocol", [
      { path: "a", rule: "r", message: "m", received: cyclic },
      { path: "b", rule: "r", message: "m", received: deep },
      { path: "c", rule: "r", message: "m", received: new Array(5_000_000).fill("y") },
    ]);
    expect(err.message.split("\n")).toHaveLength(4);
    expect(formatIssues("x", err.issues)).toBe(err.message.replace("Invalid protocol", "Invalid x"));
  });
});

describe("zod issues, converted without recursion", () => {
  test("a union's best branch is expanded in place, keeping the order of the issues", () => {
    const schema = z.strictObject({
      a: z.number(),
      u: z.union([z.strictObject({ k: z.literal("x"), v: z.number() }), z.strictObject({ k: z.literal("y"), w: z.string(), z: z.string() })]),
      b: z.string(),
    });
    const input = { a: "1", u: { k: "x", v: "2" }, b: 3 };
    const parsed = schema.safeParse(input);
    expect(parsed.success).toBe(false);
    const issues = fromZodIssues(parsed.success ? [] : parsed.error.issues, input);
    expect(issues.map((i) => [i.path, i.rule])).toEqual([["a", "type"], ["u.v", "type"], ["b", "type"]]);
  });
});
