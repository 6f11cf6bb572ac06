import { expect } from "vitest";

/** |actual − expected| ≤ rel·|expected| + abs. */
export function expectClose(actual: number | null | undefined, expected: number, rel = 1e-8, abs = 1e-12, label = "") {
  expect(actual, label).not.toBeNull();
  expect(actual, label).not.toBeUndefined();
  const err = Math.abs((actual as number) - expected);
  expect(err, `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected) + abs);
}
