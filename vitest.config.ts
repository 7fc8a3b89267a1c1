import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/hermetic.ts"],
    globalSetup: ["test/helpers/system-tools.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: keep forks few so e2e child processes are not starved.
    pool: "forks",
    maxWorkers: 2,
  },
});
