/**
 * The explorer's Web Worker: runs one job at a time (a forecast at one n and number of trials)
 * and posts what it finds as it comes: the power at the point estimate first, then the whole
 * result with the library's chart specs. The page stops a worker whose job is out of date by
 * terminating it, so a worker never needs to abort.
 */
import { ValidationError } from "../../src/errors.js";
import type { ChartSpec } from "../../src/charts/spec.js";
import type { ProportionEstimate } from "../../src/analysis/intervals.js";
import type { ExplorerState } from "./state.js";
import { chosenCharts, jobResult, participantChart, protocolFor, runJob, type Job, type JobResult } from "./compute.js";

/** What the page sends: a job of a run (runId tells runs apart), or a request for the session chart. */
export type WorkerRequest =
  | { readonly type: "job"; readonly runId: number; readonly state: ExplorerState; readonly job: Job }
  | { readonly type: "session"; readonly runId: number; readonly state: ExplorerState };

/** What the worker posts back. */
export type WorkerMessage =
  | { readonly type: "point"; readonly runId: number; readonly job: Job; readonly power: ProportionEstimate; readonly elapsedMs: number }
  | { readonly type: "result"; readonly runId: number; readonly result: JobResult; readonly elapsedMs: number; readonly chosen?: { effect: ChartSpec; trajectories: ChartSpec } }
  | { readonly type: "session"; readonly runId: number; readonly spec: ChartSpec }
  | { readonly type: "invalid"; readonly runId: number; readonly message: string };

interface WorkerScope {
  onmessage: ((event: { data: WorkerRequest }) => void) | null;
  postMessage(message: WorkerMessage): void;
}
const scope = globalThis as unknown as WorkerScope;

/** Plain data only (chart specs carry display hooks as symbol-keyed functions). */
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

async function handle(request: WorkerRequest): Promise<void> {
  const started = performance.now();
  const { runId, state } = request;
  const protocol = protocolFor(state);
  if (request.type === "session") {
    scope.postMessage({ type: "session", runId, spec: plain(participantChart(state, protocol)) });
    return;
  }
  const job = request.job;
  const forecast = await runJob(state, protocol, job, (power) => scope.postMessage({ type: "point", runId, job, power, elapsedMs: performance.now() - started }));
  const charts = job.chosen ? { chosen: plain(chosenCharts(forecast)) } : {};
  scope.postMessage({ type: "result", runId, result: jobResult(job, forecast), elapsedMs: performance.now() - started, ...charts });
}

scope.onmessage = (event) => {
  handle(event.data).catch((err: unknown) => scope.postMessage({ type: "invalid", runId: event.data.runId, message: err instanceof ValidationError ? err.message : `internal error: ${String(err)}` }));
};
