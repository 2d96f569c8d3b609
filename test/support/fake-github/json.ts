import type {
  CheckRun,
  Installation,
  IssueComment,
  PullRequest,
  Reaction,
  Repo,
  Review,
  ReviewComment,
  User,
} from "./state.js";
import type { FakeState } from "./state.js";

/** Base URLs the JSON links point to: the fake's own address. */
export interface Urls {
  api: string;
  web: string;
}

function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString("base64");
}

export function userJson(user: User, urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId("User", user.id),
    avatar_url: `${urls.web}/avatars/${user.id}`,
    gravatar_id: "",
    url: api,
    html_url: `${urls.web}/${encodeURIComponent(user.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    site_admin: false,
  };
}

/** The `*_url` link templates every repository object carries. */
const REPO_LINKS: Record<string, string> = {
  archive_url: "/{archive_format}{/ref}",
  assignees_url: "/assignees{/user}",
  blobs_url: "/git/blobs{/sha}",
  branches_url: "/branches{/branch}",
  collaborators_url: "/collaborators{/collaborator}",
  comments_url: "/comments{/number}",
  commits_url: "/commits{/sha}",
  compare_url: "/compare/{base}...{head}",
  contents_url: "/contents/{+path}",
  contributors_url: "/contributors",
  deployments_url: "/deployments",
  downloads_url: "/downloads",
  events_url: "/events",
  forks_url: "/forks",
  git_commits_url: "/git/commits{/sha}",
  git_refs_url: "/git/refs{/sha}",
  git_tags_url: "/git/tags{/sha}",
  hooks_url: "/hooks",
  issue_comment_url: "/issues/comments{/number}",
  issue_events_url: "/issues/events{/number}",
  issues_url: "/issues{/number}",
  keys_url: "/keys{/key_id}",
  labels_url: "/labels{/name}",
  languages_url: "/languages",
  merges_url: "/merges",
  milestones_url: "/milestones{/number}",
  notifications_url: "/notifications{?since,all,participating}",
  pulls_url: "/pulls{/number}",
  releases_url: "/releases{/id}",
  stargazers_url: "/stargazers",
  statuses_url: "/statuses/{sha}",
  subscribers_url: "/subscribers",
  subscription_url: "/subscription",
  tags_url: "/tags",
  teams_url: "/teams",
  trees_url: "/git/trees{/sha}",
};

export function repoJson(repo: Repo, urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.fullName}`;
  const html = `${urls.web}/${repo.fullName}`;
  const links = Object.fromEntries(
    Object.entries(REPO_LINKS).map(([key, suffix]) => [key, api + suffix]),
  );
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: userJson(repo.owner, urls),
    private: repo.isPrivate,
    visibility: repo.isPrivate ? "private" : "public",
    fork: repo.forkOf !== undefined,
    description: null,
    html_url: html,
    url: api,
    ...links,
    clone_url: `${html}.git`,
    git_url: `${html.replace(/^http/, "git")}.git`,
    ssh_url: `git@${new URL(urls.web).host}:${repo.fullName}.git`,
    svn_url: html,
    mirror_url: null,
    homepage: null,
    language: "Python",
    default_branch: repo.defaultBranch,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    open_issues: 0,
    open_issues_count: 0,
    size: 0,
    has_downloads: true,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    archived: false,
    disabled: false,
    license: null,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    pushed_at: "2026-01-01T00:00:00Z",
  };
}

function branchJson(repo: Repo, ref: string, sha: string, urls: Urls): Record<string, unknown> {
  return {
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: userJson(repo.owner, urls),
    repo: repoJson(repo, urls),
  };
}

function authorAssociation(state: FakeState, repo: Repo, user: User): string {
  if (repo.owner === user) return "OWNER";
  if (repo.collaborators.has(user.login.toLowerCase())) return "COLLABORATOR";
  return state.pulls.some((p) => p.repo === repo && p.author === user) ? "CONTRIBUTOR" : "NONE";
}

export function pullJson(state: FakeState, pr: PullRequest, urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/repos/${pr.repo.fullName}`;
  const html = `${urls.web}/${pr.repo.fullName}/pull/${pr.number}`;
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: nodeId("PullRequest", pr.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: userJson(pr.author, urls),
    body: pr.body,
    labels: [],
    milestone: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.state === "closed" ? pr.updatedAt : null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchJson(pr.headRepo, pr.headRef, pr.headSha, urls),
    base: branchJson(pr.repo, pr.baseRef, pr.baseSha, urls),
    _links: {
      self: { href: `${api}/pulls/${pr.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${pr.number}` },
      comments: { href: `${api}/issues/${pr.number}/comments` },
      review_comments: { href: `${api}/pulls/${pr.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pr.number}/commits` },
      statuses: { href: `${api}/statuses/${pr.headSha}` },
    },
    author_association: authorAssociation(state, pr.repo, pr.author),
    auto_merge: null,
    active_lock_reason: null,
    draft: pr.draft,
    merged: false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: "unknown",
    merged_by: null,
    maintainer_can_modify: false,
    // Counts GitHub computes; the fake has no use for them beyond the documented shape.
    comments: state.issueComments.filter((c) => c.repo === pr.repo && c.issueNumber === pr.number)
      .length,
    review_comments: state.reviewCommentsOf(pr).length,
    commits: pr.headHistory.length,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

export function reviewJson(state: FakeState, review: Review, urls: Urls): Record<string, unknown> {
  const html = `${urls.web}/${review.repo.fullName}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: nodeId("PullRequestReview", review.id),
    user: userJson(review.user, urls),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: `${urls.api}/repos/${review.repo.fullName}/pulls/${review.pullNumber}`,
    _links: {
      html: { href: html },
      pull_request: {
        href: `${urls.api}/repos/${review.repo.fullName}/pulls/${review.pullNumber}`,
      },
    },
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
    author_association: authorAssociation(state, review.repo, review.user),
  };
}

