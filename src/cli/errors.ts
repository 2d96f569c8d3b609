/** An error the user can fix (bad path, bad revision, not a git repository): one line, exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** `cannot read <what>: ENOENT`, from a failed fs call. */
export function unreadable(what: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
  return new UsageError(`cannot read ${what}: ${code}`);
}
