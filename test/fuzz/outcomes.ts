/**
 * What every fuzz input must end in: a result or a ValidationError with paths, nothing else
 * (no TypeError, RangeError, stack overflow or hang), and a result without NaN or Infinity.
 */
import { expect } from "vitest";
import { checkProtocol, checkPublished, designWithNPerArm, simulateParticipant, simulateTrialsSync, ValidationError, type Protocol } from "../../src/engine.js";
import { nonFiniteNumbers, wellFormedIssues } from "./mutate.js";

export type Outcome = "valid" | "invalid";

/** Validate a protocol: valid, or invalid with well-formed issues (anything thrown fails the test). */
export function protocolOutcome(input: unknown): { outcome: Outcome; protocol?: Protocol; paths: string[] } {
  const r = checkProtocol(input);
  if (r.valid) return { outcome: "valid", protocol: r.protocol, paths: [] };
  expect(wellFormedIssues(r.issues), JSON.stringify(r.issues.slice(0, 3))).toBe(true);
  return { outcome: "invalid", paths: r.issues.map((i) => i.path) };
}

/** Run a valid protocol briefly (one participant in full detail, one trial of 2 per arm): a result or a ValidationError with paths. */
export function simulateBriefly(protocol: Protocol, seed: number): "result" | "invalid" {
  try {
    const participant = simulateParticipant({ protocol, seed, participant: seed % 3 });
    const run = simulateTrialsSync({ protocol, seed, design: designWithNPerArm(protocol, {}, 2) }, { trials: 1, keepRows: true });
    expect(nonFiniteNumbers(run.summary)).toEqual([]);
    expect(participant.timeline.length).toBeGreaterThan(0);
    return "result";
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    expect(wellFormedIssues(err.issues)).toBe(true);
    return "invalid";
  }
}

/** Check a published result (without simulation unless asked): a report without NaN or Infinity, or a ValidationError with paths. */
export async function publishedOutcome(input: unknown, trials?: number): Promise<{ outcome: Outcome; paths: string[] }> {
  try {
    const report = await checkPublished(input, trials === undefined ? { simulate: false } : { trials, seed: 1 });
    expect(nonFiniteNumbers(report)).toEqual([]);
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
    return { outcome: "valid", paths: [] };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    expect(wellFormedIssues(err.issues)).toBe(true);
    return { outcome: "invalid", paths: err.issues.map((i) => i.path) };
  }
}
