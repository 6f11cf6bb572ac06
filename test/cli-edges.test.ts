/**
 * Issue 12 through the command line: bad flags exit 2 with one clear message (no wall of help,
 * no "argument is ambiguous"), limits come from the library, workers are bounded by the cores,
 * and Ctrl-C (SIGINT) on a long run prints the partial result with aborted: true and exits 130.
 */
import { describe, expect, test } from "vitest";
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { cli, DIST_CLI, ROOT } from "./helpers/cli.js";

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
  test("--workers is at most the machine's cores unless --force-workers", async () => {
    const cores = availableParallelism();
    const over = await cli("simulate", "--preset", "mp1", "--trials", "2", "--workers", String(cores + 1));
    expect(over.code).toBe(2);
    expect(over.err).toMatch(new RegExp(`--workers must be at most ${cores}, the cores this machine has .*--force-workers`));
    expect((await cli("simulate", "--preset", "mp1", "--trials", "2", "--workers", "257", "--force-workers")).code).toBe(2);
  });
});

/** Run the built CLI, wait for its first progress line, send SIGINT; resolve with what it printed and its exit code. */
function interrupted(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST_CLI, ...args, "--progress"], { cwd: ROOT });
    let out = "";
    let err = "";
    let sent = false;
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      if (!sent && /trials \(\d+%\)/.test(err)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

describe("Ctrl-C prints the partial result with aborted: true and exits 130 (the built CLI)", () => {
  test("simulate", async () => {
    const r = await interrupted(["simulate", "--preset", "mp1", "--trials", "100000", "--chunk-size", "10"]);
    expect(r.code).toBe(130);
    const run = JSON.parse(r.out);
    expect(run.provenance.aborted).toBe(true);
    expect(run.provenance.trialsCompleted).toBeGreaterThan(0);
    expect(run.provenance.trialsCompleted).toBeLessThan(100_000);
    expect(run.summary.trials).toBe(run.provenance.trialsCompleted);
    expect(r.err).toMatch(/interrupted: stopping at the next chunk/);
  }, 30_000);
  test("power (a curve keeps the points finished)", async () => {
    const r = await interrupted(["power", "--preset", "mp1", "--n", "4,6,8", "--trials", "50000", "--chunk-size", "10", "--format", "json"]);
    expect(r.code).toBe(130);
    const curve = JSON.parse(r.out);
    expect(curve.provenance).toMatchObject({ aborted: true, trialsPerPoint: 50_000 });
    expect(curve.points.length).toBeGreaterThanOrEqual(1);
    expect(curve.points[0].power.trials).toBe(curve.provenance.trialsCompleted);
  }, 30_000);
  test("a forecast (simulate --predictive) on 2 workers", async () => {
    const r = await interrupted(["simulate", "--preset", "mp1", "--predictive", "--trials", "100000", "--chunk-size", "10", "--workers", String(Math.min(2, availableParallelism()))]);
    expect(r.code).toBe(130);
    const f = JSON.parse(r.out);
    expect(f.point.provenance.aborted).toBe(true);
    // The predictive run never started: no trials, and a power of null with its reason, not NaN.
    expect(f.predictive.provenance.trialsCompleted).toBe(0);
    expect(f.assurance.estimate).toBeNull();
    expect(f.assurance.reason).toMatch(/no trial was completed/);
  }, 30_000);
  test("check prints its report from the trials completed", async () => {
    const r = await interrupted(["check", "examples/checks/mp1.json", "--trials", "40000", "--format", "json"]);
    expect(r.code).toBe(130);
    expect(JSON.parse(r.out).checks.length).toBeGreaterThan(0);
    expect(r.err).toMatch(/check: interrupted/);
  }, 30_000);
});
