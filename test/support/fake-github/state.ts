import { commitSha, hashTree, type Tree, type TreeEntry } from "./git-objects.js";

export type UserType = "User" | "Bot" | "Organization";
export type Permission = "admin" | "maintain" | "write" | "triage" | "read";

export interface User {
  login: string;
  id: number;
  type: UserType;
}

export interface Commit {
  sha: string;
  treeSha: string;
  tree: Tree;
  entries: TreeEntry[];
  parents: string[];
  message: string;
  /** Author and committer time, seconds: with the rest, git rebuilds the same SHA. */
  time: number;
}

export interface PullRequest {
  id: number;
  number: number;
  repo: Repo;
  baseRef: string;
  baseSha: string;
  headRepo: Repo;
  headRef: string;
  headSha: string;
  /** Every head SHA the PR has had, oldest first: review comments may target any of them. */
  headHistory: string[];
  state: "open" | "closed";
  author: User;
  title: string;
  body: string;
  draft: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Issue {
  id: number;
  number: number;
  repo: Repo;
  author: User;
  title: string;
}

export interface Review {
  id: number;
  repo: Repo;
  pullNumber: number;
  user: User;
  body: string;
  state: "COMMENTED" | "APPROVED" | "CHANGES_REQUESTED" | "PENDING";
  commitId: string;
  submittedAt: string;
}

export interface ReviewComment {
  id: number;
  repo: Repo;
  pullNumber: number;
  reviewId: number;
  user: User;
  path: string;
  line: number;
  side: "LEFT" | "RIGHT";
  startLine?: number;
  startSide?: "LEFT" | "RIGHT";
  body: string;
  commitId: string;
  diffHunk: string;
  inReplyToId?: number;
  createdAt: string;
  /** Set by the GraphQL minimizeComment mutation. */
  minimizedReason?: string;
}

export interface IssueComment {
  id: number;
  repo: Repo;
  issueNumber: number;
  user: User;
  body: string;
  createdAt: string;
  updatedAt: string;
  minimizedReason?: string;
}

export interface Reaction {
  id: number;
  commentId: number;
  user: User;
  content: string;
  createdAt: string;
}

export interface CheckRunOutput {
  title?: string;
  summary?: string;
  text?: string;
  annotations: Record<string, unknown>[];
}

export interface CheckRun {
  id: number;
  repo: Repo;
  headSha: string;
  name: string;
  status: string;
  conclusion: string | null;
  detailsUrl?: string;
  externalId?: string;
  startedAt: string;
  completedAt: string | null;
  output: CheckRunOutput;
  actions: Record<string, unknown>[];
  /** Every create/update body in order, so tests can inspect each annotation batch. */
  updates: Record<string, unknown>[];
}

export interface Installation {
  id: number;
  account: User;
}

export interface AppIdentity {
  id: number;
  slug: string;
  bot: User;
}

export interface PushOptions {
  branch?: string;
  message?: string;
  /** Parent commit; defaults to the branch head. */
  parent?: string | null;
}

export class Repo {
  readonly commits = new Map<string, Commit>();
  readonly branches = new Map<string, string>();
  readonly collaborators = new Map<string, Permission>();

  constructor(
    private readonly state: FakeState,
    readonly id: number,
    readonly owner: User,
    readonly name: string,
    readonly defaultBranch: string,
    readonly isPrivate: boolean,
    readonly installationId: number | undefined,
    readonly forkOf: Repo | undefined,
  ) {}

  get fullName(): string {
    return `${this.owner.login}/${this.name}`;
  }

  /** Records a commit holding exactly `tree` and moves the branch to it. */
  pushCommit(tree: Tree, options: PushOptions = {}): Commit {
    const branch = options.branch ?? this.defaultBranch;
    const parent = options.parent === undefined ? this.branches.get(branch) : options.parent;
    const parents = parent ? [parent] : [];
    const message = options.message ?? `commit ${this.commits.size + 1}`;
    const { sha: treeSha, entries } = hashTree(tree);
    const time = this.state.nextTimestamp();
    const sha = commitSha(treeSha, parents, message, time);
    const commit: Commit = { sha, treeSha, tree: { ...tree }, entries, parents, message, time };
    this.commits.set(sha, commit);
    this.branches.set(branch, sha);
    return commit;
  }

