import { defineConfig } from "vitest/config";

// `npm run test:docker` (scripts/test-docker.sh) runs these against the image it built; they are
// not part of `npm test`, which needs no Docker.
export default defineConfig({
  test: { include: ["test/docker/*.docker.ts"], testTimeout: 120_000, pool: "forks" },
});
