// Where a `file:line` of a finding points: that line at the scanned commit, on the repository's
// own host (github.com, or a GitHub Enterprise server), so a link never shows a later version.
// Pure.
import { codeSpan, linkTarget } from "./markdown.js";

export interface SourceLinks {
  /** The repository's web address, as GitHub gives it (`html_url`). */
  repoUrl: string;
  /** The commit the lines belong to: the pull request's head. */
  sha: string;
}

// encodeURIComponent keeps these; a `)` in a path would end a Markdown link early.
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `<repoUrl>/blob/<sha>/<path>#L<line>`, each path segment encoded. */
export function lineUrl(links: SourceLinks, file: string, line: number): string {
  const path = file.split("/").map(encodeSegment).join("/");
  return `${links.repoUrl}/blob/${links.sha}/${path}#L${line}`;
}

/** `` `file:line` `` as a code span, linked to that line when the commit is known. */
export function placeLink(links: SourceLinks | undefined, file: string, line: number): string {
  const place = codeSpan(`${file}:${line}`);
  return links === undefined ? place : `[${place}](${linkTarget(lineUrl(links, file, line))})`;
}
