/**
 * Calibration targets: published arm-level results as validated data. The shipped set is
 * `seeds/phase2-targets.json` (Metapsy project, data-ptsd-mdmactr, ODC-By 1.0); users can
 * write their own in the same format and pass them to the calibration.
 */
import * as z from "zod";
import { parseOrThrow } from "../errors.js";
import { SCALE_IDS } from "../protocol/scales.js";
import phase2 from "../../seeds/phase2-targets.json";

const id = () => z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { error: "must be a lower-case id" });
const count = () => z.int().min(0);

const Spread = z.strictObject({ mean: z.number(), sd: z.number().positive() });

export const TargetArmSchema = z.strictObject({
  id: id(),
  label: z.string().min(1),
  initialMg: z.number().min(0),
  supplementalMg: z.number().min(0),
  baseline: z.strictObject({ n: z.int().positive(), mean: z.number().min(0), sd: z.number().positive(), sdFromSe: z.boolean() }),
});

export const TargetTimepointSchema = z.strictObject({
  /** Matches an assessment id of the trial's preset protocol. */
  id: id(),
  label: z.string().min(1),
  sessionsCompleted: z.int().min(0),
  metapsyTimeDays: z.number().min(0).nullable(),
  primary: z.boolean(),
  postCrossover: z.boolean(),
});

const OutcomeBase = { timepoint: id(), arm: id(), note: z.string().optional() };
export const TargetOutcomeSchema = z.discriminatedUnion("measure", [
  z.strictObject({ ...OutcomeBase, measure: z.literal("endpoint"), n: z.int().positive(), mean: z.number(), sd: z.number().positive(), sdFromSe: z.boolean() }),
  z.strictObject({ ...OutcomeBase, measure: z.literal("change"), n: z.int().positive(), mean: z.number(), sd: z.number().positive(), sdFromSe: z.boolean() }),
  z.strictObject({ ...OutcomeBase, measure: z.literal("response"), events: count(), n: z.int().positive() }),
  z.strictObject({
    ...OutcomeBase,
    measure: z.literal("loss-of-diagnosis"),
    events: count(),
    n: z.int().positive(),
    metapsyOutcome: z.string().optional(),
  }),
]);

export const TargetTrialSchema = z.strictObject({
  id: id(),
  /** The preset protocol that describes this trial's design. */
  presetId: id(),
  name: z.string().min(1),
  study: z.string().min(1),
  citation: z.string().min(1),
  doi: z.string().min(1),
  registration: z.string().min(1).nullable(),
  scale: z.enum(SCALE_IDS),
  blindedSessions: z.int().positive(),
  arms: z.array(TargetArmSchema).min(1),
  timepoints: z.array(TargetTimepointSchema).min(1),
  outcomes: z.array(TargetOutcomeSchema).min(1),
});

export const FollowUpTargetSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    id: id(),
    trial: id(),
    kind: z.literal("relapse"),
    description: z.string(),
    nTreated: z.int().positive(),
    nAssessed: z.int().positive(),
    relapses: count(),
    monthsSinceLastSession: z.strictObject({ mean: z.number().positive(), sd: z.number().positive(), min: z.number().min(0), max: z.number().positive() }),
    capsAtExit: Spread,
    capsAtFollowUp: Spread,
    pairedTest: z.strictObject({ t: z.number(), df: z.int().positive(), p: z.number().min(0).max(1) }),
    source: z.string().min(1),
    status: z.enum(["published", "derived", "assumed"]),
  }),
  z.strictObject({
    id: id(),
    trial: id(),
    kind: z.literal("response-maintained"),
    description: z.string(),
    nAssessed: z.int().positive(),
    events: count(),
    source: z.string().min(1),
    status: z.enum(["published", "derived", "assumed"]),
  }),
]);

export const TargetSetSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    description: z.string(),
    attribution: z.string().min(1),
    license: z.string().min(1),
    source: z.record(z.string(), z.string()),
    caveats: z.array(z.string()),
    trials: z.array(TargetTrialSchema).min(1),
    followUp: z.array(FollowUpTargetSchema),
  })
  .superRefine((set, ctx) => {
    // Every outcome must point at an arm and a time point of its trial, and counts must fit n.
    set.trials.forEach((trial, t) => {
      const arms = new Set(trial.arms.map((a) => a.id));
      const tps = new Set(trial.timepoints.map((x) => x.id));
      trial.outcomes.forEach((o, k) => {
        if (!arms.has(o.arm)) ctx.addIssue({ code: "custom", path: ["trials", t, "outcomes", k, "arm"], message: `must name an arm of trial "${trial.id}"`, params: { rule: "known-arm" } });
        if (!tps.has(o.timepoint)) ctx.addIssue({ code: "custom", path: ["trials", t, "outcomes", k, "timepoint"], message: `must name a time point of trial "${trial.id}"`, params: { rule: "known-timepoint" } });
        if ((o.measure === "response" || o.measure === "loss-of-diagnosis") && o.events > o.n) {
          ctx.addIssue({ code: "custom", path: ["trials", t, "outcomes", k, "events"], message: `cannot exceed n (${o.n})`, params: { rule: "events-within-n" } });
        }
      });
    });
    const trialIds = new Set(set.trials.map((t) => t.id));
    set.followUp.forEach((f, k) => {
      if (!trialIds.has(f.trial)) ctx.addIssue({ code: "custom", path: ["followUp", k, "trial"], message: "must name one of the trials", params: { rule: "known-trial" } });
    });
  });

export type TargetSet = z.output<typeof TargetSetSchema>;
export type TargetTrial = TargetSet["trials"][number];
export type TargetOutcome = TargetTrial["outcomes"][number];
export type TargetArm = TargetTrial["arms"][number];
export type FollowUpTarget = TargetSet["followUp"][number];

/** Validate a target set (yours or the shipped one); throws one ValidationError listing every problem. */
export function parseTargets(input: unknown): TargetSet {
  return parseOrThrow(TargetSetSchema, input, "calibration targets");
}

let cached: TargetSet | undefined;
/** The shipped Phase 2 targets (seeds/phase2-targets.json), validated once. */
export function phase2Targets(): TargetSet {
  cached ??= parseTargets(phase2);
  return structuredClone(cached);
}
