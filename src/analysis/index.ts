// Public API of the analysis layer. Implementation in progress (issue 2).
export * from "./types.js";
