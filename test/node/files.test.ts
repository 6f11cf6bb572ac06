/**
 * File input from the Node entry (issue 10 item 5, issue 12 item 14): a UTF-8 byte-order mark is
 * allowed, and every failure of loadProtocol or readJsonFile is the exported ValidationError with
 * its rule, never a bare Error.
 */
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadProtocol, readJsonFile } from "../../src/node/files.js";
import { ValidationError } from "../../src/errors.js";
import { preset } from "../../src/protocol/presets.js";

const dir = mkdtempSync(join(tmpdir(), "mdma-files-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const rulesOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues.map((i) => i.rule);
  }
  throw new Error("expected a ValidationError");
};

describe("readJsonFile and loadProtocol", () => {
  test("a file starting with a UTF-8 byte-order mark parses as the same JSON", () => {
    const text = JSON.stringify(preset("mp1"));
    expect(readJsonFile(file("bom.json", `\uFEFF${text}`))).toEqual(JSON.parse(text));
    expect(loadProtocol(file("bom-protocol.json", `\uFEFF${text}`))).toEqual(preset("mp1"));
  });
  test("a preset id loads the preset", () => {
    expect(loadProtocol("mp8")).toEqual(preset("mp8"));
  });
  test("every failure is a ValidationError with its rule", () => {
    expect(rulesOf(() => loadProtocol("mp99"))).toEqual(["preset-or-file"]);
    expect(rulesOf(() => loadProtocol(join(dir, "missing.json")))).toEqual(["readable"]);
    expect(rulesOf(() => loadProtocol(file("bad.json", "{ not json")))).toEqual(["json"]);
    expect(rulesOf(() => loadProtocol(file("wrong.json", JSON.stringify({ id: "x" })))).length).toBeGreaterThan(1);
  });
});
