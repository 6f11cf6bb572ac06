import { type Command, choiceOption, intOption, numberOption, seedOption, stringOption, requirePositionals, UsageError } from "../framework.js";
import { loadProtocol } from "../../node/files.js";
import { simulateParticipant } from "../../outcomes/participant.js";
import type { Protocol } from "../../protocol/schema.js";
import type { SessionOutcome } from "../../session/simulate.js";
import { csv, table, formatNumber } from "../format.js";
import { formatParameterTable, parameterTable, resolveParameters } from "../../params/resolve.js";
import { readJsonFile } from "../../node/files.js";

const PROTOCOL_OPTIONS = {
  preset: { type: "string", description: "Preset protocol id (see 'presets')", valueName: "id" },
  protocol: { type: "string", description: "Protocol JSON file (instead of --preset)", valueName: "file" },
  seed: { type: "string", description: "Seed (integer or text)", valueName: "s", default: "1" },
  trial: { type: "string", description: "Trial number: which trial of a run to replay", valueName: "t", default: "0" },
  participant: { type: "string", description: "Participant number within the trial", valueName: "i", default: "0" },
  arm: { type: "string", description: "Arm id (default: the protocol's first arm)", valueName: "id" },
  parameters: { type: "string", description: "JSON file of parameter overrides (see 'params')", valueName: "file" },
} as const;

function protocolFrom(ctx: Parameters<Command["run"]>[0]): Protocol {
  const presetId = stringOption(ctx, "preset");
  const file = stringOption(ctx, "protocol");
  if (presetId && file) throw new UsageError("give --preset or --protocol, not both");
  if (!presetId && !file) throw new UsageError("missing --preset <id> or --protocol <file>");
  return loadProtocol(presetId ?? file!);
}

function overridesFrom(ctx: Parameters<Command["run"]>[0]): Record<string, number> | undefined {
  const file = stringOption(ctx, "parameters");
  return file ? (readJsonFile(file) as Record<string, number>) : undefined;
}

/** Replace an arm's dosing in every session (the `session` command's --dose / --supplement). */
function withDosing(protocol: Protocol, armId: string, doseMg: number, supplementMg: number | undefined, supplementAtH: number | undefined): Protocol {
  const arms = protocol.arms.map((a) =>
    a.id !== armId
      ? a
      : {
          ...a,
          sessions: a.sessions.map(() =>
            supplementMg === undefined ? { initialMg: doseMg } : { initialMg: doseMg, supplemental: { mg: supplementMg, offeredAtH: { earliest: supplementAtH!, latest: supplementAtH! } } },
          ),
        },
  );
  return { ...protocol, arms };
}

function sessionJson(s: SessionOutcome) {
  return {
    index: s.index,
    day: s.day,
    doses: s.doses.map((d) => ({ timeH: d.timeH, mg: d.mg, given: d.given, kind: d.kind, ...(d.notGivenBecause ? { notGivenBecause: d.notGivenBecause } : {}) })),
    exposure: { aucNgHPerMl: s.aucNgHPerMl, cmaxNgPerMl: s.cmaxNgPerMl, tmaxH: s.tmaxH },
    samples: s.samples ?? [],
    readings: s.readings,
    events: s.events,
    monitoringEndH: s.monitoringEndH,
  };
}

