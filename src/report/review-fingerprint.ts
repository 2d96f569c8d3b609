// The hidden marker that makes review comments idempotent: a scan posts only findings whose
// fingerprint no earlier comment of ours carries. Rule + file + receiver identity, never the line,
// so a push that shifts code does not repeat a comment.
import { createHash } from "node:crypto";
import type { Finding } from "../analysis/index.js";
import { findingIdentity } from "../diff/index.js";

const MARKER_LINE = /^<!-- django-signals:fingerprint=([0-9a-f]{16}) -->$/;

/** SHA-256 (hex) of a finding's file and identity: the same receiver and rule hash alike. */
export function identityHash(finding: Finding): string {
  return createHash("sha256")
    .update(JSON.stringify([finding.file, findingIdentity(finding)]))
    .digest("hex");
}

export function fingerprint(finding: Finding): string {
  return identityHash(finding).slice(0, 16);
}

export function fingerprintMarker(hash: string): string {
  return `<!-- django-signals:fingerprint=${hash} -->`;
}

/** The hidden markers of a receiver's findings, one per fingerprint (a rule's repeats share one). */
export function markersOf({ findings }: { findings: readonly Finding[] }): string[] {
  return [...new Set(findings.map(fingerprint))].map(fingerprintMarker);
}

/**
 * The fingerprints a comment body carries: the whole marker lines that end it, where our bodies
 * put them. A marker anywhere else (quoted, or inside code a stranger wrote) never counts.
 */
export function fingerprintsIn(body: string): string[] {
  const lines = body.trimEnd().split("\n");
  const found: string[] = [];
  for (let index = lines.length - 1; index >= 0; index--) {
    const hash = MARKER_LINE.exec(lines[index] ?? "")?.[1];
    if (hash === undefined) break;
    found.unshift(hash);
  }
  return found;
}
