import { ValidationError, fromZodIssues, type ValidationIssue } from "../errors.js";
import { ProtocolSchema, type Protocol } from "./schema.js";
import { checkProtocolRules, cleanChecker } from "./rules.js";

export type ProtocolCheck =
  | { readonly valid: true; readonly protocol: Protocol; readonly issues: readonly [] }
  | { readonly valid: false; readonly issues: readonly ValidationIssue[] };

/**
 * Check a protocol without throwing: its structure and every clinical rule, all in one pass.
 * Returns the parsed protocol (defaults filled in) or the full list of problems.
 */
export function checkProtocol(input: unknown): ProtocolCheck {
  const parsed = ProtocolSchema.safeParse(input);
  const structural = parsed.success ? [] : fromZodIssues(parsed.error.issues, input);
  const blocking = parsed.success ? [] : parsed.error.issues.filter((i) => i.code !== "unrecognized_keys").map((i) => i.path);
  const semantic = checkProtocolRules(parsed.success ? parsed.data : input, cleanChecker(blocking));
  const issues = [...structural, ...semantic];
  if (parsed.success && issues.length === 0) return { valid: true, protocol: parsed.data, issues: [] };
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
