import { defineConfig } from "vitest/config";

// The browser tier (`npm run test:browser`, run by .ci/run after the slow tier): the HTML report
// and the explorer in headless Chromium (Debian's chromium-headless-shell, installed by .ci/run).
// Screenshots go to artifacts/ (report.png, explorer.png).
export default defineConfig({
  test: {
    include: ["test/browser/**/*.browser.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
