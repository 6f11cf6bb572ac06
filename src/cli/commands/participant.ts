import { type Command, type CommandContext, choiceOption, intOption, numberOption, seedOption, stringOption, requirePositionals, UsageError, jsonText } from "../framework.js";
import { simulateDrugSessions, simulateParticipant, type DrugSessionDosing } from "../../outcomes/participant.js";
import type { SessionOutcome } from "../../session/simulate.js";
import { csv, table, formatNumber } from "../format.js";
import { formatParameterTable, parameterTable, resolveParameters } from "../../params/resolve.js";
import { overridesFromOptions, PLOT_OPTION, PROTOCOL_SOURCE_OPTIONS, protocolFromOptions } from "../options.js";
import { plotFile, writePlot } from "../plot.js";

const PROTOCOL_OPTIONS = {
  ...PROTOCOL_SOURCE_OPTIONS,
  seed: { type: "string", description: "Seed (integer or text)", valueName: "s", default: "1" },
  trial: { type: "string", description: "Trial number: which trial of a run to replay", valueName: "t", default: "0" },
  participant: { type: "string", description: "Participant number within the trial", valueName: "i", default: "0" },
  arm: { type: "string", description: "Arm id (default: the protocol's first arm)", valueName: "id" },
  parameters: { type: "string", description: "JSON file of parameter overrides (see 'params')", valueName: "file" },
  ...PLOT_OPTION,
} as const;

/** The participant the options name: seed, trial, participant, arm and parameter overrides. */
function participantOptions(ctx: CommandContext) {
  const arm = stringOption(ctx, "arm");
  const parameters = overridesFromOptions(ctx);
  return {
    seed: seedOption(ctx, 1),
    trial: intOption(ctx, "trial") ?? 0,
    participant: intOption(ctx, "participant") ?? 0,
    ...(arm !== undefined ? { armId: arm } : {}),
    ...(parameters ? { parameters } : {}),
  };
}

/** --dose, --supplement and --supplement-at as a dosing (the library bounds them as a protocol's doses). */
function dosingFromOptions(ctx: CommandContext): DrugSessionDosing | undefined {
  const dose = numberOption(ctx, "dose");
  const supplement = numberOption(ctx, "supplement");
  const at = numberOption(ctx, "supplement-at");
  if (supplement !== undefined && dose === undefined) throw new UsageError("--supplement needs --dose");
  if ((supplement === undefined) !== (at === undefined)) throw new UsageError("--supplement and --supplement-at go together");
  if (dose === undefined) return undefined;
  return supplement === undefined ? { initialMg: dose } : { initialMg: dose, supplemental: { mg: supplement, offeredAtH: at! } };
}

function sessionsCsv(sessions: readonly SessionOutcome[]): string {
  const rows: unknown[][] = [];
  for (const s of sessions) {
    for (const x of s.samples ?? []) rows.push([s.index, "sample", x.timeH, x.concentrationNgPerMl, x.systolicMmHg, x.diastolicMmHg, x.heartRateBpm, x.temperatureC, ""]);
    for (const r of s.readings) rows.push([s.index, "reading", r.timeH, "", r.systolicMmHg, r.diastolicMmHg, r.heartRateBpm, r.temperatureC, r.cause]);
  }
  return csv(["session", "type", "timeH", "concentrationNgPerMl", "systolicMmHg", "diastolicMmHg", "heartRateBpm", "temperatureC", "cause"], rows);
}

function sessionsTable(sessions: readonly SessionOutcome[]): string {
  const out: string[] = [];
  for (const s of sessions) {
    const doses = s.doses.map((d) => `${d.mg} mg at ${formatNumber(d.timeH)} h ${d.given ? "given" : d.notGivenBecause}`).join("; ");
    out.push(`Drug session ${s.index + 1} (day ${s.day}): ${doses}. AUC(0-24) ${formatNumber(s.aucNgHPerMl)} ng·h/mL, Cmax ${formatNumber(s.cmaxNgPerMl)} ng/mL at ${formatNumber(s.tmaxH)} h`);
    out.push(table(["h", "kind", "cause", "SBP", "DBP", "HR", "temp"], s.readings.map((r) => [r.timeH, r.kind, r.cause, r.systolicMmHg, r.diastolicMmHg, r.heartRateBpm, r.temperatureC])));
    const notable = s.events.filter((e) => e.type !== "pre-session-checks");
    if (notable.length) out.push("Events:", ...notable.map((e) => `  ${formatNumber(e.timeH)} h  ${describeEvent(e)}`));
    out.push("");
  }
  return out.join("\n");
}

