import { describe, expect, it } from "vitest";
import { renderWorkflowAnnotations, workflowCommand } from "../../src/report/workflow-commands.js";

describe("renderWorkflowAnnotations", () => {
  it("escapes what would end a property or the message, so one annotation stays one", () => {
    const text = renderWorkflowAnnotations([
      {
        path: "shop/a,b:c%.py",
        start_line: 4,
        end_line: 4,
        annotation_level: "failure",
        title: "rule: a, b",
        message: "100% sure\r\n::error::injected",
      },
    ]);
    expect(text).toBe(
      "::error file=shop/a%2Cb%3Ac%25.py,line=4,endLine=4,title=rule%3A a%2C b::100%25 sure%0D%0A::error::injected\n",
    );
    expect(text.split("\n")).toHaveLength(2);
  });

  it("names GitHub's levels: notice, warning, and error for failure", () => {
    const levels = (["notice", "warning", "failure"] as const).map(
      (level) =>
        renderWorkflowAnnotations([
          {
            path: "a.py",
            start_line: 1,
            end_line: 1,
            annotation_level: level,
            title: "t",
            message: "m",
          },
        ]).split(" ")[0],
    );
    expect(levels).toEqual(["::notice", "::warning", "::error"]);
  });

  it("writes a command without properties", () => {
    expect(workflowCommand("error", {}, "bad\ninput")).toBe("::error::bad%0Ainput\n");
  });
});
