import { nullIfNotFound, repoParams } from "./client.js";
import type { Octokit, RepoRef } from "./client.js";

// `role_name` tells maintain from write; `permission` maps custom roles onto the classic levels
// (a custom role built on write reads `write`), so either one granting write is enough.
const WRITING_ROLES = new Set(["admin", "maintain", "write"]);
const WRITING_PERMISSIONS = new Set(["admin", "write"]);

/** Whether `username` may write to the repository (admin, maintain or write). */
export async function canWrite(
  octokit: Octokit,
  repo: RepoRef,
  username: string,
): Promise<boolean> {
  const response = await nullIfNotFound(
    octokit.rest.repos.getCollaboratorPermissionLevel({
      ...repoParams(repo),
      username,
    }),
  );
  if (response === null) return false;
  const { permission, role_name: role } = response.data;
  return WRITING_PERMISSIONS.has(permission) || WRITING_ROLES.has(role);
}
