import { describe, expect, it } from "vitest";
import { secretScrubber } from "../../src/server/logger.js";

const KEY = [
  "-----BEGIN PRIVATE KEY-----",
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
  "VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDu",
  "-----END PRIVATE KEY-----",
].join("\n");

describe("secretScrubber", () => {
  const scrub = secretScrubber([KEY, "webhook-s3cret"]);

  it("removes the webhook secret and every line of the private key, raw or JSON-escaped", () => {
    const line = JSON.stringify({
      msg: `secret webhook-s3cret`,
      key: KEY,
      err: `bad key ${KEY.split("\n")[1]}`,
    });

    const scrubbed = scrub(line);

    expect(scrubbed).not.toContain("webhook-s3cret");
    expect(scrubbed).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7");
    expect(scrubbed).not.toContain("VJTUt9Us8cKjMzEfYyjiWA4R4");
    expect(JSON.parse(scrubbed)).toMatchObject({ msg: "secret [REDACTED]" });
  });

  it("removes GitHub tokens and JWTs it was not told about", () => {
    const line =
      "token ghs_16C7e42F292c6912E7710c838347Ae178B4a and Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjF9.c2lnbmF0dXJlX2hlcmU";

    expect(scrub(line)).toBe("token [REDACTED] and Bearer [REDACTED]");
  });

  it("leaves ordinary log lines alone", () => {
    const line =
      '{"msg":"scan queued","pull":"acme/shop#1","headSha":"85da1c174295b6abcd5dd4c524a6eb074fb44ee8"}';

    expect(scrub(line)).toBe(line);
  });
});
