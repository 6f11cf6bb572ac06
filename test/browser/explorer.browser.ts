/**
 * The explorer (dist-explorer/index.html, built by `npm run explorer`) in headless
 * Chromium: it loads from a double-click (file://) and from a local web server with no console
 * error and no request leaving it; moving a control changes the chart and the URL; its numbers
 * for a fixed seed equal the library's in Node; a screenshot is saved as artifacts/explorer.png.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "puppeteer-core";
import { ROOT } from "../helpers/cli.js";
import { launchBrowser, watchedPage, drawnMarks, type TestBrowser } from "./browser.js";

const PAGE = join(ROOT, "dist-explorer", "index.html");
const FILE_URL = pathToFileURL(PAGE).href;
const ARTIFACTS = join(ROOT, "artifacts");

let chromium: TestBrowser;
let server: Server;
let httpBase: string;

beforeAll(async () => {
  if (!existsSync(PAGE)) throw new Error("dist-explorer/index.html is missing: run `npm run explorer` (npm run test:browser builds it)");
  chromium = await launchBrowser();
  server = createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://127.0.0.1").pathname !== "/index.html") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(readFileSync(PAGE));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  httpBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await chromium?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Only the page itself (any query) and the worker's blob: URL may load. */
const ownPage = (base: string) => (url: string) => url.split("?")[0] === base;

/** Wait until the chosen n's estimate of `id` is for `trials` trials (of the page's current run). */
async function estimateAt(page: Page, id: string, trials: number): Promise<{ value: number; n: number; runId: string }> {
  await page.waitForFunction((el, t) => document.getElementById(el)?.dataset.trials === String(t) && document.getElementById(el)?.dataset.runId === document.body.dataset.runId, { timeout: 240_000, polling: 200 }, id, trials);
  return page.$eval(`#${id}`, (el) => ({ value: Number((el as HTMLElement).dataset.value), n: Number((el as HTMLElement).dataset.n), runId: (el as HTMLElement).dataset.runId! }));
}

describe.each([
  ["file://", () => FILE_URL],
  ["http://127.0.0.1", () => `${httpBase}/index.html`],
])("the explorer from %s", (_scheme, base) => {
  test("loads with no console error and no request leaving the page, and draws its first estimate", async () => {
    const { page, log } = await watchedPage(chromium.browser, ownPage(base()));
    await page.goto(`${base()}?p=mp1&n=6&seed=3`, { waitUntil: "load" });
    await page.waitForFunction(() => Number(document.getElementById("chart-power")?.dataset.drawn ?? 0) > 0 && Number(document.getElementById("chart-session")?.dataset.drawn ?? 0) > 0, { timeout: 120_000 });
    expect(await page.$eval("#power", (el) => el.textContent)).toMatch(/^\d(\.\d+)? ± \d/);
    const marks = await drawnMarks(page, ".chart");
    for (const m of marks.filter((x) => ["chart-power", "chart-session", "chart-effect", "chart-trajectories"].includes(x.id))) expect(m.marks, m.id).toBeGreaterThan(0);
    expect(log.errors).toEqual([]);
    expect(log.refused).toEqual([]);
    expect(log.requests.filter((u) => !u.startsWith("blob:") && !ownPage(base())(u))).toEqual([]);
    await page.close();
  });

  test("its Content-Security-Policy refuses a request the page did not plan (a fetch from the page and from its worker)", async () => {
    const { page, log } = await watchedPage(chromium.browser, ownPage(base()));
    await page.goto(`${base()}?p=mp1&n=6&seed=3`, { waitUntil: "load" });
    // The policy's own report (securitypolicyviolation), not the fetch failing: a fetch also fails
    // when the test's request interception aborts it or nothing listens on the port.
    const violations = await page.evaluate(async () => {
      const seen: string[] = [];
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`page ${e.effectiveDirective}`));
      await fetch("http://127.0.0.1:65000/leak").catch(() => undefined);
      const source = 'self.addEventListener("securitypolicyviolation", (e) => postMessage("worker " + e.effectiveDirective)); fetch("http://127.0.0.1:65000/leak").catch(() => undefined);';
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
      worker.onmessage = (m) => seen.push(String(m.data));
      for (let waited = 0; waited < 10_000 && !(seen.some((v) => v.startsWith("page ")) && seen.some((v) => v.startsWith("worker "))); waited += 50) await new Promise((r) => setTimeout(r, 50));
      worker.terminate();
      return seen.sort();
    });
    expect(violations).toEqual(["page connect-src", "worker connect-src"]);
    expect(log.requests.filter((u) => u.includes("/leak"))).toEqual([]);
    await page.close();
  });
});

