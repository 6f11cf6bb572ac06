/**
 * The explorer's state (examples/explorer/state.ts, edit.ts) in Node: URLs round-trip, every
 * preset with every edit is a valid protocol (or fails with the protocol rules' message), and
 * the design at n per arm is what the CLI's --n gives.
 */
import { describe, expect, test } from "vitest";
import { DEFAULT_STATE, PRESET_IDS, designInput, nGrid, parseState, stateToSearch, type ExplorerState } from "../../examples/explorer/state.js";
import { editedProtocolInput, sessionCount, treatmentArm } from "../../examples/explorer/edit.js";
import { parseProtocol } from "../../src/protocol/parse.js";
import { presetInput, preset } from "../../src/protocol/presets.js";
import { designWithNPerArm } from "../../src/trial/api.js";

describe("the explorer's URL state", () => {
  test("a state survives the round trip through its query string", () => {
    const state: ExplorerState = { ...DEFAULT_STATE, preset: "mp2", nPerArm: 33, doseMg: 100, supplementalMg: 0, sessions: 2, placebo: "inactive", outcomeRater: "site-therapists", analysis: "mmrm", alpha: 0.025, seed: 99, participant: 3 };
    expect(parseState(stateToSearch(state))).toEqual(state);
  });
  test("an empty query is the default state; junk falls back and numbers are clamped", () => {
    expect(parseState("")).toEqual(DEFAULT_STATE);
    const s = parseState("?p=nope&n=100000&alpha=x&analysis=magic&placebo=sugar&sessions=0&seed=-4");
    expect(s).toEqual({ ...DEFAULT_STATE, nPerArm: 200, sessions: 1, seed: 0 });
  });
  test("the grid runs from half to twice n per arm", () => {
    expect(nGrid(20)).toEqual([10, 15, 20, 30, 40]);
    expect(nGrid(4)).toEqual([4, 6, 8]);
  });
});

describe("the explorer's edits are valid protocols", () => {
  const edits: Partial<ExplorerState>[] = [{}, { doseMg: 100, supplementalMg: 50 }, { supplementalMg: 0 }, { sessions: 1 }, { sessions: 2 }, { sessions: 3 }, { placebo: "inactive" }, { placebo: "low-dose-mdma" }, { placebo: "active-comparator" }, { outcomeRater: "site-therapists" }];
  test.each(PRESET_IDS)("%s with each edit", (id) => {
    for (const edit of edits) {
      const state = { ...DEFAULT_STATE, preset: id, ...edit };
      const protocol = parseProtocol(editedProtocolInput(state));
      if (edit.sessions) expect(protocol.schedule.experimental).toHaveLength(edit.sessions);
      if (edit.placebo) expect(protocol.blinding.placebo).toBe(edit.placebo);
      if (edit.outcomeRater) expect(protocol.blinding.outcomeRater).toBe(edit.outcomeRater);
      if (edit.doseMg) expect(protocol.arms.find((a) => a.id === treatmentArm(editedProtocolInput(state)).id)!.sessions.every((s) => s.initialMg === edit.doseMg)).toBe(true);
    }
  });
  test("no edit leaves the preset as it is", () => {
    expect(parseProtocol(editedProtocolInput({ ...DEFAULT_STATE, preset: "mp8" }))).toEqual(preset("mp8"));
  });
  test("the treatment arm is the non-control arm with the largest first dose", () => {
    expect(treatmentArm(presetInput("mp8") as never).id).toBe("mdma-125");
    expect(sessionCount(presetInput("mp2") as never)).toBe(3);
  });
  test("the design at n per arm is the CLI's --n split", () => {
    const protocol = preset("mp1");
    expect(designInput(DEFAULT_STATE, protocol, 10)).toEqual(designWithNPerArm(protocol, { primaryAnalysis: "welch", alpha: 0.05 }, 10));
  });
});
