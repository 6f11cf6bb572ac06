/**
 * Progress on stderr: a line rewritten in place when stderr is a terminal, or (with --progress)
 * plain lines every few seconds for logs (a Slurm job's, say). Never on stdout, which holds the
 * result only.
 */
import type { Progress } from "../trial/engine.js";
import type { CommandContext } from "./framework.js";

const TTY_EVERY_MS = 250;
const LOG_EVERY_MS = 5000;

/** "about 2 min 5 s left" from seconds (null: not known yet). */
export function timeLeftText(seconds: number | null): string {
  if (seconds === null) return "";
  const s = Math.round(seconds);
  if (s < 60) return `, about ${s} s left`;
  const m = Math.floor(s / 60);
  return m < 60 ? `, about ${m} min ${s % 60} s left` : `, about ${Math.floor(m / 60)} h ${m % 60} min left`;
}

/** One progress line: "simulate: 1,200/10,000 trials (12%), about 8 s left". */
export function progressText(label: string, p: Progress): string {
  const pct = p.totalTrials > 0 ? Math.floor((100 * p.completedTrials) / p.totalTrials) : 100;
  return `${label}: ${p.completedTrials.toLocaleString("en-US")}/${p.totalTrials.toLocaleString("en-US")} trials (${pct}%)${p.completedTrials < p.totalTrials ? timeLeftText(p.secondsLeft) : ""}`;
}

/**
 * An onProgress callback for a command: on a terminal a line updated in place (unless --quiet),
 * with --progress lines every 5 s wherever stderr goes; otherwise none. `done()` ends the line.
 */
export function progressLine(ctx: CommandContext, label: string): { onProgress?: (p: Progress) => void; done(): void } {
  const tty = ctx.io.stderrIsTTY === true && ctx.values.quiet !== true;
  const log = ctx.values.progress === true;
  if (!tty && !log) return { done: () => undefined };
  let last = 0;
  let open = false;
  return {
    onProgress(p) {
      const now = Date.now();
      const final = p.completedTrials >= p.totalTrials;
      if (now - last < (tty ? TTY_EVERY_MS : LOG_EVERY_MS) && !final && last !== 0) return;
      last = now;
      const text = progressText(label, p);
      if (tty) {
        ctx.io.stderr(`\r${text}\u001b[K`);
        open = true;
      } else ctx.io.stderr(`${text}\n`);
    },
    done() {
      if (open) ctx.io.stderr("\n");
      open = false;
    },
  };
}