export const sessionCommand: Command = {
  path: ["session"],
  summary: "One participant's drug sessions: doses, concentrations, vitals readings and what the rules did",
  details: [
    "--dose replaces the arm's dose in every session; without --supplement it is a single dose, as in the",
    "healthy-volunteer studies the PK and vitals figures come from. --supplement with --supplement-at gives a",
    "supplemental dose offered at that hour. Doses and hours are bounded as in a protocol (see 'protocol schema').",
    "JSON is the library's simulateDrugSessions result: per session the doses, exposure, a fine grid of samples",
    "(every 5 min), the readings at the monitoring times and the events. CSV is one row per sample and per reading.",
    "--plot draws the first drug session: concentration and vital signs against time, with the protocol's thresholds.",
  ].join("\n"),
  options: {
    ...PROTOCOL_OPTIONS,
    dose: { type: "string", description: "Initial dose in mg for every session", valueName: "mg" },
    supplement: { type: "string", description: "Supplemental dose in mg (needs --dose and --supplement-at)", valueName: "mg" },
    "supplement-at": { type: "string", description: "Hours after the initial dose the supplemental dose is offered", valueName: "h" },
    format: { type: "string", description: "json, csv or table", valueName: "json|csv|table", default: "json" },
  },
  async run(ctx) {
    requirePositionals(ctx, 0, "");
    const protocol = protocolFromOptions(ctx);
    const plot = plotFile(ctx);
    const format = choiceOption(ctx, "format", ["json", "csv", "table"] as const, "json");
    const dosing = dosingFromOptions(ctx);
    const result = simulateDrugSessions({ protocol, ...participantOptions(ctx), ...(dosing ? { dosing } : {}) });
    if (format === "json") ctx.io.stdout(jsonText(result));
    else if (format === "csv") ctx.io.stdout(sessionsCsv(result.sessions));
    else ctx.io.stdout(sessionsTable(result.sessions));
    const first = result.sessions[0];
    if (first) await writePlot(ctx, plot, first, "session", { thresholds: protocol.sessionRules.thresholds });
    return 0;
  },
};

function describeEvent(e: SessionOutcome["events"][number]): string {
  switch (e.type) {
    case "dose":
      return `${e.dose} dose ${e.mg} mg given`;
    case "supplemental-withheld":
      return `supplemental ${e.mg} mg withheld: rule ${e.thresholdId} (${e.measure} ${formatNumber(e.value)} > ${formatNumber(e.limit)} at ${formatNumber(e.readingTimeH)} h)`;
    case "supplemental-declined":
      return `supplemental ${e.mg} mg declined by the participant`;
    case "threshold-crossed":
      return `rule ${e.thresholdId}: ${e.measure} ${formatNumber(e.value)} > ${formatNumber(e.limit)} -> ${e.actions.join(", ")}`;
    case "alert-physician":
      return `physician alerted (${e.thresholdId})`;
    case "repeat-reading-scheduled":
      return `repeat ${e.kind} reading at ${formatNumber(e.atH)} h (${e.thresholdId})`;
    case "intervention":
      return `intervention for ${e.measure} (${e.thresholdId})`;
    case "monitoring-extended":
      return `monitoring extended: ${e.kind} reading at ${formatNumber(e.atH)} h`;
    case "monitoring-ended":
      return `monitoring ended${e.aboveThreshold ? " with a reading still above a threshold (handed to medical care)" : ""}`;
    default:
      return e.type;
  }
}

