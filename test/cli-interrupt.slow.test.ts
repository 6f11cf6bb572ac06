/**
 * Ctrl-C (SIGINT) on a long run of the built CLI prints the partial result with aborted: true and
 * exits 130 (issue 12); a calibration, which has no partial result, says which step it reached,
 * prints and writes nothing, and exits 130 (issue 14). Slow tier (issue 11 item 4): each case is
 * a process of its own that runs until its first progress line; the in-process interruption (an
 * AbortSignal through runCli) is checked in the fast tier by test/cli-corpus.test.ts,
 * test/trial/run-options.test.ts, test/check-progress.test.ts and test/calibration/abort.test.ts.
 */
import { describe, expect, test } from "vitest";
import { spawn } from "node:child_process";
import { availableParallelism, tmpdir } from "node:os";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DIST_CLI, ROOT } from "./helpers/cli.js";

/**
 * Run the built CLI, wait for its first progress line (or what `ready` matches on stderr), send
 * SIGINT; resolve with what it printed and its exit code. Runs of trials get --progress (their
 * progress lines when stderr is not a terminal); calibrate reports its steps anyway.
 */
function interrupted(args: string[], ready = /trials \(\d+%\)/): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST_CLI, ...args, ...(args[0] === "calibrate" ? [] : ["--progress"])], { cwd: ROOT });
    let out = "";
    let err = "";
    let sent = false;
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      if (!sent && ready.test(err)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

describe("Ctrl-C prints the partial result with aborted: true (a calibration: nothing) and exits 130 (the built CLI)", () => {
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
  test("power (a nested curve keeps every point, each with the trials finished)", async () => {
    const r = await interrupted(["power", "--preset", "mp1", "--n", "4,6,8", "--trials", "50000", "--chunk-size", "10", "--format", "json"]);
    expect(r.code).toBe(130);
    const curve = JSON.parse(r.out);
    expect(curve.provenance).toMatchObject({ aborted: true, trialsPerPoint: 50_000 });
    const done = curve.points[0].power.trials;
    expect(done).toBeGreaterThan(0);
    expect(curve.points.map((p: { power: { trials: number } }) => p.power.trials)).toEqual([done, done, done]);
    expect(curve.provenance.trialsCompleted).toBe(3 * done);
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
    expect(r.err).toMatch(/check: Interrupted: the comparison with simulated trials uses only the trials completed \(\d+ of 40000 forecast trials/);
  }, 30_000);
  test("calibrate --quick on workers stops at once, says which step it reached, prints nothing", async () => {
    // SIGINT while the workers run the refinement batch (8 chains on 2 workers).
    const r = await interrupted(["calibrate", "--quick", "--workers", "2"], /chain refine \d \(\d\/8/);
    expect(r.code).toBe(130);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/calibrate: calibration interrupted after chain refine \d \(\d\/8\): no result, as a posterior from chains cut short would be misleading; nothing printed or written\n$/);
  }, 120_000);
  test("calibrate --write --out DIR writes nothing when interrupted", async () => {
    const out = mkdtempSync(join(tmpdir(), "mdma-calibrate-interrupted-"));
    try {
      const r = await interrupted(["calibrate", "--write", "--out", out, "--workers", "2"], /prepared the replicate trials/);
      expect(r.code).toBe(130);
      expect(r.err).toMatch(/calibration interrupted after prepared the replicate trials \(1\/1\)|calibration interrupted after chain pilot/);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
