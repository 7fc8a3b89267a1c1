import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/hermetic.ts"],
    // System tools first; then a fresh dist/ for the tests that run the built CLI.
    globalSetup: ["test/helpers/system-tools.ts", "test/helpers/fresh-build.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: keep forks few so e2e child processes are not starved.
    pool: "forks",
    maxWorkers: 2,
  },
});
