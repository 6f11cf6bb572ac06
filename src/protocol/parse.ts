import type * as z from "zod/mini";
import { ValidationError, fromZodIssues, type ValidationIssue } from "../errors.js";
import { inputShapeIssues } from "../input.js";
import { PROTOCOL_INPUT_LIMITS } from "./bounds.js";
import { placeboKindOf } from "./blinding.js";
import { ProtocolSchema, type Protocol } from "./schema.js";
import { checkProtocolRules, protocolView, type ProtocolView } from "./rules/index.js";

export type ProtocolCheck =
  | { readonly valid: true; readonly protocol: Protocol; readonly issues: readonly [] }
  | { readonly valid: false; readonly issues: readonly ValidationIssue[] };

type ParsedProtocol = z.output<typeof ProtocolSchema>;

/** The parsed protocol with the blinding defaults that depend on other fields filled in. */
function withBlindingDefaults(parsed: ParsedProtocol): Protocol {
  const control = parsed.arms.find((arm) => arm.id === parsed.controlArmId)!;
  const placebo = parsed.blinding.placebo ?? placeboKindOf({ sessions: control.sessions, hasActiveComparator: control.activeComparator !== undefined });
  const unblindAfterAssessmentId = parsed.blinding.unblindAfterAssessmentId ?? parsed.endpoints.primaryAssessmentId;
  return { ...parsed, blinding: { ...parsed.blinding, placebo, unblindAfterAssessmentId } };
}

interface StructuralCheck {
  readonly parsed: ReturnType<typeof ProtocolSchema.safeParse>;
  readonly structural: readonly ValidationIssue[];
  readonly view: ProtocolView;
}

/** The schema's verdict on an input and the typed view of its structurally valid part. */
function structuralCheck(input: unknown): StructuralCheck {
  const parsed = ProtocolSchema.safeParse(input);
  const structural = parsed.success ? [] : fromZodIssues(parsed.error.issues, input);
  // Unknown fields do not make the known fields unreliable, so they do not block the rules.
  const blocking = parsed.success ? [] : parsed.error.issues.filter((i) => i.code !== "unrecognized_keys").map((i) => i.path);
  return { parsed, structural, view: protocolView(input, blocking) };
}

/** The view the clinical rules read for an input (for testing a rule alone). */
export function protocolViewOf(input: unknown): ProtocolView {
  return structuralCheck(input).view;
}

/**
 * Check a protocol without throwing: its shape (depth and sizes, before any schema runs), its
 * structure and every clinical rule, all in one pass. Returns the parsed protocol (defaults
 * filled in) or the full list of problems. Time and memory are linear in the input's size.
 */
export function checkProtocol(input: unknown): ProtocolCheck {
  const shape = inputShapeIssues(input, PROTOCOL_INPUT_LIMITS);
  if (shape.length > 0) return { valid: false, issues: shape };
  const { parsed, structural, view } = structuralCheck(input);
  const semantic = checkProtocolRules(view);
  const issues = [...structural, ...semantic];
  if (parsed.success && issues.length === 0) return { valid: true, protocol: withBlindingDefaults(parsed.data), issues: [] };
  return { valid: false, issues };
}

/**
 * Parse and validate a protocol, or throw one {@link ValidationError} listing every problem
 * with its path and rule. The returned protocol has every default filled in.
 */
export function parseProtocol(input: unknown): Protocol {
  const result = checkProtocol(input);
  if (!result.valid) throw new ValidationError("protocol", result.issues);
  return result.protocol;
}