describe("the explorer's figures", () => {
  test("for a fixed seed, the page's power and assurance equal the library's in Node (same seed, same design)", async () => {
    const { page, log } = await watchedPage(chromium.browser, ownPage(FILE_URL));
    await page.goto(`${FILE_URL}?p=mp1&n=6&seed=3`, { waitUntil: "load" });
    const power = await estimateAt(page, "power", 200);
    const assurance = await estimateAt(page, "assurance", 200);
    const lib = await import(join(ROOT, "dist", "index.js"));
    const engine = await import(join(ROOT, "dist", "engine.js"));
    const protocol = lib.preset("mp1");
    const design = engine.designWithNPerArm(protocol, { primaryAnalysis: "welch", alpha: 0.05 }, 6);
    const forecast = await lib.forecastTrial({ protocol, design, seed: 3 }, { trials: 200, chunkSize: 50, keepRows: false });
    expect(power.n).toBe(6);
    expect(power.value).toBe(forecast.powerAtPointEstimate.estimate);
    expect(assurance.value).toBe(forecast.assurance.estimate);
    expect(log.errors).toEqual([]);
    await page.close();
  });

  test("moving the sample-size slider changes the URL and redraws the curve with other numbers; a screenshot is saved", async () => {
    const { page, log } = await watchedPage(chromium.browser, ownPage(FILE_URL));
    await page.setViewport({ width: 1400, height: 1800 });
    await page.goto(`${FILE_URL}?p=mp1&n=8&seed=1`, { waitUntil: "load" });
    await page.waitForFunction(() => Number(document.getElementById("chart-power")?.dataset.drawn ?? 0) > 0, { timeout: 120_000 });
    const before = await page.$eval("#chart-power", (el) => el.innerHTML);
    const runBefore = await page.evaluate(() => document.body.dataset.runId);
    await page.focus("#n");
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
    await page.waitForFunction((r) => document.body.dataset.runId !== r && Number(document.getElementById("chart-power")?.dataset.drawn ?? 0) > 1, { timeout: 120_000 }, runBefore);
    await page.waitForFunction((r) => document.getElementById("power")?.dataset.runId === document.body.dataset.runId && document.body.dataset.runId !== r, { timeout: 120_000 }, runBefore);
    // The power curve redrawn from the new run's results (its grid is around the new n).
    await page.waitForFunction(() => document.getElementById("chart-power")?.dataset.runId === document.body.dataset.runId, { timeout: 120_000 });
    expect(new URL(page.url()).searchParams.get("n")).toBe("12");
    expect(await page.$eval("#power", (el) => (el as HTMLElement).dataset.n)).toBe("12");
    const after = await page.$eval("#chart-power", (el) => el.innerHTML);
    expect(after).not.toBe(before);
    await estimateAt(page, "power", 200);
    await page.waitForFunction(() => Number(document.getElementById("chart-effect")?.dataset.drawn ?? 0) > 0 && Number(document.getElementById("chart-session")?.dataset.drawn ?? 0) > 0, { timeout: 120_000 });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "explorer.png"), fullPage: true });
    expect(log.errors).toEqual([]);
    expect(log.refused).toEqual([]);
    await page.close();
  });

  test("an edit the protocol rules forbid shows their message instead of a figure", async () => {
    const { page, log } = await watchedPage(chromium.browser, ownPage(FILE_URL));
    await page.goto(`${FILE_URL}?p=mp1&n=8&dose=50&sup=100`, { waitUntil: "load" });
    await page.waitForFunction(() => document.getElementById("status")?.classList.contains("error"), { timeout: 60_000 });
    expect(await page.$eval("#status", (el) => el.textContent)).toMatch(/supplemental/i);
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
