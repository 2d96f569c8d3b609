import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fetchConfigFile } from "../../src/github/config-file.js";
import { getFileTextAtRef, getHeadBlobText } from "../../src/github/contents.js";
import { filterNotMinimized } from "../../src/github/minimize.js";
import { testOctokit } from "./helpers.js";

const api = () => nock("https://api.github.com");
const repo = { owner: "o", repo: "r" };
const base64 = (text: string) => Buffer.from(text).toString("base64");

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("getFileTextAtRef", () => {
  it("decodes the content the contents API returns", async () => {
    const scope = api()
      .get("/repos/o/r/contents/app%2Fsignals.py")
      .query({ ref: "abc" })
      .reply(200, {
        type: "file",
        encoding: "base64",
        content: base64("x = 1\n"),
        size: 6,
        sha: "s1",
      });
    await expect(getFileTextAtRef(testOctokit(), repo, "app/signals.py", "abc")).resolves.toBe(
      "x = 1\n",
    );
    scope.done();
  });

  it("fetches the blob of a file over 1 MB, which comes without content", async () => {
    const scope = api()
      .get("/repos/o/r/contents/big.py")
      .query({ ref: "abc" })
      .reply(200, { type: "file", encoding: "none", content: "", size: 2_000_000, sha: "bigsha" })
      .get("/repos/o/r/git/blobs/bigsha")
      .matchHeader("accept", /application\/vnd\.github(\.v3)?\.raw/)
      .reply(200, "big = True\n", { "content-type": "application/vnd.github.raw" });
    await expect(getFileTextAtRef(testOctokit(), repo, "big.py", "abc")).resolves.toBe(
      "big = True\n",
    );
    scope.done();
  });

  it("gives null for a missing file and for a directory", async () => {
    const scope = api()
      .get("/repos/o/r/contents/gone.py")
      .query({ ref: "abc" })
      .reply(404, { message: "Not Found" })
      .get("/repos/o/r/contents/pkg")
      .query({ ref: "abc" })
      .reply(200, []);
    await expect(getFileTextAtRef(testOctokit(), repo, "gone.py", "abc")).resolves.toBeNull();
    await expect(getFileTextAtRef(testOctokit(), repo, "pkg", "abc")).resolves.toBeNull();
    scope.done();
  });
});

describe("getHeadBlobText", () => {
  it("does not look for a blob in the fork of a same-repository PR", async () => {
    const scope = api().get("/repos/o/r/git/blobs/nope").reply(404, { message: "Not Found" });
    await expect(getHeadBlobText(testOctokit(), repo, repo, "nope")).rejects.toThrow(
      "blob nope not found in o/r",
    );
    scope.done();
  });
});

describe("fetchConfigFile", () => {
  it("reads the repository's file from its default branch first", async () => {
    const scope = api()
      .get("/repos/o/r/contents/.github%2Fdjango-signals.yml")
      .reply(200, {
        type: "file",
        encoding: "base64",
        content: base64("comments: false\n"),
        size: 16,
        sha: "c",
      });
    await expect(fetchConfigFile(testOctokit(), repo)).resolves.toEqual({
      text: "comments: false\n",
      source: "o/r:.github/django-signals.yml",
    });
    scope.done();
  });

  it("gives null when neither the repository nor the owner's .github repository has one", async () => {
    const scope = api()
      .get("/repos/o/r/contents/.github%2Fdjango-signals.yml")
      .reply(404, { message: "Not Found" })
      .get("/repos/o/.github/contents/.github%2Fdjango-signals.yml")
      .reply(404, { message: "Not Found" });
    await expect(fetchConfigFile(testOctokit(), repo)).resolves.toBeNull();
    scope.done();
  });
});

describe("filterNotMinimized", () => {
  it("asks once for all comments and keeps those still visible", async () => {
    const scope = api()
      .post(
        "/graphql",
        (body: { variables: { ids: string[] } }) => body.variables.ids.join() === "a,b,c",
      )
      .reply(200, {
        data: { nodes: [{ id: "a", isMinimized: true }, { id: "b", isMinimized: false }, null] },
      });
    await expect(filterNotMinimized(testOctokit(), ["a", "b", "c"])).resolves.toEqual(["b"]);
    scope.done();
  });
});
