// npm as a user runs it: without the npm_* settings of the `npm test` that may have started us.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export const INSTALL_TIMEOUT_MS = 8 * 60_000;

export function npm(args: string[], cwd: string) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")),
  );
  return run("npm", args, { cwd, env, maxBuffer: 16 << 20, timeout: INSTALL_TIMEOUT_MS });
}