export const participantCommand: Command = {
  path: ["participant"],
  summary: "One participant's whole course as a timeline: screening, sessions, readings, assessments, dropout, relapse",
  details: "JSON is the library's simulateParticipant result (the course and its timeline). --plot draws the participant's scores over the visits.",
  options: {
    ...PROTOCOL_OPTIONS,
    format: { type: "string", description: "json or table", valueName: "json|table", default: "json" },
  },
  async run(ctx) {
    requirePositionals(ctx, 0, "");
    const protocol = protocolFromOptions(ctx);
    const plot = plotFile(ctx);
    const format = choiceOption(ctx, "format", ["json", "table"] as const, "json");
    const result = simulateParticipant({ protocol, ...participantOptions(ctx) });
    if (format === "json") ctx.io.stdout(jsonText(result));
    else {
      const c = result.course;
      const p = c.participant;
      const lines = [
        `Participant ${p.index} of trial ${c.trial} (seed ${String(result.seed)}), arm ${c.armId}: ${p.sex}, ${formatNumber(p.ageYears)} years, baseline ${protocol.endpoints.scale} ${p.baselineScore}, CYP2D6 ${p.cyp2d6}`,
        `Screened ${p.screening.candidatesScreened} candidate(s) for this place; failures: ${Object.entries(p.screening.failures).map(([k, v]) => `${k} ${v}`).join(", ") || "none"}`,
        "",
        table(["day", "event", "detail"], result.timeline.filter((e) => e.type !== "reading").map((e) => [Math.round(e.day * 10) / 10, e.type, timelineDetail(e)])),
      ];
      ctx.io.stdout(`${lines.join("\n")}\n`);
    }
    await writePlot(ctx, plot, result, "participant", { thresholds: protocol.sessionRules.thresholds });
    return 0;
  },
};

function timelineDetail(e: ReturnType<typeof simulateParticipant>["timeline"][number]): string {
  switch (e.type) {
    case "assessment":
      return `${e.label}: ${e.score ?? "missing"}${e.responder ? ", responder" : ""}${e.lostDiagnosis ? ", lost diagnosis" : ""}`;
    case "drug-session":
      return `session ${e.session + 1}, AUC ${formatNumber(e.aucNgHPerMl)} ng·h/mL`;
    case "dropout":
      return `before ${e.beforeAssessmentId}`;
    case "relapse":
      return `${formatNumber(e.monthsAfterPrimary)} months after the primary endpoint`;
    case "randomized":
      return e.armId;
    case "screening":
      return `${e.candidatesScreened} screened`;
    default:
      return "session" in e ? describeEvent(e as never) : "";
  }
}

export const paramsCommand: Command = {
  path: ["params"],
  summary: "Print the model's parameter table: value, unit, status (published/derived/assumed) and source",
  options: {
    format: { type: "string", description: "table, json, csv or markdown", valueName: "fmt", default: "table" },
    parameters: { type: "string", description: "JSON file of overrides to show in place of the defaults", valueName: "file" },
  },
  run(ctx) {
    requirePositionals(ctx, 0, "");
    const format = choiceOption(ctx, "format", ["table", "json", "csv", "markdown"] as const, "table");
    const params = resolveParameters(overridesFromOptions(ctx) ?? {});
    const rows = parameterTable(params);
    if (format === "json") ctx.io.stdout(jsonText(rows));
    else if (format === "csv") ctx.io.stdout(csv(["key", "value", "unit", "status", "calibrated", "description", "source"], rows.map((r) => [r.key, r.value, r.unit, r.status, r.calibrated ?? false, r.description, r.source])));
    else if (format === "markdown") {
      const esc = (s: string) => s.replace(/\|/g, "\\|");
      ctx.io.stdout(
        ["| parameter | value | unit | status | meaning | source |", "| --- | --- | --- | --- | --- | --- |", ...rows.map((r) => `| \`${r.key}\` | ${formatNumber(r.value, 4)} | ${esc(r.unit)} | ${r.status}${r.calibrated ? " (calibrated)" : ""} | ${esc(r.description)} | ${esc(r.source)} |`)].join("\n") + "\n",
      );
    } else ctx.io.stdout(`${formatParameterTable(params)}\n`);
    return 0;
  },
};
