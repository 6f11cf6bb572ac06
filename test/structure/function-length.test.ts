/**
 * Small, named pieces: no function in src/ runs past about 80 lines. The exceptions are listed
 * here with their reason; adding one is a deliberate act.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));
const LIMIT = 80;
/** Functions allowed past the limit, by file and name, with why. */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  "pk/exposure.ts solvePkExposure": "one hand-specialised Dormand-Prince step loop over the three PK states (speed); splitting it would add calls inside the hot loop",
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith(".ts") ? [join(dir, f)] : []));
}

function longFunctions(): { key: string; lines: number }[] {
  const out: { key: string; lines: number }[] = [];
  for (const file of files(SRC)) {
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const visit = (n: ts.Node) => {
      if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isConstructorDeclaration(n)) {
        const lines = sf.getLineAndCharacterOfPosition(n.getEnd()).line - sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
        const name = (n as ts.FunctionDeclaration).name?.getText() ?? (ts.isVariableDeclaration(n.parent) ? n.parent.name.getText() : "(anonymous)");
        if (lines > LIMIT) out.push({ key: `${relative(SRC, file)} ${name}`, lines });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

test(`no function in src/ is longer than ${LIMIT} lines, but the listed exceptions`, () => {
  const found = longFunctions();
  expect(found.filter((f) => !(f.key in EXCEPTIONS)).map((f) => `${f.key} (${f.lines} lines)`)).toEqual([]);
});
