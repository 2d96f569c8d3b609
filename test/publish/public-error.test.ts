// What a failed scan may say on GitHub: the error's class, status and a short message, never
// anything shaped like a credential.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { publicReason, sanitiseMessage } from "../../src/publish/public-error.js";

const INSTALLATION_TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
const PERSONAL_TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
const JWT =
  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDAsImlzcyI6IjQyIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
const PEM = generateKeyPairSync("rsa", {
  modulusLength: 1024,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

describe("publicReason", () => {
  it("names the class and the HTTP status of a GitHub error", () => {
    // Shaped like Octokit's RequestError: name HttpError, a status.
    const error = Object.assign(new Error("Server Error"), { name: "HttpError", status: 502 });
    expect(publicReason(error)).toBe("HttpError (HTTP 502): Server Error");
  });

  it("removes tokens, bearer credentials, JWTs, PEM blocks and token query parameters", () => {
    const message = [
      `token ${INSTALLATION_TOKEN} was refused;`,
      `Authorization: Bearer ${JWT};`,
      `personal ${PERSONAL_TOKEN};`,
      `bare jwt ${JWT};`,
      `key ${PEM};`,
      "url https://api.example/x?access_token=abc123secret&page=2",
    ].join(" ");

    const reason = publicReason(new TypeError(message));

    expect(reason.startsWith("TypeError: ")).toBe(true);
    for (const secret of [INSTALLATION_TOKEN, PERSONAL_TOKEN, JWT, "abc123secret", "BEGIN RSA"]) {
      expect(reason).not.toContain(secret);
    }
    for (const line of PEM.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"))) {
      expect(reason).not.toContain(line);
    }
    expect(reason).toContain("access_token=[hidden]&page=2");
  });

  it("keeps a short message whole, cuts a long one, and copes with what is not an Error", () => {
    expect(sanitiseMessage("the pull request is closed")).toBe("the pull request is closed");
    expect(sanitiseMessage("x".repeat(1_000))).toHaveLength(200);
    expect(publicReason("socket hang up")).toBe("string: socket hang up");
  });
});
