/**
 * Issue 12 through the command line: bad flags exit 2 with one clear message (no wall of help,
 * no "argument is ambiguous"), limits come from the library, workers are bounded by the cores,
 * and Ctrl-C (SIGINT) on a long run prints the partial result with aborted: true and exits 130
 * (that part runs the built CLI as four processes, each until its first progress line: it is in
 * the slow tier, test/cli-interrupt.slow.test.ts).
 */
import { describe, expect, test } from "vitest";
import { availableParallelism } from "node:os";
import { cli } from "./helpers/cli.js";

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe("bad flags: exit 2 and a short message naming the flag or field", () => {
  test.each([
    [["simulate", "--preset", "mp1", "--trials", "-1"], /trials: must be a whole number from 1 to 100,000,000/],
    [["simulate", "--preset", "mp1", "--trials", "1.5"], /--trials must be an integer, got '1\.5'/],
    [["simulate", "--preset", "mp1", "--chunk-size", "0"], /chunkSize: must be a whole number from 1/],
    [["simulate", "--preset", "mp1", "--chunk-size", "NaN"], /--chunk-size must be an integer, got 'NaN'/],
    [["simulate", "--preset", "mp1", "--n", "99999999999"], /n\.perArm\.mdma: must be at most 5000/],
    [["power", "--preset", "mp1", "--n", "99999999999"], /grid\[0\]: must be a whole number from 2 to 5000/],
    [["power", "--preset", "mp1", "--target-power", "0.8", "--n-min", "100", "--n-max", "2"], /nMax: must be at least nMin \(100\)/],
    [["power", "--preset", "mp1", "--target-power", "1.5"], /targetPower: must lie strictly between 0 and 1/],
    [["simulate", "--preset", "mp1", "--analysis", "gee"], /--analysis must be one of welch, student, ancova, fisher, mmrm/],
    [["simulate", "--preset", "mp1", "--estimand", "itt"], /--estimand must be one of completers, treatment-policy/],
    [["simulate", "--preset", "mp1", "--plot", "x.png"], /--plot writes SVG/],
    [["session", "--preset", "mp1", "--dose", "500"], /dosing\.initialMg: must lie between 0 and 187\.5 mg/],
    [["session", "--preset", "mp1", "--dose", "125", "--supplement", "62.5", "--supplement-at", "9"], /dosing\.supplemental\.offeredAtH: must lie between 0 and 8/],
    [["simulate", "--preset", "mp1", "--bogus"], /Unknown option '--bogus'/],
  ])("%j", async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/ambiguous/);
    expect(r.err.split("\n").filter(Boolean).length).toBeLessThanOrEqual(4);
    noStackTrace(r.err);
  });
  test("--plot FILE.svg writes the command's chart as an SVG with drawn marks", async () => {
    const { mkdtempSync, readFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const svg = join(mkdtempSync(join(tmpdir(), "mdma-plot-")), "power.svg");
    const r = await cli("power", "--preset", "mp1", "--n", "4,8", "--trials", "6", "--plot", svg);
    expect(r.code).toBe(0);
    const text = readFileSync(svg, "utf8");
    expect(text).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(text).toMatch(/<path[^>]* d="M/);
    expect(text).toContain("n per arm");
  });
  test("--workers is at most the machine's cores unless --force-workers", async () => {
    const cores = availableParallelism();
    const over = await cli("simulate", "--preset", "mp1", "--trials", "2", "--workers", String(cores + 1));
    expect(over.code).toBe(2);
    expect(over.err).toMatch(new RegExp(`--workers must be at most ${cores}, the cores this machine has .*--force-workers`));
    expect((await cli("simulate", "--preset", "mp1", "--trials", "2", "--workers", "257", "--force-workers")).code).toBe(2);
  });
});
