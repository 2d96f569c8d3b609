import type { FakeState } from "../state.js";

export interface GraphqlReply {
  status: number;
  body: unknown;
  /** Set when the query is one this fake does not know: the test should fail. */
  unsupported?: string;
}

/** Our node ids are base64("0:<Type><id>"); see json.ts. */
function decodeNodeId(nodeId: string): { type: string; id: number } | undefined {
  const match = /^0:([A-Za-z]+)(\d+)$/.exec(Buffer.from(nodeId, "base64").toString("utf8"));
  return match ? { type: match[1] ?? "", id: Number(match[2]) } : undefined;
}

/** An argument given inline (`subjectId: "x"`, `classifier: OUTDATED`) or through a $variable. */
function argument(
  query: string,
  variables: Record<string, unknown>,
  name: string,
): string | undefined {
  const match = new RegExp(`${name}\\s*:\\s*(\\$\\w+|"[^"]*"|\\w+)`).exec(query);
  const raw = match?.[1];
  if (raw === undefined) return undefined;
  if (raw.startsWith("$")) {
    const value = variables[raw.slice(1)];
    return typeof value === "string" ? value : undefined;
  }
  return raw.replace(/^"|"$/g, "");
}

/** GitHub answers a failed mutation with 200 and an error: NOT_FOUND, or FORBIDDEN for a read-only token. */
function minimizeFailed(type: string, message: string): GraphqlReply {
  return {
    status: 200,
    body: {
      data: { minimizeComment: null },
      errors: [{ type, path: ["minimizeComment"], message }],
    },
  };
}

function minimizeComment(
  state: FakeState,
  query: string,
  variables: Record<string, unknown>,
): GraphqlReply {
  const subjectId = argument(query, variables, "subjectId") ?? "";
  const classifier = argument(query, variables, "classifier") ?? "";
  const node = decodeNodeId(subjectId);
  const comment =
    node?.type === "PullRequestReviewComment"
      ? state.reviewComments.find((c) => c.id === node.id)
      : node?.type === "IssueComment"
        ? state.issueComments.find((c) => c.id === node.id)
        : undefined;
  if (!comment) {
    return minimizeFailed(
      "NOT_FOUND",
      `Could not resolve to a node with the global id of '${subjectId}'`,
    );
  }
  comment.minimizedReason = classifier;
  return {
    status: 200,
    body: {
      data: {
        minimizeComment: {
          minimizedComment: { isMinimized: true, minimizedReason: classifier.toLowerCase() },
        },
      },
    },
  };
}

/** `nodes(ids: [...]) { ... on PullRequestReviewComment { id isMinimized } }`: null for other ids. */
function reviewCommentNodes(state: FakeState, variables: Record<string, unknown>): GraphqlReply {
  const ids = Array.isArray(variables.ids) ? (variables.ids as unknown[]) : [];
  const nodes = ids.map((id) => {
    const node = typeof id === "string" ? decodeNodeId(id) : undefined;
    const comment =
      node?.type === "PullRequestReviewComment"
        ? state.reviewComments.find((c) => c.id === node.id)
        : undefined;
    return comment ? { id, isMinimized: comment.minimizedReason !== undefined } : null;
  });
  return { status: 200, body: { data: { nodes } } };
}

/** The GraphQL endpoint: records every mutation; answers `minimizeComment` and the `nodes` query. */
export function handleGraphql(state: FakeState, body: unknown, canWrite: boolean): GraphqlReply {
  const { query, variables } = (body ?? {}) as {
    query?: unknown;
    variables?: Record<string, unknown>;
  };
  if (typeof query !== "string") {
    return {
      status: 400,
      body: { message: "Problems parsing JSON" },
      unsupported: "no query string",
    };
  }
  const vars = variables ?? {};
  if (/^\s*mutation\b/.test(query)) state.graphqlMutations.push({ query, variables: vars });
  if (/^\s*query\b[^{]*\{\s*nodes\s*\(\s*ids\s*:\s*\$ids\s*\)/.test(query)) {
    return reviewCommentNodes(state, vars);
  }
  if (/\bminimizeComment\s*\(/.test(query)) {
    return canWrite
      ? minimizeComment(state, query, vars)
      : minimizeFailed("FORBIDDEN", "Resource not accessible by integration");
  }
  return {
    status: 200,
    body: {
      errors: [{ message: "This fake GitHub only answers minimizeComment and nodes(ids:)" }],
    },
    unsupported: query.slice(0, 200),
  };
}
