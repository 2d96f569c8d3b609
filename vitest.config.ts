import { configDefaults, defineConfig } from "vitest/config";

// Test files whose name contains "redis" run against a real Redis: only their project starts one
// (test/global-setup.ts), so the other tests run on a machine without redis-server.
const REDIS_TESTS = ["test/**/*redis*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // tree-sitter trees hold native memory; separate processes keep each file's peak bounded.
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "main",
          include: ["test/**/*.test.ts", "src/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...REDIS_TESTS],
        },
      },
      {
        extends: true,
        test: { name: "redis", include: REDIS_TESTS, globalSetup: ["test/global-setup.ts"] },
      },
    ],
  },
});
