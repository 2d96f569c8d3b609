// The process logger: Probot's formatting (JSON, or pretty in development) with secrets removed
// twice over: by field name (pino's redact) and, for values that end up inside messages or
// error texts, by scrubbing the known secrets and anything shaped like a GitHub token from each line.
import { Transform } from "node:stream";
import { getTransformStream } from "@probot/pino";
import { pino } from "pino";
import type { Logger } from "pino";
import { escapeRegExp } from "../analysis/locate.js";
import { probesAtDebug } from "./probe-logging.js";
import type { LogSettings } from "./settings.js";

const CENSORED = "[REDACTED]";

/** Field paths whose values are secrets wherever they appear in a log object. */
const REDACTED_PATHS = [
  "privateKey",
  "secret",
  "webhookSecret",
  "token",
  "*.privateKey",
  "*.secret",
  "*.webhookSecret",
  "*.token",
  "headers.authorization",
  "*.headers.authorization",
  "*.headers.cookie",
  "req.headers.authorization",
  "req.headers['x-hub-signature-256']",
  "req.headers['x-hub-signature']",
  "err.request.headers.authorization",
  "err.response.data.token",
  "err.response.headers.authorization",
];

// Installation (ghs_), user-to-server (ghu_), OAuth (gho_), refresh (ghr_) and personal (ghp_) tokens.
const GITHUB_TOKEN = /\bgh[pousr]_[A-Za-z0-9_-]{16,}/g;
// A JWT (the app's, signed with its private key).
const JWT = /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g;

/** The pieces of each secret worth hiding: the whole value as JSON shows it, and each key line. */
function secretFragments(secrets: readonly string[]): string[] {
  const fragments = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 6) continue; // too short to scrub without mangling ordinary text
    fragments.add(JSON.stringify(secret).slice(1, -1));
    for (const line of secret.split(/\r?\n/)) {
      if (line.length >= 16 && !line.startsWith("-----")) fragments.add(line.trim());
    }
  }
  return [...fragments].sort((a, b) => b.length - a.length);
}

export function secretScrubber(secrets: readonly string[]): (line: string) => string {
  const fragments = secretFragments(secrets);
  const known =
    fragments.length === 0 ? undefined : new RegExp(fragments.map(escapeRegExp).join("|"), "g");
  return (line) => {
    const scrubbed = known === undefined ? line : line.replace(known, CENSORED);
    return scrubbed.replace(GITHUB_TOKEN, CENSORED).replace(JWT, CENSORED);
  };
}

function scrubbingStream(scrub: (line: string) => string): Transform {
  // Object mode keeps one log line per chunk, as Probot's formatter expects.
  return new Transform({
    objectMode: true,
    transform(chunk: Buffer | string, _encoding, done) {
      done(null, scrub(chunk.toString()));
    },
  });
}

export async function createLogger(
  settings: LogSettings,
  secrets: readonly string[],
): Promise<Logger> {
  const format = await getTransformStream({
    logFormat: settings.format,
    logLevelInString: settings.levelInString,
    sentryDsn: settings.sentryDsn,
  });
  const scrub = scrubbingStream(secretScrubber(secrets));
  scrub.pipe(format).pipe(process.stdout);
  return pino(
    {
      level: settings.level,
      name: "probot",
      messageKey: settings.messageKey ?? "msg",
      redact: { paths: REDACTED_PATHS, censor: CENSORED },
      hooks: { logMethod: probesAtDebug },
    },
    scrub,
  );
}
