import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
// @ts-expect-error: plain ES module script without type declarations
import { sections, replaceSections } from "../scripts/readme-sections.mjs";
import { ROOT } from "./helpers/cli.js";

describe("README", () => {
  test("its generated sections (parameter table, calibration results, worked checks) are current", async () => {
    const readme = readFileSync(`${ROOT}README.md`, "utf8");
    expect(replaceSections(readme, await sections())).toBe(readme);
  }, 240_000);
  test("gives the two quick-start lines and says it is not medical advice", () => {
    const readme = readFileSync(`${ROOT}README.md`, "utf8");
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm ci && npm test");
    expect(readme).toMatch(/research and teaching only\. Not medical advice/i);
    expect(readme).toContain("Metapsy project, data-ptsd-mdmactr");
  });
});
