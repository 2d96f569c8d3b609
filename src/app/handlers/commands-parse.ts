// `/django-signals <subcommand>` lines in a comment. Pure. Only a line of its own counts: not a
// quote (`> /django-signals rescan` repeats someone else), not code (fenced or indented), not
// text that mentions the command mid-sentence, not an HTML comment (it renders as nothing, so
// nobody reading the PR would see the command that ran).

export type Command = { name: "rescan" } | { name: "help"; unknown?: string };

const COMMAND_LINE = /^ {0,3}\/django-signals(?:[ \t]+(\S+).*)?$/i;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const QUOTE = /^ {0,3}>/;
const INDENTED_CODE = /^(?: {4}|\t)/;

/** The lines outside fenced code blocks. */
function linesOutsideFences(body: string): string[] {
  const outside: string[] = [];
  let openFence: string | undefined;
  for (const line of body.split(/\r?\n/)) {
    const fence = FENCE.exec(line)?.[1];
    if (openFence === undefined) {
      if (fence === undefined) outside.push(line);
      else openFence = fence;
    } else if (
      fence !== undefined &&
      fence[0] === openFence[0] &&
      fence.length >= openFence.length
    ) {
      openFence = undefined;
    }
  }
  return outside;
}

function commandOf(line: string): Command | undefined {
  if (QUOTE.test(line) || INDENTED_CODE.test(line)) return undefined;
  const match = COMMAND_LINE.exec(line.trimEnd());
  if (!match) return undefined;
  const subcommand = match[1]?.toLowerCase();
  if (subcommand === "rescan") return { name: "rescan" };
  if (subcommand === undefined || subcommand === "help") return { name: "help" };
  return { name: "help", unknown: match[1] };
}

// An unclosed `<!--` hides the rest of the comment, as GitHub renders it.
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

/** Each command at most once, in the order of the comment. */
export function parseCommands(body: string | null | undefined): Command[] {
  const commands: Command[] = [];
  for (const line of linesOutsideFences((body ?? "").replace(HTML_COMMENT, ""))) {
    const command = commandOf(line);
    if (command && !commands.some((seen) => seen.name === command.name)) commands.push(command);
  }
  return commands;
}
