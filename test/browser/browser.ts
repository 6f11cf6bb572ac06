/**
 * Headless Chromium for the browser tier (`npm run test:browser`): Debian's
 * chromium-headless-shell (or chromium), driven by puppeteer-core, on a closed network. Each page
 * records what it asks for and what it logs, so a test can say "no request left the page" and
 * "no console error".
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

/** Where .ci/run installs Chromium (first found wins); CHROMIUM_PATH overrides. */
const CANDIDATES = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/lib/chromium/headless_shell"];

/** The Chromium binary to drive, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((p) => existsSync(p));
}

/** A launched browser and the throwaway profile directory it uses. */
export interface TestBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Launch headless Chromium with no background networking (root: no sandbox), in a new profile. */
export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(`no Chromium found (looked at ${CANDIDATES.join(", ")}); .ci/run installs chromium-headless-shell: apt-get install -y chromium-headless-shell`);
  const profile = mkdtempSync(join(tmpdir(), "mdma-chromium-"));
  const args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", `--user-data-dir=${profile}`];
  const browser = await puppeteer.launch({ executablePath, headless: "shell", args, timeout: 60_000 });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What a page asked for and logged while a test used it. */
export interface PageLog {
  /** Every request's URL, in order. */
  readonly requests: string[];
  /** Requests refused because they would have left the page's own files. */
  readonly refused: string[];
  /** Console messages of type error, and uncaught exceptions. */
  readonly errors: string[];
}

/**
 * A new page that may load only URLs `allowed` accepts (its own files); every other request is
 * refused and recorded, as are console errors and uncaught exceptions.
 */
export async function watchedPage(browser: Browser, allowed: (url: string) => boolean): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage();
  const log: PageLog = { requests: [], refused: [], errors: [] };
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    log.requests.push(url);
    if (url.startsWith("data:") || url.startsWith("blob:") || allowed(url)) void request.continue();
    else {
      log.refused.push(url);
      void request.abort("blockedbyclient");
    }
  });
  page.on("console", (message) => {
    if (message.type() === "error") log.errors.push(message.text());
  });
  page.on("pageerror", (error) => log.errors.push(String(error)));
  return { page, log };
}

/** Per chart figure: its id and how many drawn data marks (with a non-empty box) its SVG holds. */
export async function drawnMarks(page: Page, selector = "figure.chart"): Promise<{ id: string; marks: number }[]> {
  return page.$$eval(selector, (figures) =>
    figures.map((figure) => {
      const marks = [...figure.querySelectorAll("svg .role-mark > *")].filter((el) => {
        const box = (el as unknown as { getBBox?: () => { width: number; height: number } }).getBBox?.();
        return box !== undefined && (box.width > 0 || box.height > 0);
      });
      return { id: figure.id, marks: marks.length };
    }),
  );
}
