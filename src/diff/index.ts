// Public API of the diff layer: pure, strings in, data out.
export { parsePatch } from "./patch.js";
export type { Hunk, ParsedPatch, PatchLine, PatchLineKind } from "./patch.js";
export { findIntroduced, findingIdentity } from "./introduced.js";
export type {
  ChangeStatus,
  ChangedFile,
  IntroducedFindings,
  ProjectVersions,
} from "./introduced.js";
