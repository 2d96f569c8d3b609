// One check-run annotation per finding, at its line, and the batches GitHub accepts (50 per
// request). Annotations are plain text on GitHub: nothing to escape, only lengths to bound.
import { chunk } from "./chunk.js";
import type { Finding, Severity } from "../analysis/index.js";
import { contextLines } from "./evidence.js";
import { truncate } from "./markdown.js";
import { ruleTitle } from "./review-comment.js";

export const ANNOTATIONS_PER_REQUEST = 50;

// GitHub caps the title at 255 characters and message and raw_details at 64 KB each; shorter
// bounds keep the requests of a large scan small.
const MAX_TITLE_LENGTH = 255;
const MAX_MESSAGE_LENGTH = 4_000;
const MAX_RAW_DETAILS_LENGTH = 10_000;

export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: Severity;
  title: string;
  message: string;
  raw_details?: string;
}

export function annotationOf(finding: Finding): CheckRunAnnotation {
  // Without the blank lines around it; the first line's indentation is part of the code.
  const example = finding.example.replace(/^\s*\n/, "").trimEnd();
  return {
    path: finding.file,
    start_line: finding.line,
    end_line: finding.line,
    // The analysis severities are named after GitHub's annotation levels.
    annotation_level: finding.severity,
    title: truncate(`${finding.ruleId}: ${ruleTitle(finding.ruleId)}`, MAX_TITLE_LENGTH),
    message: truncate(
      [finding.message, ...contextLines(finding), "", `Instead: ${finding.fix}`].join("\n"),
      MAX_MESSAGE_LENGTH,
    ),
    ...(example === "" ? {} : { raw_details: truncate(example, MAX_RAW_DETAILS_LENGTH) }),
  };
}

export function annotationBatches(
  annotations: readonly CheckRunAnnotation[],
): CheckRunAnnotation[][] {
  return chunk(annotations, ANNOTATIONS_PER_REQUEST);
}
