// Hiding our outdated review comments: GraphQL only (REST cannot minimize).
import type { Octokit } from "./client.js";

interface MinimizedNodes {
  nodes: ({ id: string; isMinimized?: boolean } | null)[];
}

/** The subset of comment node ids that are not minimized yet (one query for all of them). */
export async function filterNotMinimized(
  octokit: Octokit,
  nodeIds: readonly string[],
): Promise<string[]> {
  if (nodeIds.length === 0) return [];
  const result = await octokit.graphql<MinimizedNodes>(
    `query($ids: [ID!]!) { nodes(ids: $ids) { ... on PullRequestReviewComment { id isMinimized } } }`,
    { ids: nodeIds },
  );
  return result.nodes.flatMap((node) => (node && node.isMinimized === false ? [node.id] : []));
}

export async function minimizeAsOutdated(octokit: Octokit, nodeId: string): Promise<void> {
  await octokit.graphql(
    `mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }`,
    { id: nodeId },
  );
}
