/**
 * The README's TypeScript examples run as written: every ```ts block of the tour, joined into one
 * module (imports first, `readFileSync` from node:fs added), transpiled by esbuild and run with
 * Node against the built package (imports of "mdma-trial-sim" resolve to this package).
 */
import { describe, expect, test } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { transformSync } from "esbuild";
import { ROOT } from "./helpers/cli.js";

function tourModule(): string {
  const readme = readFileSync(`${ROOT}README.md`, "utf8");
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const lines = blocks.join("\n").split("\n");
  const imports = new Map<string, Set<string>>();
  const body: string[] = [];
  for (const line of lines) {
    const m = /^import \{([^}]*)\} from "([^"]+)";$/.exec(line.trim());
    if (!m) {
      body.push(line);
      continue;
    }
    const names = imports.get(m[2]!) ?? new Set<string>();
    for (const n of m[1]!.split(",").map((s) => s.trim()).filter(Boolean)) names.add(n);
    imports.set(m[2]!, names);
  }
  const head = [...imports].map(([from, names]) => `import { ${[...names].join(", ")} } from "${from}";`);
  return [`import { readFileSync } from "node:fs";`, ...head, ...body, `console.log("tour ran");`].join("\n");
}

describe("README", () => {
  test("the tour's TypeScript examples run against the built package", () => {
    const dir = `${ROOT}scratch/readme`;
    mkdirSync(dir, { recursive: true });
    const js = transformSync(tourModule(), { loader: "ts", format: "esm" }).code;
    writeFileSync(`${dir}/tour.mjs`, js);
    const r = spawnSync(process.execPath, [`${dir}/tour.mjs`], { encoding: "utf8", cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("tour ran");
  }, 600_000);
});
