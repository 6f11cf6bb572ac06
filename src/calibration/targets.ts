/**
 * Calibration targets: published arm-level results as validated data. The shipped set is
 * `seeds/phase2-targets.json` (Metapsy project, data-ptsd-mdmactr, ODC-By 1.0); users can
 * write their own in the same format and pass them to the calibration.
 */
import * as z from "zod/mini";
import { parseOrThrow } from "../errors.js";
import { SCALE_IDS } from "../protocol/scales.js";
import phase2 from "../../seeds/phase2-targets.json";

const id = () => z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]*$/, { error: "must be a lower-case id" }));
const count = () => z.int().check(z.gte(0));

const Spread = z.strictObject({ mean: z.number(), sd: z.number().check(z.positive()) });

export const TargetArmSchema = z.strictObject({
  id: id(),
  label: z.string().check(z.minLength(1)),
  initialMg: z.number().check(z.gte(0)),
  supplementalMg: z.number().check(z.gte(0)),
  baseline: z.strictObject({ n: z.int().check(z.positive()), mean: z.number().check(z.gte(0)), sd: z.number().check(z.positive()), sdFromSe: z.boolean() }),
});

export const TargetTimepointSchema = z.strictObject({
  /** Matches an assessment id of the trial's preset protocol. */
  id: id(),
  label: z.string().check(z.minLength(1)),
  sessionsCompleted: z.int().check(z.gte(0)),
  metapsyTimeDays: z.nullable(z.number().check(z.gte(0))),
  primary: z.boolean(),
  postCrossover: z.boolean(),
});

const OutcomeBase = { timepoint: id(), arm: id(), note: z.optional(z.string()) };
export const TargetOutcomeSchema = z.discriminatedUnion("measure", [
  z.strictObject({ ...OutcomeBase, measure: z.literal("endpoint"), n: z.int().check(z.positive()), mean: z.number(), sd: z.number().check(z.positive()), sdFromSe: z.boolean() }),
  z.strictObject({ ...OutcomeBase, measure: z.literal("change"), n: z.int().check(z.positive()), mean: z.number(), sd: z.number().check(z.positive()), sdFromSe: z.boolean() }),
  z.strictObject({ ...OutcomeBase, measure: z.literal("response"), events: count(), n: z.int().check(z.positive()) }),
  z.strictObject({
    ...OutcomeBase,
    measure: z.literal("loss-of-diagnosis"),
    events: count(),
    n: z.int().check(z.positive()),
    metapsyOutcome: z.optional(z.string()),
  }),
]);

export const TargetTrialSchema = z.strictObject({
  id: id(),
  /** The preset protocol that describes this trial's design. */
  presetId: id(),
  name: z.string().check(z.minLength(1)),
  study: z.string().check(z.minLength(1)),
  citation: z.string().check(z.minLength(1)),
  doi: z.string().check(z.minLength(1)),
  registration: z.nullable(z.string().check(z.minLength(1))),
  scale: z.enum(SCALE_IDS),
  blindedSessions: z.int().check(z.positive()),
  arms: z.array(TargetArmSchema).check(z.minLength(1)),
  timepoints: z.array(TargetTimepointSchema).check(z.minLength(1)),
  outcomes: z.array(TargetOutcomeSchema).check(z.minLength(1)),
});

export const FollowUpTargetSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    id: id(),
    trial: id(),
    kind: z.literal("relapse"),
    description: z.string(),
    nTreated: z.int().check(z.positive()),
    nAssessed: z.int().check(z.positive()),
    relapses: count(),
    monthsSinceLastSession: z.strictObject({ mean: z.number().check(z.positive()), sd: z.number().check(z.positive()), min: z.number().check(z.gte(0)), max: z.number().check(z.positive()) }),
    capsAtExit: Spread,
    capsAtFollowUp: Spread,
    pairedTest: z.strictObject({ t: z.number(), df: z.int().check(z.positive()), p: z.number().check(z.gte(0), z.lte(1)) }),
    source: z.string().check(z.minLength(1)),
    status: z.enum(["published", "derived", "assumed"]),
  }),
  z.strictObject({
    id: id(),
    trial: id(),
    kind: z.literal("response-maintained"),
    description: z.string(),
    nAssessed: z.int().check(z.positive()),
    events: count(),
    source: z.string().check(z.minLength(1)),
    status: z.enum(["published", "derived", "assumed"]),
  }),
]);

export const TargetSetSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    description: z.string(),
    attribution: z.string().check(z.minLength(1)),
    license: z.string().check(z.minLength(1)),
    source: z.record(z.string(), z.string()),
    caveats: z.array(z.string()),
    trials: z.array(TargetTrialSchema).check(z.minLength(1)),
    followUp: z.array(FollowUpTargetSchema),
  })
  .check(
    z.superRefine((set, ctx) => {
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
    }),
  );

/**
 * Calibration targets as validated data (the output of TargetSetSchema, which reads the format of
 * seeds/phase2-targets.json): each trial's design, arms, time points and published outcomes, and
 * the follow-up results. phase2Targets and parseTargets return one; calibrate and
 * calibrateParallel take one.
 */
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
