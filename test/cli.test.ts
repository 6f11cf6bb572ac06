import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, builtCli } from "./helpers/cli.js";
import { COMMANDS } from "../src/cli/main.js";
import { parseProtocol } from "../src/engine.js";

const tmp = mkdtempSync(join(tmpdir(), "mdma-trial-sim-"));
const write = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};
const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe("CLI: presets and protocols", () => {
  test("presets lists the six presets", async () => {
    const r = await cli("presets");
    expect(r.code).toBe(0);
    expect(r.out.split("\n").filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(["sessa2016", "mp1", "mp2", "mp8", "mp12", "phase3"]);
    const json = JSON.parse((await cli("presets", "--format", "json")).out);
    expect(json.map((p: { id: string }) => p.id)).toContain("mp12");
  });

  test("protocol show prints JSON that validates", async () => {
    for (const id of ["sessa2016", "mp1", "mp2", "mp8", "mp12", "phase3"]) {
      const r = await cli("protocol", "show", id);
      expect(r.code).toBe(0);
      expect(() => parseProtocol(JSON.parse(r.out))).not.toThrow();
      const v = await cli("protocol", "validate", write(`${id}.json`, r.out));
      expect([v.code, v.out]).toEqual([0, "valid\n"]);
    }
  });

  test("protocol validate rejects 60 + 90 mg with sessions 10 days apart, naming both problems (exit 2)", async () => {
    const r = await cli("protocol", "validate", "examples/protocols/invalid-60-plus-90mg-10-days-apart.json");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("arms[0].sessions[0].supplemental.mg: a supplemental dose (90 mg) must not exceed the initial dose (60 mg) [supplemental-not-above-initial]");
    expect(r.err).toContain("schedule.experimental[1].day: drug sessions must be at least 3 weeks (21 days) apart; this one is 10 days after the previous one [drug-session-spacing]");
    expect(r.err).toMatch(/2 problems/);
    noStackTrace(r.err);
  });

  test("bad files exit 2 with a message, never a stack trace", async () => {
    const broken = await cli("protocol", "validate", write("broken.json", "{ \"id\": "));
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/not valid JSON/);
    noStackTrace(broken.err);
    const missing = await cli("protocol", "validate", join(tmp, "nope.json"));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/\(file\): does not exist/);
    const array = await cli("protocol", "validate", write("array.json", "[1, 2]"));
    expect(array.code).toBe(2);
    expect(array.err).toMatch(/\(root\): must be an object/);
  });

  test("protocol timeline accepts a preset or a file", async () => {
    const a = await cli("protocol", "timeline", "mp2");
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/Drug session 3 \(8 h\)/);
    const b = await cli("protocol", "timeline", "examples/protocols/mp1-three-sessions.json");
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/MP-1 with a third drug session/);
  });

  test("protocol schema prints a JSON Schema", async () => {
    const r = await cli("protocol", "schema");
    const schema = JSON.parse(r.out);
    expect(schema.type).toBe("object");
    expect(schema.required).toContain("arms");
    expect(schema.additionalProperties).toBe(false);
  });
});