  /** Applies changes (null deletes a path) on top of a branch head or a given commit. */
  commitChanges(changes: Record<string, string | null>, options: PushOptions = {}): Commit {
    const branch = options.branch ?? this.defaultBranch;
    const parentSha = options.parent ?? this.branches.get(branch);
    const tree = new Map(
      Object.entries(parentSha ? (this.state.commit(this, parentSha)?.tree ?? {}) : {}),
    );
    for (const [path, content] of Object.entries(changes)) {
      if (content === null) tree.delete(path);
      else tree.set(path, content);
    }
    return this.pushCommit(Object.fromEntries(tree), {
      ...options,
      branch,
      parent: parentSha ?? null,
    });
  }

  setFile(path: string, content: string | null): Commit {
    return this.commitChanges({ [path]: content });
  }

  setCollaborator(login: string, permission: Permission): void {
    this.state.user(login);
    this.collaborators.set(login.toLowerCase(), permission);
  }

  headOf(branch = this.defaultBranch): Commit {
    const sha = this.branches.get(branch);
    const commit = sha ? this.commits.get(sha) : undefined;
    if (!commit) throw new Error(`${this.fullName} has no commit on ${branch}`);
    return commit;
  }
}

export interface CreateRepoOptions {
  owner: string;
  name: string;
  defaultBranch?: string;
  private?: boolean;
  /** The installation of the app on this repository; undefined when the app is not installed. */
  installationId?: number;
  ownerType?: UserType;
  forkOf?: Repo;
}

export interface OpenPullRequestOptions {
  base: Repo;
  baseBranch?: string;
  /** Base commit; defaults to the base branch head. */
  baseSha?: string;
  head: Repo;
  headBranch?: string;
  headSha: string;
  author: string;
  title?: string;
  body?: string;
  draft?: boolean;
  number?: number;
}

/** Everything the fake GitHub knows, with builders for tests. Ids are sequential and stable. */
export class FakeState {
  readonly users = new Map<string, User>();
  readonly repos = new Map<string, Repo>();
  readonly installations = new Map<number, Installation>();
  readonly pulls: PullRequest[] = [];
  readonly issues: Issue[] = [];
  readonly reviews: Review[] = [];
  readonly reviewComments: ReviewComment[] = [];
  readonly issueComments: IssueComment[] = [];
  readonly reactions: Reaction[] = [];
  readonly checkRuns: CheckRun[] = [];
  readonly graphqlMutations: { query: string; variables: Record<string, unknown> }[] = [];
  readonly app: AppIdentity;
  private lastId = 1000;
  private clock = Date.UTC(2026, 0, 1) / 1000;

