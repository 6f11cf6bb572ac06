import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { ROOT } from "./helpers/cli.js";

describe("README", () => {
  const readme = readFileSync(`${ROOT}README.md`, "utf8");
  test("gives the two quick-start lines, an install line, and says it is not medical advice", () => {
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm ci && npm test");
    expect(readme).toContain("npx mdma-trial-sim");
    expect(readme).toMatch(/research and teaching only\. Not medical advice/i);
    expect(readme).toContain("Metapsy project, data-ptsd-mdmactr");
  });
  test("is a five-minute read: at most about 25 KB, with the reference tables in docs/", () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(25 * 1024);
    for (const page of ["model.md", "parameters.md", "calibration.md", "checks.md", "bounds.md", "api.md"]) expect(readme).toContain(`docs/${page}`);
  });
});
