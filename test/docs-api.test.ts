/**
 * docs/api.md lists every value the root and Node entries export, read from the modules
 * themselves at run time (not from the generator that writes the page): each of the root's names
 * in the root's section, each name the Node entry adds in the Node section, and each member of
 * the `charts` namespace in that namespace's section as `charts.<name>`. docs.slow.test.ts checks
 * the page is the generator's current output; this test checks the generator leaves nothing out,
 * and that every entry has its TSDoc (the generator writes "(undocumented)" where one has none).
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { ROOT } from "./helpers/cli.js";
import * as root from "../src/index.js";
import * as node from "../src/node/index.js";

const page = readFileSync(`${ROOT}docs/api.md`, "utf8");

/** The text of the section headed `heading` (a whole line), up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const level = /^#+/.exec(heading)![0].length;
  const lines = page.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) return "";
  const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line) && /^#+/.exec(line)![0].length <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** The names listed as entries (`- **\`name\`**`) in a section. */
const listed = (text: string): Set<string> => new Set([...text.matchAll(/^- \*\*`([^`]+)`\*\*/gm)].map((m) => m[1]!));

describe("docs/api.md", () => {
  const rootListed = listed(section("## `mdma-trial-sim`"));
  const nodeListed = listed(section("## `mdma-trial-sim/node`"));

  test("lists every value of the root entry in the root's section", () => {
    const missing = Object.keys(root).filter((name) => !rootListed.has(name));
    expect(missing).toEqual([]);
  });

  test("lists every value the Node entry adds in the Node section (the root's own values in the root's)", () => {
    const added = Object.keys(node).filter((name) => (node as Record<string, unknown>)[name] !== (root as Record<string, unknown>)[name]);
    expect(added.length).toBeGreaterThan(0);
    expect(added.filter((name) => !nodeListed.has(name))).toEqual([]);
  });

  test("lists every member of the charts namespace in its own section, as charts.<name>", () => {
    const members = listed(section("### The `charts` namespace"));
    const missing = Object.keys(root.charts).filter((name) => !members.has(`charts.${name}`));
    expect(Object.keys(root.charts).length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  test("has no entry without TSDoc: no line reads (undocumented)", () => {
    const undocumented = page.split("\n").filter((line) => line.includes("(undocumented)"));
    expect(undocumented).toEqual([]);
  });
});
