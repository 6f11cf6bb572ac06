import { defineConfig } from "vitest/config";

// The default tier (`npm test`): about a minute on 2 cores, no test allowed more than 30 s.
// Slow checks (documentation drift, replaying the shipped calibration, worker identity at scale,
// long type-I runs, the fuzz suite) are *.slow.test.ts files, run by `npm run test:slow`
// (vitest.slow.config.ts) and by .ci/run.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/**/*.slow.test.ts", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "threads",
    maxWorkers: 2,
    isolate: false,
  },
});
