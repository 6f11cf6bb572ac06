/**
 * A thin CLI (issue 10 item 5): every JSON the CLI prints is the library result's own
 * serialization, so the same run gives the same text from the CLI and the API, and the same
 * designHash however the design is written. The expected texts come from the library calls,
 * not from the CLI.
 */
import { describe, expect, test } from "vitest";
import { cli } from "./helpers/cli.js";
import { jsonText } from "../src/cli/framework.js";
import { preset, simulateTrials, simulateParticipant, forecastTrial, checkPublished, defaultCalibration, replicationDraws, hashJson, resolveDesign } from "../src/engine.js";
import { powerCurve, sampleSizeSearch } from "../src/trial/power-search.js";
import { simulateDrugSessions } from "../src/outcomes/participant.js";
import { readJsonFile } from "../src/node/files.js";

const mp1 = preset("mp1");

describe("the CLI prints the library's results as they serialize", () => {
  test("simulate --format json is simulateTrials' TrialsRun, byte for byte", async () => {
    const api = await simulateTrials({ protocol: mp1, seed: 4, design: { n: { perArm: { mdma: 9, placebo: 6 } }, primaryAnalysis: "ancova", estimand: "treatment-policy" } }, { trials: 60, keepRows: false, chunkSize: 20 });
    const r = await cli("simulate", "--preset", "mp1", "--seed", "4", "--n", "mdma=9,placebo=6", "--analysis", "ancova", "--estimand", "treatment-policy", "--trials", "60", "--chunk-size", "20");
    expect(r.code).toBe(0);
    expect(r.out).toBe(jsonText(api));
    expect(JSON.parse(r.out).summary.power.estimate).toBe(api.summary.power.estimate);
  });
  test("simulate --replicate is the run with the trial's own draws", async () => {
    const api = await simulateTrials({ protocol: mp1, seed: 2, design: {}, predictive: replicationDraws("mp1", await defaultCalibration()) }, { trials: 20, keepRows: false });
    expect((await cli("simulate", "--preset", "mp1", "--seed", "2", "--replicate", "--trials", "20")).out).toBe(jsonText(api));
  });
  test("simulate --predictive is forecastTrial's ForecastResult", async () => {
    const api = await forecastTrial({ protocol: mp1, seed: 3, design: {} }, { trials: 20, keepRows: false });
    expect((await cli("simulate", "--preset", "mp1", "--seed", "3", "--predictive", "--trials", "20")).out).toBe(jsonText(api));
  });
  test("power --format json is powerCurve's PowerCurveResult, and a search's SampleSizeResult", async () => {
    const curve = await powerCurve(simulateTrials, { protocol: mp1, seed: 1, design: {} }, [4, 8], { trials: 20 });
    expect(curve.provenance).toMatchObject({ protocolId: "mp1", trialsPerPoint: 20, trialsCompleted: 40, aborted: false });
    expect((await cli("power", "--preset", "mp1", "--n", "4,8", "--trials", "20", "--format", "json")).out).toBe(jsonText(curve));
    const search = await sampleSizeSearch(simulateTrials, { protocol: mp1, seed: 1, design: {} }, { targetPower: 0.5, trials: 20, nMin: 4, nMax: 16 });
    expect(search.provenance.trialsPerPoint).toBe(20);
    expect((await cli("power", "--preset", "mp1", "--target-power", "0.5", "--n-min", "4", "--n-max", "16", "--trials", "20", "--format", "json")).out).toBe(jsonText(search));
  });
  test("session is simulateDrugSessions' result, the dosing replaced by the library", async () => {
    const api = simulateDrugSessions({ protocol: mp1, seed: 3, dosing: { initialMg: 125, supplemental: { mg: 62.5, offeredAtH: 2 } } });
    expect(api.sessions.every((s) => s.doses.some((d) => d.kind === "supplemental" && d.timeH === 2))).toBe(true);
    expect((await cli("session", "--preset", "mp1", "--seed", "3", "--dose", "125", "--supplement", "62.5", "--supplement-at", "2")).out).toBe(jsonText(api));
  });
  test("participant is simulateParticipant's result", async () => {
    const api = simulateParticipant({ protocol: preset("mp2"), seed: 11, participant: 4 });
    expect((await cli("participant", "--preset", "mp2", "--seed", "11", "--participant", "4")).out).toBe(jsonText(api));
  });
  test("check --format json is checkPublished's report", async () => {
    const api = await checkPublished(readJsonFile("examples/checks/mp2.json"), { simulate: false });
    expect((await cli("check", "examples/checks/mp2.json", "--no-simulation", "--format", "json")).out).toBe(jsonText(api));
  });
});

describe("designHash is the hash of the resolved design", () => {
  const hashOf = async (...args: string[]) => JSON.parse((await cli("simulate", "--preset", "mp1", "--trials", "1", ...args)).out).provenance.designHash as string;
  test("equal designs hash the same however written, in the CLI and the API", async () => {
    const planned = await hashOf();
    expect(await hashOf("--n", "10")).toBe(planned); // 10 per arm in 3:2 is 12 and 8, as planned
    expect(await hashOf("--n", "mdma=12,placebo=8")).toBe(planned);
    expect(await hashOf("--n-total", "20")).toBe(planned);
    expect(await hashOf("--analysis", "welch", "--alpha", "0.05", "--randomization", "fixed")).toBe(planned);
    const api = await simulateTrials({ protocol: mp1, seed: 9, design: { n: { total: 20 }, alpha: 0.05 } }, { trials: 1 });
    expect(api.provenance.designHash).toBe(planned);
    expect(planned).toBe(hashJson(resolveDesign(mp1, {})));
  });
  test("different designs hash differently", async () => {
    const planned = await hashOf();
    for (const args of [["--analysis", "mmrm"], ["--estimand", "treatment-policy"], ["--n", "11"], ["--alpha", "0.01"]]) expect(await hashOf(...args), args.join(" ")).not.toBe(planned);
  });
});
