import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { ROOT } from "./helpers/cli.js";

// The generated reference pages (docs/parameters.md, bounds.md, calibration.md, checks.md, api.md)
// are held to the code: regenerating them from the built package changes nothing.
describe("docs", () => {
  test("the generated pages in docs/ are current (node scripts/build-docs.mjs --check)", () => {
    const r = spawnSync(process.execPath, [`${ROOT}scripts/build-docs.mjs`, "--check"], { encoding: "utf8", cwd: ROOT });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
