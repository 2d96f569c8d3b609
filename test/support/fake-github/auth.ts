import { createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import { HttpError, type Caller } from "./http.js";

interface IssuedToken {
  expiresAt: number;
  caller: Caller;
}

/** Installation tokens the fake has issued, and checks of the app's JWTs. */
export class TokenAuthority {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly publicKey: KeyObject | undefined;

  constructor(
    private readonly appId: number,
    publicKeyPem: string | undefined,
  ) {
    this.publicKey = publicKeyPem ? createPublicKey(publicKeyPem) : undefined;
  }

  /** Every token issued so far (tests check that none leaks into logs). */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  issue(installationId: number, nowMs = Date.now()): { token: string; expiresAt: string } {
    const token = `ghs_${randomBytes(18).toString("base64url")}`;
    const expiresAt = nowMs + 3600_000;
    this.tokens.set(token, { expiresAt, caller: { kind: "installation", installationId } });
    return { token, expiresAt: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") };
  }

  /** A workflow's GITHUB_TOKEN for `repo` (`owner/name`); read-only as a fork's PR gets it. */
  issueWorkflowToken(repo: string, canWrite: boolean): string {
    const token = `ghs_${randomBytes(18).toString("base64url")}`;
    this.tokens.set(token, {
      expiresAt: Date.now() + 3600_000,
      caller: { kind: "workflow", repo, canWrite },
    });
    return token;
  }

  /** `Authorization: Bearer <jwt>` signed RS256 by the app (checked when the public key is known). */
  verifyAppJwt(header: string | undefined): Caller {
    const jwt = /^Bearer\s+(\S+\.\S+\.\S+)$/i.exec(header ?? "")?.[1];
    if (!jwt) throw new HttpError(401, "A JSON web token could not be decoded");
    const [head, payload, signature] = jwt.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      iss?: unknown;
      exp?: number;
    };
    if (String(claims.iss) !== String(this.appId)) {
      throw new HttpError(401, "'Issuer' claim ('iss') must be an Integer");
    }
    if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now()) {
      throw new HttpError(
        401,
        "'Expiration time' claim ('exp') is too far in the future or expired",
      );
    }
    if (this.publicKey) {
      const valid = verify(
        "sha256",
        Buffer.from(`${head}.${payload}`),
        this.publicKey,
        Buffer.from(signature, "base64url"),
      );
      if (!valid) throw new HttpError(401, "A JSON web token could not be decoded");
    }
    return { kind: "app" };
  }

  /** `Authorization: token <t>` (or Bearer) with a token this fake issued and that has not expired. */
  verifyToken(header: string | undefined): Caller {
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? "")?.[1];
    const issued = token ? this.tokens.get(token) : undefined;
    if (!issued || issued.expiresAt < Date.now()) throw new HttpError(401, "Bad credentials");
    return issued.caller;
  }
}
