import { gzipSync } from "node:zlib";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ARCHIVE_LIMITS, readPythonArchive } from "../../src/github/archive.js";
import type { ArchiveLimits } from "../../src/github/archive.js";
import { githubTarball, tarOf } from "../support/fake-github/tarball.js";
import { testOctokit } from "./helpers.js";

const repo = { owner: "o", repo: "r" };
const SHA = "a".repeat(40);
const TOP = "o-r-aaaaaaa";
const DOWNLOAD = "https://codeload.github.com";
const DOWNLOAD_PATH = `/o/r/legacy.tar.gz/${SHA}`;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** The API's redirect to the download host, as GitHub answers it. */
function redirectToDownload() {
  return nock("https://api.github.com")
    .get(`/repos/o/r/tarball/${SHA}`)
    .reply(302, "", { location: `${DOWNLOAD}${DOWNLOAD_PATH}?token=short-lived` });
}

function download() {
  return nock(DOWNLOAD).get(DOWNLOAD_PATH).query({ token: "short-lived" });
}

function read(limits: Partial<ArchiveLimits> = {}) {
  return readPythonArchive(testOctokit(), repo, SHA, { ...DEFAULT_ARCHIVE_LIMITS, ...limits });
}

describe("readPythonArchive", () => {
  it("follows the redirect without the installation's token and keeps the Python files under the top folder", async () => {
    const api = redirectToDownload();
    let authorization: string | undefined;
    const host = download().reply(function () {
      authorization = this.req.headers.authorization as string | undefined;
      return [
        200,
        githubTarball(
          {
            "shop/models.py": "class Book: ...\n",
            "README.md": "# shop\n",
            "shop/__init__.py": "",
          },
          TOP,
          SHA,
        ),
      ];
    });

    const archive = await read();

    expect(Object.fromEntries(archive.files)).toEqual({
      "shop/__init__.py": "",
      "shop/models.py": "class Book: ...\n",
    });
    expect(authorization).toBeUndefined();
    api.done();
    host.done();
  });

  it("ignores links, devices, paths with .. and entries outside a top folder", async () => {
    redirectToDownload();
    const tar = tarOf(
      [
        { path: `${TOP}/`, type: "directory" },
        { path: `${TOP}/ok.py`, content: "x = 1\n" },
        { path: `${TOP}/link.py`, type: "symlink", target: "/etc/passwd" },
        { path: `${TOP}/hard.py`, type: "hardlink", target: `${TOP}/ok.py` },
        { path: `${TOP}/device.py`, type: "char-device" },
        { path: `${TOP}/../escape.py`, content: "evil = 1\n" },
        { path: `${TOP}/a/../../escape2.py`, content: "evil = 2\n" },
        { path: "loose.py", content: "loose = 1\n" },
      ],
      SHA,
    );
    download().reply(200, gzipSync(tar));

    const archive = await read();

    expect([...archive.files.keys()]).toEqual(["ok.py"]);
  });

  it("names a file over the one-file limit and keeps the rest", async () => {
    redirectToDownload();
    download().reply(
      200,
      githubTarball({ "big.py": "x".repeat(2_000), "small.py": "y = 1\n" }, TOP, SHA),
    );

    const archive = await read({ maxFileBytes: 1_000 });

    expect([...archive.files.keys()]).toEqual(["small.py"]);
    expect(archive.tooLarge).toEqual(["big.py"]);
  });

  it.each([
    [
      "404 from the API",
      () =>
        nock("https://api.github.com")
          .get(`/repos/o/r/tarball/${SHA}`)
          .reply(404, { message: "Not Found" }),
      "archive not found (404)",
    ],
    [
      "the download host failing three times",
      () => {
        redirectToDownload();
        download().times(3).reply(502, "bad gateway");
      },
      "download answered 502",
    ],
    [
      "a gzip that is not one",
      () => {
        redirectToDownload();
        download().reply(200, Buffer.from("this is not gzip at all"));
      },
      "archive is truncated or corrupt",
    ],
    [
      "a truncated gzip",
      () => {
        redirectToDownload();
        const whole = githubTarball({ "a.py": "a = 1\n".repeat(5_000) }, TOP, SHA);
        download().reply(200, whole.subarray(0, Math.floor(whole.length / 2)));
      },
      "archive is truncated or corrupt",
    ],
    [
      "a gzip of no tar entries",
      () => {
        redirectToDownload();
        download().reply(200, gzipSync(Buffer.alloc(1024)));
      },
      "the archive is empty",
    ],
  ])("fails cleanly on %s", async (_name, arrange, reason) => {
    arrange();
    await expect(read()).rejects.toMatchObject({ reason });
  });

  it("retries the download host after a 5xx", async () => {
    redirectToDownload();
    download().reply(503, "unavailable");
    download().reply(200, githubTarball({ "a.py": "a = 1\n" }, TOP, SHA));

    const archive = await read();

    expect([...archive.files.keys()]).toEqual(["a.py"]);
  });

  it("stops at the compressed size, announced or streamed", async () => {
    const body = githubTarball({ "a.py": "a = 1\n" }, TOP, SHA);
    redirectToDownload();
    download().reply(200, body, { "content-length": String(body.length) });
    await expect(read({ maxArchiveBytes: 100 })).rejects.toMatchObject({
      reason: "archive over 0 MB",
    });

    redirectToDownload();
    download().reply(200, () => [body]);
    await expect(read({ maxArchiveBytes: 100 })).rejects.toMatchObject({
      reason: "archive over 0 MB",
    });
  });

  it("stops when the Python files together pass their limit", async () => {
    redirectToDownload();
    download().reply(
      200,
      githubTarball({ "a.py": "a".repeat(600), "b.py": "b".repeat(600) }, TOP, SHA),
    );

    await expect(read({ maxPythonBytes: 1_000 })).rejects.toMatchObject({
      reason: "Python files over 0 MB",
    });
  });

  it("stops a decompression bomb", async () => {
    redirectToDownload();
    const zeros = { path: `${TOP}/zeros.bin`, content: Buffer.alloc(80 * 1024 * 1024) };
    download().reply(200, gzipSync(tarOf([zeros], SHA)));

    await expect(read()).rejects.toMatchObject({
      reason: "archive expands too much (a decompression bomb)",
    });
  });

  it("gives up when the download takes longer than the time limit", async () => {
    redirectToDownload();
    download()
      .delay(2_000)
      .reply(200, githubTarball({ "a.py": "a = 1\n" }, TOP, SHA));

    await expect(read({ timeoutMs: 200 })).rejects.toMatchObject({ reason: "download timed out" });
  });
});
