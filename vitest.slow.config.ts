import { defineConfig } from "vitest/config";

// The slow tier (`npm run test:slow`, also run by .ci/run): checks that take minutes.
export default defineConfig({
  test: {
    include: ["test/**/*.slow.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
