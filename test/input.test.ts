import { describe, expect, test } from "vitest";
import { inputShapeIssues, DEFAULT_INPUT_LIMITS } from "../src/input.js";

describe("input shape guard", () => {
  test("a normal document passes", () => {
    expect(inputShapeIssues({ a: [1, 2, { b: "x" }], c: null })).toEqual([]);
  });

  test("nesting 5,000 levels deep is one issue at the depth limit, without a stack overflow", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = { x: [deep] };
    const issues = inputShapeIssues({ arms: deep });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.rule).toBe("nesting-depth");
    expect(issues[0]!.path.split(".x").length - 1).toBe(16); // arms + 16 × (x, [0]) = 32 levels
  });

  test("an array longer than the limit is reported with its path and not walked", () => {
    const issues = inputShapeIssues({ arms: [{ sessions: new Array(DEFAULT_INPUT_LIMITS.maxArrayLength + 1).fill(0) }] });
    expect(issues).toEqual([{ path: "arms[0].sessions", rule: "array-length", message: `has ${DEFAULT_INPUT_LIMITS.maxArrayLength + 1} items; at most ${DEFAULT_INPUT_LIMITS.maxArrayLength} are allowed in any list`, received: `array of ${DEFAULT_INPUT_LIMITS.maxArrayLength + 1}` }]);
  });

  test("long strings, wide objects and huge documents are each reported once", () => {
    const wide = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i]));
    const rules = inputShapeIssues({ s: "x".repeat(100_001), t: "y".repeat(100_001), wide }).map((i) => i.rule);
    expect(rules.sort()).toEqual(["object-size", "string-length"]);
    const many = Array.from({ length: 200 }, () => Array.from({ length: 6000 }, () => 0));
    expect(inputShapeIssues(many).map((i) => i.rule)).toEqual(["input-size"]);
  });
});
