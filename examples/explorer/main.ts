/**
 * The explorer page: controls bound to the state, the state kept in the URL, the simulation in
 * Web Workers (started from a blob: URL, so a double-clicked file works), and the library's
 * Vega-Lite charts drawn with vega (bundled; nothing is fetched).
 */
import * as vega from "vega";
import { compile } from "vega-lite";
import type { ChartSpec } from "../../src/charts/spec.js";
import { PRESET_INFO } from "../../src/protocol/presets.js";
import { ValidationError } from "../../src/errors.js";
import { formatNumber } from "../../src/format.js";
import { DEFAULT_STATE, parseState, presetCopy, stateToSearch, type ExplorerState } from "./state.js";
import { editedProtocolInput, sessionCount, treatmentArm } from "./edit.js";
import { curveCharts, jobPlan, protocolFor, type JobResult } from "./compute.js";
import type { WorkerMessage, WorkerRequest } from "./worker.js";
import { bindControls, showControls, type PresetValues } from "./controls.js";
import { WorkerPool } from "./pool.js";

declare const WORKER_SOURCE: string;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

let state: ExplorerState = parseState(location.search);
let runId = 0;
let startedAt = 0;
let totalJobs = 0;
let results: JobResult[] = [];
const views = new Map<string, vega.View>();

/** A loader that refuses every request: charts carry their data inline. */
const refuse = () => Promise.reject(new Error("the explorer loads nothing"));
const offline = { ...vega.loader(), load: refuse, sanitize: refuse };

/** Draw a library chart spec into the element with this id (replacing what was there). */
async function draw(id: string, spec: ChartSpec): Promise<void> {
  views.get(id)?.finalize();
  const container = $(id);
  const view = new vega.View(vega.parse(compile(spec as never).spec), { renderer: "svg", container, hover: true, loader: offline as never });
  views.set(id, view);
  await view.runAsync();
  container.dataset.drawn = String(Number(container.dataset.drawn ?? "0") + 1);
  container.dataset.runId = String(runId);
}

function showStatus(text: string, error = false): void {
  const el = $("status");
  el.textContent = text;
  el.classList.toggle("error", error);
}

/** "0.34 ± 0.033" with the full-precision numbers (and the n and trials they are for) in data attributes. */
function showEstimate(id: string, p: { estimate: number | null; mcse: number | null; trials: number }, nPerArm: number): void {
  const el = $(id);
  // An estimate from no trials is null (a run stopped before its first chunk).
  el.textContent = p.estimate === null || p.mcse === null ? "n/a" : `${formatNumber(p.estimate)} ± ${formatNumber(p.mcse)}`;
  el.title = `Monte Carlo standard error ${p.mcse}; ${p.trials} simulated trials`;
  Object.assign(el.dataset, { value: String(p.estimate), mcse: String(p.mcse), trials: String(p.trials), n: String(nPerArm), runId: String(runId) });
  $(`${id}-trials`).textContent = `${p.trials} trials at ${nPerArm} per arm`;
}

/** The best result at each n (most trials), sorted by n. */
function bestByN(all: readonly JobResult[]): JobResult[] {
  const best = new Map<number, JobResult>();
  for (const r of all) if ((best.get(r.nPerArm)?.trials ?? 0) < r.trials) best.set(r.nPerArm, r);
  return [...best.values()].sort((a, b) => a.nPerArm - b.nPerArm);
}

async function onResult(msg: Extract<WorkerMessage, { type: "result" }>): Promise<void> {
  const r = msg.result;
  results.push(r);
  if (r.chosen) showEstimate("assurance", r.assurance, r.nPerArm);
  const finished = results.length === totalJobs;
  showStatus(finished ? `Done after ${formatNumber((performance.now() - startedAt) / 1000)} s: every point at its final number of trials.` : `Refining: ${results.length} of ${totalJobs} runs done (last: n = ${r.nPerArm} per arm, ${r.trials} trials)…`);
  const curves = curveCharts(bestByN(results), state.seed);
  await Promise.all([draw("chart-power", curves.power), draw("chart-assurance", curves.assurance), ...(msg.chosen ? [draw("chart-effect", msg.chosen.effect), draw("chart-trajectories", msg.chosen.trajectories)] : [])]);
  if (finished) document.body.dataset.done = String(msg.runId);
}

