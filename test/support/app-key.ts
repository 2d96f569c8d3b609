import { generateKeyPairSync } from "node:crypto";

export interface AppKeyPair {
  /** PKCS#8 PEM, what PRIVATE_KEY holds (Probot accepts PKCS#1 and PKCS#8). */
  privateKey: string;
  publicKey: string;
}

/** A fresh RSA key per call; 2048 bits takes ~50-100 ms, so create one per test file. */
export function generateAppKey(): AppKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKey, publicKey };
}