export const sessionCommand: Command = {
  path: ["session"],
  summary: "One participant's drug sessions: doses, concentrations, vitals readings and what the rules did",
  details: [
    "--dose replaces the arm's dose in every session; without --supplement it is a single dose, as in the",
    "healthy-volunteer studies the PK and vitals figures come from. --supplement with --supplement-at gives a",
    "supplemental dose offered at that hour. JSON lists per session the doses, a fine grid of samples (every 5 min),",
    "the readings at the monitoring times and the events. CSV is one row per sample and per reading.",
  ].join("\n"),
  options: {
    ...PROTOCOL_OPTIONS,
    dose: { type: "string", description: "Initial dose in mg for every session", valueName: "mg" },
    supplement: { type: "string", description: "Supplemental dose in mg (needs --dose and --supplement-at)", valueName: "mg" },
    "supplement-at": { type: "string", description: "Hours after the initial dose the supplemental dose is offered", valueName: "h" },
    format: { type: "string", description: "json, csv or table", valueName: "json|csv|table", default: "json" },
  },
  run(ctx) {
    requirePositionals(ctx, 0, "");
    let protocol = protocolFrom(ctx);
    const format = choiceOption(ctx, "format", ["json", "csv", "table"] as const, "json");
    const armId = stringOption(ctx, "arm") ?? protocol.arms[0]!.id;
    const dose = numberOption(ctx, "dose", { min: 0, max: 187.5 });
    const supplement = numberOption(ctx, "supplement", { exclusiveMin: 0, max: 187.5 });
    const at = numberOption(ctx, "supplement-at", { min: 0, max: 8 });
    if (supplement !== undefined && dose === undefined) throw new UsageError("--supplement needs --dose");
    if ((supplement === undefined) !== (at === undefined)) throw new UsageError("--supplement and --supplement-at go together");
    if (dose !== undefined) {
      if (!protocol.arms.some((a) => a.id === armId)) throw new UsageError(`unknown arm '${armId}'; choose one of ${protocol.arms.map((a) => a.id).join(", ")}`);
      protocol = withDosing(protocol, armId, dose, supplement, at);
    }
    const result = simulateParticipant({
      protocol,
      seed: seedOption(ctx, 1),
      trial: intOption(ctx, "trial", { min: 0 }) ?? 0,
      participant: intOption(ctx, "participant", { min: 0 }) ?? 0,
      armId,
      parameters: overridesFrom(ctx),
    });
    const sessions = result.course.sessions;
    if (format === "json") {
      ctx.io.stdout(`${JSON.stringify({ seed: result.seed, armId, sessions: sessions.map(sessionJson) }, null, 2)}\n`);
    } else if (format === "csv") {
      const rows: unknown[][] = [];
      for (const s of sessions) {
        for (const x of s.samples ?? []) rows.push([s.index, "sample", x.timeH, x.concentrationNgPerMl, x.systolicMmHg, x.diastolicMmHg, x.heartRateBpm, x.temperatureC, ""]);
        for (const r of s.readings) rows.push([s.index, "reading", r.timeH, "", r.systolicMmHg, r.diastolicMmHg, r.heartRateBpm, r.temperatureC, r.cause]);
      }
      ctx.io.stdout(csv(["session", "type", "timeH", "concentrationNgPerMl", "systolicMmHg", "diastolicMmHg", "heartRateBpm", "temperatureC", "cause"], rows));
    } else {
      const out: string[] = [];
      for (const s of sessions) {
        const doses = s.doses.map((d) => `${d.mg} mg at ${formatNumber(d.timeH)} h ${d.given ? "given" : d.notGivenBecause}`).join("; ");
        out.push(`Drug session ${s.index + 1} (day ${s.day}): ${doses}. AUC(0-24) ${formatNumber(s.aucNgHPerMl)} ng·h/mL, Cmax ${formatNumber(s.cmaxNgPerMl)} ng/mL at ${formatNumber(s.tmaxH)} h`);
        out.push(table(["h", "kind", "cause", "SBP", "DBP", "HR", "temp"], s.readings.map((r) => [r.timeH, r.kind, r.cause, r.systolicMmHg, r.diastolicMmHg, r.heartRateBpm, r.temperatureC])));
        const notable = s.events.filter((e) => e.type !== "pre-session-checks");
        if (notable.length) out.push("Events:", ...notable.map((e) => `  ${formatNumber(e.timeH)} h  ${describeEvent(e)}`));
        out.push("");
      }
      ctx.io.stdout(out.join("\n"));
    }
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
  options: {
    ...PROTOCOL_OPTIONS,
    format: { type: "string", description: "json or table", valueName: "json|table", default: "json" },
  },
  run(ctx) {
    requirePositionals(ctx, 0, "");
    const protocol = protocolFrom(ctx);
    const format = choiceOption(ctx, "format", ["json", "table"] as const, "json");
    const result = simulateParticipant({
      protocol,
      seed: seedOption(ctx, 1),
      trial: intOption(ctx, "trial", { min: 0 }) ?? 0,
      participant: intOption(ctx, "participant", { min: 0 }) ?? 0,
      armId: stringOption(ctx, "arm"),
      parameters: overridesFrom(ctx),
    });
    const c = result.course;
    if (format === "json") {
      const p = c.participant;
      ctx.io.stdout(
        `${JSON.stringify(
          {
            seed: result.seed,
            trial: c.trial,
            participant: { index: p.index, armId: c.armId, sex: p.sex, ageYears: p.ageYears, baselineScore: p.baselineScore, cyp2d6: p.cyp2d6, baselineVitals: p.vitals.baseline, screening: p.screening },
            assessments: c.assessments,
            ...(c.dropout ? { dropout: c.dropout } : {}),
            ...(c.relapse ? { relapse: c.relapse } : {}),
            timeline: result.timeline,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      const p = c.participant;
      const lines = [
        `Participant ${p.index} of trial ${c.trial} (seed ${String(result.seed)}), arm ${c.armId}: ${p.sex}, ${formatNumber(p.ageYears)} years, baseline ${protocol.endpoints.scale} ${p.baselineScore}, CYP2D6 ${p.cyp2d6}`,
        `Screened ${p.screening.candidatesScreened} candidate(s) for this place; failures: ${Object.entries(p.screening.failures).map(([k, v]) => `${k} ${v}`).join(", ") || "none"}`,
        "",
        table(["day", "event", "detail"], result.timeline.filter((e) => e.type !== "reading").map((e) => [Math.round(e.day * 10) / 10, e.type, timelineDetail(e)])),
      ];
      ctx.io.stdout(`${lines.join("\n")}\n`);
    }
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
    const params = resolveParameters(overridesFrom(ctx) ?? {});
    const rows = parameterTable(params);
    if (format === "json") ctx.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
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