async function onWorkerMessage(msg: WorkerMessage): Promise<void> {
  if (msg.runId !== runId) return;
  if (msg.type === "invalid") showStatus(msg.message, true);
  else if (msg.type === "session") await draw("chart-session", msg.spec);
  else if (msg.type === "point" && msg.job.chosen) {
    showEstimate("power", msg.power, msg.job.nPerArm);
    if (!document.body.dataset.firstMs) {
      document.body.dataset.firstMs = String(Math.round(performance.now() - startedAt));
      document.body.dataset.firstRunMs = String(Math.round(msg.elapsedMs));
      $("first-ms").textContent = `first estimate after ${document.body.dataset.firstMs} ms`;
    }
  } else if (msg.type === "result") await onResult(msg);
}

const pool = new WorkerPool(WORKER_SOURCE, Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)), (msg) => void onWorkerMessage(msg), (text) => showStatus(`The simulation stopped: ${text}`, true));

/** The values the controls show when the state keeps the preset's own. */
function presetValues(s: ExplorerState): PresetValues {
  const p = presetCopy(s.preset) as unknown as Parameters<typeof treatmentArm>[0];
  const first = treatmentArm(p).sessions[0]!;
  const blinding = (editedProtocolInput({ ...DEFAULT_STATE, preset: s.preset }).blinding ?? {}) as { placebo?: string; outcomeRater?: string };
  const control = p.arms.find((a) => a.id === p.controlArmId)!;
  const inferred = control.activeComparator ? "active-comparator" : control.sessions.some((x) => x.initialMg > 0) ? "low-dose-mdma" : "inactive";
  return { doseMg: first.initialMg, supplementalMg: first.supplemental?.mg ?? 0, sessions: sessionCount(p), placebo: blinding.placebo ?? inferred, outcomeRater: blinding.outcomeRater ?? "independent" };
}

/** The requests of a run: the first estimate, the session chart, then the rest of the plan. */
function requestsFor(s: ExplorerState): WorkerRequest[] | string {
  try {
    const jobs = jobPlan(s, protocolFor(s));
    totalJobs = jobs.length;
    const job = (j: (typeof jobs)[number]): WorkerRequest => ({ type: "job", runId, state: s, job: j });
    return [job(jobs[0]!), { type: "session", runId, state: s }, ...jobs.slice(1).map(job)];
  } catch (err) {
    return err instanceof ValidationError ? err.message : String(err);
  }
}

/** Apply a new state: URL, controls, and a new run (which drops the old one). */
function setState(next: ExplorerState): void {
  state = next;
  const search = stateToSearch(state);
  try {
    history.replaceState(null, "", search);
  } catch {
    // A browser may refuse to change a file:// URL; the link below carries the state anyway.
  }
  ($("permalink") as HTMLAnchorElement).href = search;
  showControls(state, presetValues(state));
  runId += 1;
  results = [];
  startedAt = performance.now();
  for (const key of ["firstMs", "done"]) delete document.body.dataset[key];
  document.body.dataset.runId = String(runId);
  $("seed-shown").textContent = String(state.seed);
  const requests = requestsFor(state);
  if (typeof requests === "string") {
    pool.run([]);
    showStatus(requests, true);
    return;
  }
  $("protocol-title").textContent = protocolFor(state).title;
  showStatus(`Simulating on ${pool.size} worker${pool.size === 1 ? "" : "s"}: first estimate…`);
  pool.run(requests);
}

function init(): void {
  // Nothing submits the form: Enter in a number field would otherwise reload the page.
  $("controls").addEventListener("submit", (event) => event.preventDefault());
  const select = $<HTMLSelectElement>("preset");
  for (const p of PRESET_INFO) select.add(new Option(`${p.id}: ${p.description}`, p.id));
  bindControls(() => state, setState);
  setState(state);
}

init();
