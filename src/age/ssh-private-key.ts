/**
 * SSH private keys as age identities, read as agessh.ParseIdentity reads them
 * with Go's ssh.ParseRawPrivateKey: unencrypted openssh-key-v1 files
 * (ed25519, rsa) and PEM RSA / PKCS#8 keys (through node:crypto). A
 * passphrase-protected key is reported as such, with its public key when the
 * file shows it. Reasons never contain key bytes.
 * https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key
 */
import { createPrivateKey, type JsonWebKey } from "node:crypto";
import { ed25519PublicKey, rsaPublicKey, sshPublicKeyFromWire, SSH_ED25519, SSH_RSA, type SshPublicKey } from "./ssh-public-key.js";
import { unsignedBytes, WireReader } from "./ssh-wire.js";

/** A usable SSH identity: its public key and the secret that opens its stanzas. */
export type SshPrivateKey =
  | { readonly type: typeof SSH_ED25519; readonly publicKey: SshPublicKey; readonly seed: Buffer }
  | { readonly type: typeof SSH_RSA; readonly publicKey: SshPublicKey; readonly jwk: JsonWebKey };

/** What a private key file turned out to be. */
export type SshKeyReading = { key: SshPrivateKey } | { encrypted: true; publicKey?: SshPublicKey } | { problem: string };

const OPENSSH = "OPENSSH PRIVATE KEY";
const MAGIC = Buffer.from("openssh-key-v1\0", "latin1");

/** Reads a private key file's text. @throws never */
export function readSshPrivateKey(text: string): SshKeyReading {
  const block = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!block) return { problem: "not a PEM private key (no matching BEGIN and END lines)" };
  const [, label, inner] = block as unknown as [string, string, string];
  if (label === OPENSSH) return readOpenSsh(inner);
  if (label === "ENCRYPTED PRIVATE KEY" || /^Proc-Type:.*ENCRYPTED/m.test(inner)) return { encrypted: true };
  if (label === "RSA PRIVATE KEY" || label === "PRIVATE KEY") return readPem(block[0]);
  return { problem: `${label.toLowerCase()}s are not supported (only ed25519 and rsa keys are age identities)` };
}

function readOpenSsh(inner: string): SshKeyReading {
  const base64 = inner.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return { problem: "the OpenSSH key is not base64" };
  const bytes = Buffer.from(base64, "base64");
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return { problem: "not an openssh-key-v1 key" };
  const outer = new WireReader(bytes.subarray(MAGIC.length));
  const cipher = outer.text();
  const kdf = outer.text();
  outer.string(); // kdf options
  const count = outer.uint32();
  const publicWire = outer.string();
  const secret = outer.string();
  if (!outer.ok || !publicWire || !secret) return { problem: "the OpenSSH key is truncated" };
  if (count !== 1) return { problem: "OpenSSH files with several keys are not supported" };
  const publicKey = sshPublicKeyFromWire(publicWire);
  if (cipher !== "none" || kdf !== "none") return "problem" in publicKey ? { encrypted: true } : { encrypted: true, publicKey };
  if ("problem" in publicKey) return publicKey;
  const inside = new WireReader(secret);
  const check1 = inside.uint32();
  const check2 = inside.uint32();
  const type = inside.text();
  if (!inside.ok || check1 !== check2) return { problem: "the OpenSSH key is corrupted (check bytes differ)" };
  if (type === SSH_ED25519) return readEd25519(inside);
  if (type === SSH_RSA) return readRsa(inside);
  return { problem: "only ed25519 and rsa SSH keys are age identities" };
}

/** OpenSSH pads the private section with 1, 2, 3...; Go checks it. */
function paddingOk(reader: WireReader): boolean {
  reader.text(); // comment
  const pad = reader.rest();
  return reader.ok && pad.every((b, i) => b === i + 1);
}

function readEd25519(reader: WireReader): SshKeyReading {
  reader.string(); // the public key again; Go takes it from the private half, as here
  const priv = reader.string();
  if (priv?.length !== 64 || !paddingOk(reader)) return { problem: "the ssh-ed25519 private key is malformed" };
  const publicKey = ed25519PublicKey(priv.subarray(32));
  if ("problem" in publicKey) return publicKey;
  return { key: { type: SSH_ED25519, publicKey, seed: Buffer.from(priv.subarray(0, 32)) } };
}

function readRsa(reader: WireReader): SshKeyReading {
  const [n, e, d, iqmp, p, q] = [reader.mpint(), reader.mpint(), reader.mpint(), reader.mpint(), reader.mpint(), reader.mpint()];
  if (n === undefined || e === undefined || d === undefined || iqmp === undefined || p === undefined || q === undefined || !paddingOk(reader)) {
    return { problem: "the ssh-rsa private key is malformed" };
  }
  if (p < 2n || q < 2n || p * q !== n) return { problem: "the ssh-rsa private key is inconsistent" }; // Go's rsa Validate
  const publicKey = rsaPublicKey(e, n);
  if ("problem" in publicKey) return publicKey;
  const b64 = (v: bigint) => unsignedBytes(v).toString("base64url");
  const jwk: JsonWebKey = { kty: "RSA", n: b64(n), e: b64(e), d: b64(d), p: b64(p), q: b64(q), dp: b64(d % (p - 1n)), dq: b64(d % (q - 1n)), qi: b64(iqmp) };
  return { key: { type: SSH_RSA, publicKey, jwk } };
}

/** PKCS#1 RSA and unencrypted PKCS#8 (rsa or ed25519) keys, which Go's ssh package also reads. */
function readPem(pem: string): SshKeyReading {
  let jwk: JsonWebKey;
  let kind: string | undefined;
  try {
    const key = createPrivateKey({ key: pem, format: "pem" });
    kind = key.asymmetricKeyType;
    if (kind !== "rsa" && kind !== "ed25519") return { problem: `${kind ?? "unknown"} keys are not age identities (only ed25519 and rsa)` };
    jwk = key.export({ format: "jwk" });
  } catch {
    return { problem: "the PEM private key does not parse" };
  }
  const bytes = (v: string | undefined) => Buffer.from(v ?? "", "base64url");
  if (kind === "ed25519") {
    const publicKey = ed25519PublicKey(bytes(jwk.x));
    return "problem" in publicKey ? publicKey : { key: { type: SSH_ED25519, publicKey, seed: bytes(jwk.d) } };
  }
  const big = (v: string | undefined) => BigInt(`0x${bytes(v).toString("hex") || "0"}`);
  const publicKey = rsaPublicKey(big(jwk.e), big(jwk.n));
  return "problem" in publicKey ? publicKey : { key: { type: SSH_RSA, publicKey, jwk } };
}
