// The files a scan left out (unreadable, too large, analysis failed), listed where the review and
// the check run say what was found: an incomplete scan says so, and says which files. Pure.
import type { NotScanned } from "../diff/index.js";
import { codeSpan, escapeInlineMarkdown } from "./markdown.js";

const MAX_LISTED = 50;

/** "1 file not scanned", "3 files not scanned" */
export function notScannedCount(notScanned: readonly NotScanned[]): string {
  return `${notScanned.length} ${notScanned.length === 1 ? "file" : "files"} not scanned`;
}

/** A paragraph and a list, or nothing when every file was scanned. */
export function notScannedSection(notScanned: readonly NotScanned[]): string[] {
  if (notScanned.length === 0) return [];
  const listed = notScanned
    .slice(0, MAX_LISTED)
    .map(({ path, reason }) => `- ${codeSpan(path)}: ${escapeInlineMarkdown(reason)}`);
  const more = notScanned.length - listed.length;
  return [
    `**This scan is incomplete**: ${notScannedCount(notScanned)}, so receivers they add are not reported. Everything else was reviewed.`,
    "",
    ...listed,
    ...(more > 0 ? [`- … and ${more} more`] : []),
  ];
}
