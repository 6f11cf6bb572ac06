/**
 * The HTML report in a real browser: each kind of report, written by the built CLI, opens from a
 * file:// URL with no console error and no request leaving the file; every chart holds drawn
 * marks; a screenshot of the simulation report is saved as artifacts/report.png.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { builtCli, ROOT } from "../helpers/cli.js";
import { drawnMarks, launchBrowser, watchedPage, type TestBrowser } from "./browser.js";

const ARTIFACTS = join(ROOT, "artifacts");
const REPORTS: readonly { kind: string; args: string[]; charts: number }[] = [
  { kind: "simulate", args: ["--preset", "mp1", "--trials", "200", "--seed", "7"], charts: 3 },
  { kind: "forecast", args: ["--preset", "phase3", "--predictive", "--n", "20", "--trials", "100"], charts: 3 },
  { kind: "power", args: ["--preset", "mp1", "--n", "8,16,32", "--trials", "100"], charts: 1 },
  { kind: "check", args: ["examples/checks/mp2.json", "--trials", "200"], charts: 1 },
];

let chromium: TestBrowser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mdma-report-"));
  for (const r of REPORTS) {
    const run = builtCli(["report", ...r.args, "--quiet", "--out", join(dir, `${r.kind}.html`)]);
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
  }
  chromium = await launchBrowser();
});

afterAll(async () => {
  await chromium?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(REPORTS)("the $kind report in headless Chromium", ({ kind, charts }) => {
  test("loads from file:// with no console error and no request leaving the file, and every chart holds drawn marks", async () => {
    const file = join(dir, `${kind}.html`);
    const url = pathToFileURL(file).href;
    const { page, log } = await watchedPage(chromium.browser, (u) => u === url);
    await page.goto(url, { waitUntil: "load" });
    expect(log.errors).toEqual([]);
    expect(log.refused).toEqual([]);
    expect(log.requests).toEqual([url]);
    const marks = await drawnMarks(page);
    expect(marks).toHaveLength(charts);
    for (const m of marks) expect(m.marks, m.id).toBeGreaterThan(0);
    const sections = await page.$$eval("section", (s) => s.map((e) => e.id));
    expect(sections).toEqual(expect.arrayContaining(["summary", "parameters", "provenance", ...(charts ? ["charts"] : [])]));
    expect(await page.$eval("header .disclaimer", (e) => e.textContent)).toContain("not medical advice");
    if (kind === "simulate") {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.setViewport({ width: 1200, height: 900 });
      await page.screenshot({ path: join(ARTIFACTS, "report.png"), fullPage: true });
      copyFileSync(file, join(ARTIFACTS, "report.html"));
    }
    await page.close();
  });
});
