import { appJson, installationJson, userJson } from "../json.js";
import { type Handler, HttpError, intParam, notFound, requireRepo } from "../http.js";
import type { TokenAuthority } from "../auth.js";
import type { Permission } from "../state.js";

/** GitHub's legacy `permission` field folds maintain into write and triage into read. */
const LEGACY_PERMISSION: Record<Permission, string> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
};

export function appRoutes(tokens: TokenAuthority): Record<string, Handler> {
  return {
    "apps/get-authenticated": (ctx) => ({ status: 200, body: appJson(ctx.state, ctx.urls) }),
    "apps/create-installation-access-token": (ctx) => {
      const installation = ctx.state.installations.get(intParam(ctx, "installation_id"));
      if (!installation) throw notFound();
      const { token, expiresAt } = tokens.issue(installation.id);
      return {
        status: 201,
        body: {
          token,
          expires_at: expiresAt,
          permissions: installationJson(ctx.state, installation, ctx.urls).permissions,
          repository_selection: "all",
        },
      };
    },
    "apps/get-repo-installation": (ctx) => {
      const repo = requireRepo(ctx);
      const installation =
        repo.installationId === undefined
          ? undefined
          : ctx.state.installations.get(repo.installationId);
      if (!installation) throw notFound();
      return { status: 200, body: installationJson(ctx.state, installation, ctx.urls) };
    },
    "repos/get-collaborator-permission-level": (ctx) => {
      const repo = requireRepo(ctx);
      const user = ctx.state.users.get((ctx.params.username ?? "").toLowerCase());
      if (!user) throw new HttpError(404, `${ctx.params.username} is not a user`);
      const role: Permission | "none" =
        repo.owner === user
          ? "admin"
          : (repo.collaborators.get(user.login.toLowerCase()) ??
            (repo.isPrivate ? "none" : "read"));
      return {
        status: 200,
        body: {
          permission: role === "none" ? "none" : LEGACY_PERMISSION[role],
          role_name: role,
          user: {
            ...userJson(user, ctx.urls),
            permissions: permissionFlags(role),
            role_name: role,
          },
        },
      };
    },
  };
}

function permissionFlags(role: Permission | "none"): Record<string, boolean> {
  const order = ["read", "triage", "write", "maintain", "admin"];
  const rank = order.indexOf(role);
  return {
    pull: rank >= 0,
    triage: rank >= 1,
    push: rank >= 2,
    maintain: rank >= 3,
    admin: rank >= 4,
  };
}