  constructor(app: { id: number; slug: string }) {
    this.app = { ...app, bot: this.user(`${app.slug}[bot]`, "Bot") };
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** Seconds; moves one second per call so commits and comments are ordered and distinct. */
  nextTimestamp(): number {
    this.clock += 1;
    return this.clock;
  }

  nowIso(): string {
    return new Date(this.nextTimestamp() * 1000).toISOString();
  }

  user(login: string, type: UserType = "User"): User {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (!user) {
      user = { login, id: this.nextId(), type };
      this.users.set(key, user);
    }
    return user;
  }

  createRepo(options: CreateRepoOptions): Repo {
    const owner = this.user(options.owner, options.ownerType ?? "User");
    const repo = new Repo(
      this,
      this.nextId(),
      owner,
      options.name,
      options.defaultBranch ?? "main",
      options.private ?? false,
      options.installationId,
      options.forkOf,
    );
    this.repos.set(repo.fullName.toLowerCase(), repo);
    if (options.installationId !== undefined && !this.installations.has(options.installationId)) {
      this.installations.set(options.installationId, {
        id: options.installationId,
        account: owner,
      });
    }
    return repo;
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** A commit of the repository, or the head of a PR into it (GitHub serves those from the base). */
  commit(repo: Repo, sha: string): Commit | undefined {
    const own = repo.commits.get(sha);
    if (own) return own;
    for (const pr of this.pulls) {
      if (pr.repo === repo && pr.headHistory.includes(sha)) return pr.headRepo.commits.get(sha);
    }
    return undefined;
  }

  /** A branch, `refs/heads/x`, `refs/pull/N/head` or a commit SHA. */
  resolveRef(repo: Repo, ref: string): Commit | undefined {
    const branch = ref.replace(/^refs\/heads\//, "");
    const branchSha = repo.branches.get(branch);
    if (branchSha) return repo.commits.get(branchSha);
    const pullRef = /^refs\/pull\/(\d+)\/head$/.exec(ref);
    if (pullRef) {
      const pr = this.pull(repo, Number(pullRef[1]));
      return pr ? this.commit(repo, pr.headSha) : undefined;
    }
    return this.commit(repo, ref);
  }

  openPullRequest(options: OpenPullRequestOptions): PullRequest {
    const baseBranch = options.baseBranch ?? options.base.defaultBranch;
    const baseSha = options.baseSha ?? options.base.headOf(baseBranch).sha;
    if (!options.head.commits.has(options.headSha)) {
      throw new Error(`head commit ${options.headSha} is not in ${options.head.fullName}`);
    }
    const number = options.number ?? this.nextIssueNumber(options.base);
    const now = this.nowIso();
    const pr: PullRequest = {
      id: this.nextId(),
      number,
      repo: options.base,
      baseRef: baseBranch,
      baseSha,
      headRepo: options.head,
      headRef: options.headBranch ?? `feature-${number}`,
      headSha: options.headSha,
      headHistory: [options.headSha],
      state: "open",
      author: this.user(options.author),
      title: options.title ?? `Pull request ${number}`,
      body: options.body ?? "",
      draft: options.draft ?? false,
      createdAt: now,
      updatedAt: now,
    };
    this.pulls.push(pr);
    return pr;
  }

  /** A push to the PR's branch: the head moves, the base stays. */
  updatePullRequestHead(pr: PullRequest, headSha: string): void {
    if (!pr.headRepo.commits.has(headSha)) {
      throw new Error(`head commit ${headSha} is not in ${pr.headRepo.fullName}`);
    }
    pr.headSha = headSha;
    pr.headHistory.push(headSha);
    pr.updatedAt = this.nowIso();
  }

  closePullRequest(pr: PullRequest): void {
    pr.state = "closed";
    pr.updatedAt = this.nowIso();
  }

  openIssue(repo: Repo, author: string, title = "An issue"): Issue {
    const issue: Issue = {
      id: this.nextId(),
      number: this.nextIssueNumber(repo),
      repo,
      author: this.user(author),
      title,
    };
    this.issues.push(issue);
    return issue;
  }

  pull(repo: Repo, number: number): PullRequest | undefined {
    return this.pulls.find((p) => p.repo === repo && p.number === number);
  }

  issueExists(repo: Repo, number: number): boolean {
    return (
      this.pull(repo, number) !== undefined ||
      this.issues.some((i) => i.repo === repo && i.number === number)
    );
  }

  addIssueComment(
    repo: Repo,
    issueNumber: number,
    author: User | string,
    body: string,
  ): IssueComment {
    const now = this.nowIso();
    const comment: IssueComment = {
      id: this.nextId(),
      repo,
      issueNumber,
      user: typeof author === "string" ? this.user(author) : author,
      body,
      createdAt: now,
      updatedAt: now,
    };
    this.issueComments.push(comment);
    return comment;
  }

  /** A person's reply in a review thread (the app must not hide threads people answered). */
  replyToReviewComment(parent: ReviewComment, author: string, body: string): ReviewComment {
    const reply: ReviewComment = {
      ...parent,
      id: this.nextId(),
      reviewId: this.nextId(),
      user: this.user(author),
      body,
      inReplyToId: parent.id,
      createdAt: this.nowIso(),
      minimizedReason: undefined,
    };
    this.reviewComments.push(reply);
    return reply;
  }

  reviewCommentsOf(pr: PullRequest): ReviewComment[] {
    return this.reviewComments.filter((c) => c.repo === pr.repo && c.pullNumber === pr.number);
  }

  reviewsOf(pr: PullRequest): Review[] {
    return this.reviews.filter((r) => r.repo === pr.repo && r.pullNumber === pr.number);
  }

  checkRunsFor(repo: Repo, headSha: string): CheckRun[] {
    return this.checkRuns.filter((c) => c.repo === repo && c.headSha === headSha);
  }

  private nextIssueNumber(repo: Repo): number {
    const numbers = [
      ...this.pulls.filter((p) => p.repo === repo).map((p) => p.number),
      ...this.issues.filter((i) => i.repo === repo).map((i) => i.number),
    ];
    return Math.max(0, ...numbers) + 1;
  }
}
