import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    // tree-sitter trees hold native memory; separate processes keep each file's peak bounded.
    pool: "forks",
  },
});