export function reviewCommentJson(
  state: FakeState,
  c: ReviewComment,
  urls: Urls,
): Record<string, unknown> {
  const api = `${urls.api}/repos/${c.repo.fullName}`;
  const html = `${urls.web}/${c.repo.fullName}/pull/${c.pullNumber}#discussion_r${c.id}`;
  return {
    url: `${api}/pulls/comments/${c.id}`,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: nodeId("PullRequestReviewComment", c.id),
    diff_hunk: c.diffHunk,
    path: c.path,
    commit_id: c.commitId,
    original_commit_id: c.commitId,
    user: userJson(c.user, urls),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.createdAt,
    html_url: html,
    pull_request_url: `${api}/pulls/${c.pullNumber}`,
    author_association: authorAssociation(state, c.repo, c.user),
    _links: {
      self: { href: `${api}/pulls/comments/${c.id}` },
      html: { href: html },
      pull_request: { href: `${api}/pulls/${c.pullNumber}` },
    },
    ...(c.inReplyToId !== undefined ? { in_reply_to_id: c.inReplyToId } : {}),
    start_line: c.startLine ?? null,
    original_start_line: c.startLine ?? null,
    start_side: c.startLine !== undefined ? (c.startSide ?? c.side) : null,
    line: c.line,
    original_line: c.line,
    side: c.side,
    subject_type: "line",
  };
}

export function issueCommentJson(
  state: FakeState,
  c: IssueComment,
  urls: Urls,
): Record<string, unknown> {
  const api = `${urls.api}/repos/${c.repo.fullName}`;
  return {
    id: c.id,
    node_id: nodeId("IssueComment", c.id),
    url: `${api}/issues/comments/${c.id}`,
    html_url: `${urls.web}/${c.repo.fullName}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${api}/issues/${c.issueNumber}`,
    body: c.body,
    user: userJson(c.user, urls),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: authorAssociation(state, c.repo, c.user),
  };
}

export function reactionJson(r: Reaction, urls: Urls): Record<string, unknown> {
  return {
    id: r.id,
    node_id: nodeId("Reaction", r.id),
    user: userJson(r.user, urls),
    content: r.content,
    created_at: r.createdAt,
  };
}

export function appJson(state: FakeState, urls: Urls): Record<string, unknown> {
  return {
    id: state.app.id,
    slug: state.app.slug,
    node_id: nodeId("App", state.app.id),
    name: state.app.slug,
    owner: userJson(state.user("app-owner"), urls),
    client_id: `Iv1.${state.app.id}`,
    description: "",
    external_url: urls.web,
    html_url: `${urls.web}/apps/${state.app.slug}`,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    permissions: {
      checks: "write",
      contents: "read",
      pull_requests: "write",
      issues: "write",
      metadata: "read",
    },
    events: ["pull_request", "issue_comment", "check_run", "check_suite"],
  };
}

export function checkRunJson(state: FakeState, run: CheckRun, urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/repos/${run.repo.fullName}`;
  return {
    id: run.id,
    node_id: nodeId("CheckRun", run.id),
    head_sha: run.headSha,
    external_id: run.externalId ?? "",
    url: `${api}/check-runs/${run.id}`,
    html_url: `${urls.web}/${run.repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl ?? null,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    name: run.name,
    output: {
      title: run.output.title ?? null,
      summary: run.output.summary ?? null,
      text: run.output.text ?? null,
      annotations_count: run.output.annotations.length,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    check_suite: { id: run.id + 1 },
    app: appJson(state, urls),
    pull_requests: state.pulls
      .filter(
        (p) =>
          p.repo === run.repo &&
          p.state === "open" &&
          p.headSha === run.headSha &&
          p.headRepo === p.repo,
      )
      .map((p) => ({
        id: p.id,
        number: p.number,
        url: `${api}/pulls/${p.number}`,
        head: {
          ref: p.headRef,
          sha: p.headSha,
          repo: {
            id: p.headRepo.id,
            url: `${urls.api}/repos/${p.headRepo.fullName}`,
            name: p.headRepo.name,
          },
        },
        base: {
          ref: p.baseRef,
          sha: p.baseSha,
          repo: { id: p.repo.id, url: api, name: p.repo.name },
        },
      })),
  };
}

export function installationJson(
  state: FakeState,
  installation: Installation,
  urls: Urls,
): Record<string, unknown> {
  return {
    id: installation.id,
    account: userJson(installation.account, urls),
    app_id: state.app.id,
    app_slug: state.app.slug,
    target_id: installation.account.id,
    target_type: installation.account.type === "Organization" ? "Organization" : "User",
    repository_selection: "all",
    access_tokens_url: `${urls.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${urls.web}/settings/installations/${installation.id}`,
    permissions: {
      checks: "write",
      contents: "read",
      pull_requests: "write",
      issues: "write",
      metadata: "read",
    },
    events: ["pull_request", "issue_comment", "check_run", "check_suite"],
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    single_file_name: null,
    suspended_at: null,
    suspended_by: null,
  };
}
