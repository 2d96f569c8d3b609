import { describe, expect, it } from "vitest";
import { parseCommands } from "../../src/app/handlers/commands-parse.js";

const RESCAN = [{ name: "rescan" }];
const HELP = [{ name: "help" }];

describe("parseCommands", () => {
  it.each([
    ["/django-signals rescan", RESCAN],
    ["/django-signals rescan\n", RESCAN],
    ["Thanks!\r\n/django-signals rescan\r\nPlease.", RESCAN],
    ["  /django-signals    rescan   ", RESCAN],
    ["/Django-Signals RESCAN", RESCAN],
    ["/django-signals\trescan", RESCAN],
    ["/django-signals rescan now please", RESCAN],
    ["/django-signals help", HELP],
    ["/django-signals", HELP],
    ["/django-signals   ", HELP],
    ["/django-signals frobnicate", [{ name: "help", unknown: "frobnicate" }]],
    ["/django-signals Rescan-all", [{ name: "help", unknown: "Rescan-all" }]],
    ["<!-- a note -->\n/django-signals rescan", RESCAN],
  ])("reads %j", (body, expected) => {
    expect(parseCommands(body)).toEqual(expected);
  });

  it.each([
    ["a quote", "> /django-signals rescan"],
    ["a nested quote", "> > /django-signals rescan"],
    ["a fenced code block", "```\n/django-signals rescan\n```"],
    ["a tilde fence", "~~~text\n/django-signals rescan\n~~~"],
    ["indented code", "    /django-signals rescan"],
    ["inline code", "`/django-signals rescan`"],
    ["a mention mid-sentence", "You can run /django-signals rescan to try again."],
    ["another command", "/django-signalsrescan"],
    ["an HTML comment", "<!-- /django-signals rescan -->"],
    ["a multi-line HTML comment", "<!--\n/django-signals rescan\n-->"],
    ["an unclosed HTML comment", "Thanks <!--\n\n/django-signals rescan"],
    ["an empty body", ""],
  ])("ignores %s", (_what, body) => {
    expect(parseCommands(body)).toEqual([]);
  });

  it("finds a command after a closed fence, but not inside a longer one", () => {
    expect(parseCommands("```\ncode\n```\n/django-signals rescan")).toEqual(RESCAN);
    expect(parseCommands("````\n```\n/django-signals rescan\n````")).toEqual([]);
  });

  it("gives each command once, in the comment's order", () => {
    const body =
      "/django-signals help\n/django-signals rescan\n/django-signals rescan\n/django-signals oops";
    expect(parseCommands(body)).toEqual([{ name: "help" }, { name: "rescan" }]);
  });

  it("accepts a missing body", () => {
    expect(parseCommands(null)).toEqual([]);
    expect(parseCommands(undefined)).toEqual([]);
  });
});
