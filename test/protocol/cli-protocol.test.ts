/** Issue 12 items 1-3 through the CLI: hostile protocol files exit 2 with paths, never 1 with a stack overflow. */
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../helpers/cli.js";
import { presetInput } from "../../src/engine.js";

const tmp = mkdtempSync(join(tmpdir(), "mdma-trial-sim-protocol-"));
const write = (name: string, value: unknown) => {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

/* eslint-disable @typescript-eslint/no-explicit-any */
function hostileFiles(): [string, string, RegExp][] {
  let deep: unknown = 1;
  for (let i = 0; i < 2050; i++) deep = { x: [deep] };
  const nested: any = presetInput("mp1");
  nested.schedule.assessments[1].label = deep;
  const prep: any = presetInput("mp1");
  prep.schedule.preparatory = Array.from({ length: 123_000 }, (_, i) => ({ day: 1 + (i % 20), durationMin: 90 }));
  const arms: any = presetInput("mp1");
  arms.arms = Array.from({ length: 61_000 }, (_, i) => ({ ...arms.arms[1], id: `a${i}` }));
  return [
    ["4,100 levels of nesting", write("deep.json", nested), /schedule\.assessments\[1\]\.label(\.x\[0\])+: is nested more than 16 levels deep; no valid input is \[nesting-depth\]/],
    ["123,000 preparatory sessions", write("prep.json", prep), /schedule\.preparatory: has 123000 items; at most 1000 are allowed in any list \[array-length\]/],
    ["61,000 arms", write("arms.json", arms), /arms: has 61000 items; at most 1000 are allowed in any list \[array-length\]/],
  ];
}

describe("hostile protocol files", () => {
  const files = hostileFiles();
  test.each(files)("%s: validate and timeline exit 2 and name the path", async (_, file, expected) => {
    for (const command of ["validate", "timeline"]) {
      const r = await cli("protocol", command, file);
      expect(r.code, command).toBe(2);
      expect(r.err).toMatch(expected);
      expect(r.err).not.toMatch(/internal error|Maximum call stack/);
    }
  });
});

describe("protocol schema", () => {
  test("includes the blinding setup and the open-label phases", async () => {
    const r = await cli("protocol", "schema");
    const schema = JSON.parse(r.out);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["blinding", "openLabel"]));
  });
});
