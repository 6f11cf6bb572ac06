import { describe, expect, test } from "vitest";
import { cli } from "./helpers/cli.js";

// The demo and the README numbers it must agree with (slow tier: npm run test:slow).
describe("CLI: demo (what npm start runs)", () => {
  test("runs the calibrated model on MP-1 three ways and forecasts Phase 3; the README quotes its numbers", async () => {
    const { readFileSync } = await import("node:fs");
    const { ROOT } = await import("./helpers/cli.js");
    const r = await cli("demo");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/not medical advice/);
    expect(r.out).toMatch(/assurance over the Phase 2 uncertainty/);
    const typical = /^mdma\s+\S+\s+\S+\s+(\S+)/m.exec(r.out)![1]!;
    const typicalPlacebo = /^placebo\s+\S+\s+\S+\s+(\S+)/m.exec(r.out)![1]!;
    const replicated = /--replicate\): responders (\S+) vs (\S+),/.exec(r.out)!;
    const readme = readFileSync(`${ROOT}README.md`, "utf8").replace(/\s+/g, " ");
    expect(readme).toContain(`give ${replicated[1]} vs ${replicated[2]} responders at the primary visit`);
    expect(readme).toContain(`gives ${typical} vs ${typicalPlacebo} for the same design`);
  }, 120_000);
});