describe("CLI: usage", () => {
  test.each(COMMANDS.map((c) => c.path.join(" ")))("'%s --help' prints usage and exits 0", async (path) => {
    const r = await cli(...path.split(" "), "--help");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: mdma-trial-sim ${path}`));
  });
  test("global help and version", async () => {
    expect((await cli("--help")).out).toMatch(/research and teaching only/);
    expect((await cli()).code).toBe(0);
    expect((await cli("--version")).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
  test("usage errors exit 2", async () => {
    for (const argv of [["frobnicate"], ["protocol", "show", "mp99"], ["protocol", "show"], ["presets", "--bogus"], ["protocol", "validate", "a.json", "b.json"], ["protocol"]]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      noStackTrace(r.err);
    }
  });
});

describe("the built CLI", () => {
  test("runs as a program and exits with the right codes", () => {
    const ok = builtCli(["presets"]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^sessa2016/);
    const bad = builtCli(["protocol", "validate", "examples/protocols/invalid-60-plus-90mg-10-days-apart.json"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/supplemental-not-above-initial/);
    expect(bad.err).toMatch(/drug-session-spacing/);
  });
});

describe("CLI: participants and sessions", () => {
  test("session --dose 125 gives a single dose, with samples, readings and events in JSON", async () => {
    const r = await cli("session", "--preset", "mp1", "--seed", "3", "--dose", "125");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.sessions).toHaveLength(2);
    for (const s of json.sessions) {
      expect(s.doses).toEqual([{ timeH: 0, mg: 125, given: true, kind: "initial" }]);
      expect(s.samples.length).toBeGreaterThan(90);
      expect(Object.keys(s.samples[0]).sort()).toEqual(["concentrationNgPerMl", "diastolicMmHg", "heartRateBpm", "systolicMmHg", "temperatureC", "timeH"]);
      expect(s.readings.length).toBeGreaterThanOrEqual(20);
      expect(s.events[0].type).toBe("pre-session-checks");
    }
  });
  test("session --supplement needs --supplement-at, and offers the dose at that hour", async () => {
    expect((await cli("session", "--preset", "mp1", "--dose", "125", "--supplement", "62.5")).code).toBe(2);
    const r = await cli("session", "--preset", "mp1", "--seed", "3", "--dose", "125", "--supplement", "62.5", "--supplement-at", "2");
    const doses = JSON.parse(r.out).sessions[0].doses;
    expect(doses[1]).toMatchObject({ timeH: 2, mg: 62.5 });
  });
  test("session output formats", async () => {
    const c = await cli("session", "--preset", "mp8", "--arm", "mdma-75", "--format", "csv");
    expect(c.out.split("\n")[0]).toBe("session,type,timeH,concentrationNgPerMl,systolicMmHg,diastolicMmHg,heartRateBpm,temperatureC,cause");
    const t = await cli("session", "--preset", "mp8", "--arm", "mdma-75", "--format", "table");
    expect(t.out).toMatch(/Drug session 1 \(day 21\): 75 mg at 0 h/);
  });
  test("participant prints the whole timeline, replayable from the seed", async () => {
    const a = await cli("participant", "--preset", "mp2", "--seed", "11", "--participant", "4");
    const b = await cli("participant", "--preset", "mp2", "--seed", "11", "--participant", "4");
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const json = JSON.parse(a.out);
    expect(json.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(["screening", "randomized", "assessment", "preparatory-session", "drug-session", "dose", "reading", "integration-session"]));
    expect((await cli("participant", "--preset", "mp2", "--seed", "11", "--format", "table")).out).toMatch(/Screened \d+ candidate/);
  });
  test("params prints the table with sources; bad overrides exit 2 listing each", async () => {
    const r = await cli("params");
    expect(r.out).toMatch(/pk\.volumeL\s+442\.9\s+L\s+derived/);
    const md = await cli("params", "--format", "markdown");
    expect(md.out.split("\n")[0]).toBe("| parameter | value | unit | status | meaning | source |");
    const bad = write("bad-params.json", JSON.stringify({ "pk.volumeL": -1, nonsense: 1 }));
    const e = await cli("params", "--parameters", bad);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/"pk.volumeL": must lie between 50 and 2000 L \[range\]/);
    expect(e.err).toMatch(/"nonsense": is not a model parameter/);
  });
  test("bad session options exit 2", async () => {
    for (const argv of [["session"], ["session", "--preset", "mp1", "--dose", "500"], ["session", "--preset", "mp1", "--dose", "abc"], ["session", "--preset", "mp1", "--arm", "nobody"], ["participant", "--preset", "mp1", "--trial", "-1"]]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      noStackTrace(r.err);
    }
  });
});


test("calibrate's progress line: the time since the start, the step, and the time left in its stage until its last step", async () => {
  const { calibrationProgressText } = await import("../src/cli/commands/calibrate.js");
  expect(calibrationProgressText("chain all 2", 1, 20, { elapsedSeconds: 29.4, stageSecondsLeft: 190 })).toBe("[29 s] chain all 2 (1/20, about 3 min 10 s left in this stage)");
  expect(calibrationProgressText("chain all 1", 20, 20, { elapsedSeconds: 61, stageSecondsLeft: 0 })).toBe("[61 s] chain all 1 (20/20)");
  expect(calibrationProgressText("fit table: mp1", 1, 4, { elapsedSeconds: 1, stageSecondsLeft: null })).toBe("[1 s] fit table: mp1 (1/4)");
});

describe("calibrate --write and --check: where the files go", () => {
  test("by default the shipped places; with --out DIR both files in DIR and nowhere else", async () => {
    const { calibrationPaths } = await import("../src/cli/commands/calibrate.js");
    expect(calibrationPaths(undefined)).toEqual({ calibration: join("src", "calibration", "default-calibration.json"), medians: join("src", "params", "calibrated.json") });
    const dir = join(tmpdir(), "my-calibration");
    expect(calibrationPaths(dir)).toEqual({ calibration: join(dir, "default-calibration.json"), medians: join(dir, "calibrated.json") });
  });
});
