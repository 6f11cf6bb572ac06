/**
 * Worker thread of a WorkerPool: builds each run's task from its plain-data spec once, then
 * runs the chunks the pool sends, returning each chunk's partial summary (and rows, when kept).
 */
import { parentPort } from "node:worker_threads";
import { buildTask, type RunSpec } from "../trial/tasks.js";
import { runChunk, type ChunkTask } from "../trial/engine.js";

type Message =
  | { readonly type: "task"; readonly runId: number; readonly spec: RunSpec }
  | { readonly type: "chunk"; readonly runId: number; readonly index: number; readonly start: number; readonly end: number; readonly keepRows: boolean }
  | { readonly type: "drop"; readonly runId: number };

const port = parentPort;
if (!port) throw new Error("worker.js must run in a worker thread");
const tasks = new Map<number, ChunkTask<unknown, unknown>>();

port.on("message", (msg: Message) => {
  try {
    if (msg.type === "task") tasks.set(msg.runId, buildTask(msg.spec));
    else if (msg.type === "drop") tasks.delete(msg.runId);
    else {
      const task = tasks.get(msg.runId);
      if (!task) throw new Error(`no task for run ${msg.runId}`);
      port.postMessage({ type: "result", runId: msg.runId, result: runChunk(task, msg.index, msg.start, msg.end, msg.keepRows) });
    }
  } catch (err) {
    const e = err as Error & { issues?: unknown };
    port.postMessage({ type: "error", runId: msg.runId, name: e.name, message: e.message, issues: e.issues });
  }
});
