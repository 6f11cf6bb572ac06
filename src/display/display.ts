/**
 * Rich display of results. `withDisplay(result, kind)` attaches two non-enumerable symbol
 * properties: `Symbol.for("Jupyter.display")`, which a Jupyter kernel (Deno's) calls for a MIME
 * bundle (a compact text/plain summary and an HTML table), and
 * `Symbol.for("nodejs.util.inspect.custom")`, which Node's and Deno's consoles call, so a result
 * prints as the same tens of lines instead of every row. JSON.stringify, spreading and
 * structuredClone see plain data only.
 */
import { rejectPending } from "../errors.js";
import { DISPLAY_KINDS, markDisplay, registerDisplayRenderer, type DisplayKind } from "../displayable.js";
import type { TrialsRun } from "../trial/api.js";
import type { PowerPoint, SampleSizeResult } from "../trial/power-search.js";
import type { ForecastResult } from "../calibration/forecast.js";
import type { CalibrationSummary } from "../calibration/calibrate.js";
import type { CheckReport } from "../check/check.js";
import type { ParticipantResult } from "../outcomes/participant.js";
import type { SessionOutcome } from "../session/simulate.js";
import { escapeHtml, htmlTable, textTable } from "./table.js";
import type { DisplaySummary } from "./summary.js";
import { forecastSummary, powerSummary, sampleSizeSummary, trialsSummary } from "./trials.js";
import { participantSummary, sessionSummary } from "./participant.js";
import { calibrationDisplaySummary, checkSummary } from "./calibration.js";

export { DISPLAY_KINDS, type DisplayKind } from "../displayable.js";

/** Which result type each kind is. */
export interface DisplaySources {
  readonly trials: TrialsRun;
  readonly forecast: ForecastResult;
  readonly power: readonly PowerPoint[];
  readonly "sample-size": SampleSizeResult;
  readonly participant: ParticipantResult;
  readonly session: SessionOutcome;
  readonly calibration: CalibrationSummary;
  readonly check: CheckReport;
}

/** The summary of a result of the given kind (what the text and HTML displays show). */
export function displaySummary<K extends DisplayKind>(result: DisplaySources[K], kind: K): DisplaySummary {
  rejectPending(result, "display");
  switch (kind) {
    case "trials":
      return trialsSummary(result as TrialsRun);
    case "forecast":
      return forecastSummary(result as ForecastResult);
    case "power":
      return powerSummary(result as readonly PowerPoint[]);
    case "sample-size":
      return sampleSizeSummary(result as SampleSizeResult);
    case "participant":
      return participantSummary(result as ParticipantResult);
    case "session":
      return sessionSummary(result as SessionOutcome);
    case "calibration":
      return calibrationDisplaySummary(result as CalibrationSummary);
    case "check":
      return checkSummary(result as CheckReport);
    default:
      throw new RangeError(`no display for a result of kind "${String(kind)}" (kinds: ${DISPLAY_KINDS.join(", ")})`);
  }
}

/** A summary as plain text: title, facts, aligned tables, notes (no ANSI codes, tens of lines). */
export function summaryText<K extends DisplayKind>(result: DisplaySources[K], kind: K): string {
  const s = displaySummary(result, kind);
  return [s.title, ...s.lines, ...s.tables.map((t) => `\n${textTable(t)}`), "", ...s.notes].join("\n");
}

/** A summary as an HTML fragment (every value escaped), for notebooks and reports. */
export function summaryHtml<K extends DisplayKind>(result: DisplaySources[K], kind: K): string {
  const s = displaySummary(result, kind);
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  return [`<div class="mdma-trial-sim">`, `<p><strong>${escapeHtml(s.title)}</strong></p>`, ...s.lines.map(p), ...s.tables.map(htmlTable), `<p><small>${s.notes.map(escapeHtml).join("<br>")}</small></p>`, `</div>`].join("\n");
}

/** The Jupyter MIME bundle of a result: text/plain and text/html summaries. */
export function mimeBundle<K extends DisplayKind>(result: DisplaySources[K], kind: K): { readonly "text/plain": string; readonly "text/html": string } {
  return { "text/plain": summaryText(result, kind), "text/html": summaryHtml(result, kind) };
}

/** Let results made by the library display themselves (displayable.ts); done when this module loads. */
function installDisplay(): void {
  registerDisplayRenderer({
    mimeBundle: (source, kind) => mimeBundle(source as DisplaySources[typeof kind], kind),
    summaryText: (source, kind) => summaryText(source as DisplaySources[typeof kind], kind),
  });
}
installDisplay();

const attach = (target: object, kind: DisplayKind): void => void markDisplay(target, kind);

/**
 * Give a result its notebook and console display (non-enumerable symbol properties; the data is
 * untouched) and return it. A forecast's two runs and a search's evaluations get theirs too.
 * Frozen objects are returned as they are.
 */
export function withDisplay<K extends DisplayKind, T extends DisplaySources[K]>(result: T, kind: K): T {
  rejectPending(result, "display");
  attach(result, kind);
  if (kind === "forecast") {
    const f = result as ForecastResult;
    attach(f.predictive, "trials");
    attach(f.point, "trials");
  } else if (kind === "sample-size") {
    attach((result as SampleSizeResult).evaluations, "power");
  }
  return result;
}
