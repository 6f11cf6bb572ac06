import { afterAll, describe, expect, test } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, ROOT } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "mdma-cli-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mdma-trial-sim report", () => {
  test("power: writes one HTML file with the chart as inline SVG and says so", async () => {
    const out = join(dir, "power.html");
    const r = await cli("report", "power", "--preset", "mp1", "--n", "4,8", "--trials", "10", "--seed", "3", "--out", out);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^wrote .*power\.html \([\d.]+ KB\): power report/);
    const html = readFileSync(out, "utf8");
    expect(html.match(/<figure class="chart"[^>]*>\s*<svg/g)).toHaveLength(1);
    expect(html).toMatch(/<code>mdma-trial-sim report power --preset mp1 (?=.*--n 4,8)(?=.*--seed 3)(?=.*--trials 10)[^<]*<\/code>/);
    expect(html).not.toMatch(/<script/i);
  });

  test("the same options give the same file apart from the date", async () => {
    const a = join(dir, "a.html");
    const b = join(dir, "b.html");
    for (const out of [a, b]) expect((await cli("report", "power", "--preset", "mp1", "--n", "4", "--trials", "5", "--out", out)).code).toBe(0);
    const strip = (f: string) => readFileSync(f, "utf8").replace(/<th scope="row">made on<\/th><td><code>[^<]*<\/code>/, "");
    expect(strip(a)).toBe(strip(b));
  });

  test("check needs its file; an unknown kind or extra argument is a usage error (exit 2)", async () => {
    expect((await cli("report", "check", "--out", join(dir, "x.html"))).code).toBe(2);
    const unknown = await cli("report", "histogram", "--preset", "mp1");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("simulate, forecast, power, check");
    expect((await cli("report", "simulate", "extra.json", "--preset", "mp1")).code).toBe(2);
    expect(existsSync(join(dir, "x.html"))).toBe(false);
  });

  test("the kind follows from the options as for the matching command: --n list, --predictive, a .json file", async () => {
    const power = join(dir, "inferred-power.html");
    expect((await cli("report", "--preset", "mp1", "--n", "4,6", "--trials", "4", "--out", power)).out).toContain("power report");
    const sim = join(dir, "inferred-sim.html");
    expect((await cli("report", "--preset", "mp1", "--n", "4", "--trials", "4", "--out", sim)).out).toContain("trials report");
    expect(readFileSync(sim, "utf8")).toContain("Simulated trials: MP-1");
  });

  test("check: a report of examples/checks/mp1.json without simulation", async () => {
    const out = join(dir, "check.html");
    const r = await cli("report", join(ROOT, "examples", "checks", "mp1.json"), "--no-simulation", "--out", out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("Check of a published result");
  });
});
