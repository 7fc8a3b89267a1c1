/**
 * INTERIM, private to the store: a minimal sops codec for hush's own secret
 * files (one flat map of strings, YAML, age only), used only while
 * src/codec and src/age are not implemented yet (see codec-port.ts). Same
 * wire format as sops (spec §2–§5), so files it writes are real sops files.
 * To be deleted once the codec lands.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { parse } from "yaml";
import { Branch, type Document } from "../sops/tree.js";
import { HushError } from "../errors.js";
import type { AgeIdentity, IdentitySet } from "../age/identities.js";
import type { Metadata } from "../sops/metadata.js";
import type { DecryptOptions, EncryptOptions, Inspected, IvStash, Opened } from "../codec/index.js";

const SECRET_KEYS = Symbol("interim identities");
type InterimSet = IdentitySet & { [SECRET_KEYS]?: string[] };

export async function loadIdentities(env: NodeJS.ProcessEnv = process.env): Promise<IdentitySet> {
  const { identityToRecipient } = await import("age-encryption");
  const keys: Array<[string, string]> = [];
  const take = (text: string, source: string): void => {
    for (const line of text.split(/\r?\n/)) if (line.trim().startsWith("AGE-SECRET-KEY-")) keys.push([line.trim(), source]);
  };
  if (env.SOPS_AGE_KEY) take(env.SOPS_AGE_KEY, "SOPS_AGE_KEY");
  const warnings: string[] = [];
  if (env.SOPS_AGE_KEY_FILE) {
    take(readFileSync(env.SOPS_AGE_KEY_FILE, "utf8"), `SOPS_AGE_KEY_FILE (${env.SOPS_AGE_KEY_FILE})`);
    if ((statSync(env.SOPS_AGE_KEY_FILE).mode & 0o077) !== 0) warnings.push(`key file ${env.SOPS_AGE_KEY_FILE} is readable by others; run chmod 600 ${env.SOPS_AGE_KEY_FILE}`);
  }
  const identities: AgeIdentity[] = [];
  for (const [key, source] of keys) identities.push({ recipient: await identityToRecipient(key), source });
  const set: InterimSet = { identities, warnings };
  set[SECRET_KEYS] = keys.map(([k]) => k);
  return set;
}

function encryptValue(key: Uint8Array, plaintext: string, aad: string, iv: Uint8Array = randomBytes(32)): string {
  if (plaintext === "") return '""'; // spec §1.8: empty strings are never encrypted
  const c = createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(Buffer.from(aad));
  const data = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
  const b64 = (b: Uint8Array): string => Buffer.from(b).toString("base64");
  return `ENC[AES256_GCM,data:${b64(data)},iv:${b64(iv)},tag:${b64(c.getAuthTag())},type:str]`;
}

function decryptValue(key: Uint8Array, enc: string, aad: string, file: string): { text: string; iv: Uint8Array } {
  if (enc === "") return { text: "", iv: new Uint8Array() };
  const m = /^ENC\[AES256_GCM,data:(.*),iv:(.+),tag:(.+),type:(.+)\]/.exec(enc);
  if (!m) throw new HushError("VALUE_FORMAT_INVALID", `${file}: a value is not ENC[...]`, { file });
  try {
    const iv = Buffer.from(m[2]!, "base64");
    const d = createDecipheriv("aes-256-gcm", key, iv);
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(Buffer.from(m[3]!, "base64"));
    return { text: Buffer.concat([d.update(Buffer.from(m[1]!, "base64")), d.final()]).toString("utf8"), iv };
  } catch {
    throw new HushError("VALUE_DECRYPT_FAILED", `${file}: a value fails authentication`, { file });
  }
}

function parseFile(bytes: Uint8Array, file = "file"): { values: Array<[string, string]>; metadata: Metadata } {
  const data = parse(Buffer.from(bytes).toString("utf8")) as Record<string, unknown>;
  const sops = data?.sops as { age?: Array<{ recipient: string; enc: string }>; lastmodified: string; mac: string; version: string } | undefined;
  if (!sops) throw new HushError("NOT_ENCRYPTED", `${file} has no sops metadata`, { file });
  const values = Object.entries(data).filter(([k]) => k !== "sops").map(([k, v]) => [k, String(v)] as [string, string]);
  const metadata: Metadata = {
    keyGroups: [{ age: (sops.age ?? []).map((e) => ({ recipient: e.recipient, enc: e.enc })), others: {} }],
    lastModified: String(sops.lastmodified),
    mac: sops.mac ?? "",
    selection: { kind: "unencrypted_suffix", value: "_unencrypted" },
    macOnlyEncrypted: false,
    version: String(sops.version),
  };
  return { values, metadata };
}

function emit(values: Array<[string, string]>, metadata: Metadata): Uint8Array {
  const lines = values.map(([k, v]) => `${k}: ${v}`);
  lines.push("sops:", "    age:");
  for (const e of metadata.keyGroups[0]!.age) {
    lines.push(`        - recipient: ${e.recipient}`, "          enc: |");
    for (const l of e.enc.trimEnd().split("\n")) lines.push(`            ${l}`);
  }
  lines.push(`    lastmodified: "${metadata.lastModified}"`, `    mac: ${metadata.mac}`, "    unencrypted_suffix: _unencrypted", `    version: ${metadata.version}`);
  return Buffer.from(lines.join("\n") + "\n");
}

async function wrap(dataKey: Uint8Array, recipient: string): Promise<string> {
  const { Encrypter, armor } = await import("age-encryption");
  const e = new Encrypter();
  try {
    e.addRecipient(recipient);
  } catch {
    throw new HushError("RECIPIENT_INVALID", `"${recipient}" is not an age recipient`);
  }
  return armor.encode(await e.encrypt(dataKey));
}

async function unwrap(metadata: Metadata, identities: IdentitySet, file: string): Promise<Uint8Array> {
  const keys = (identities as InterimSet)[SECRET_KEYS] ?? [];
  if (!keys.length) throw new HushError("NO_IDENTITY", `no age identity to open ${file}`, { file });
  const { Decrypter, armor } = await import("age-encryption");
  for (const entry of metadata.keyGroups[0]!.age) {
    const d = new Decrypter();
    keys.forEach((k) => d.addIdentity(k));
    try {
      return await d.decrypt(armor.decode(entry.enc));
    } catch {
      /* not ours */
    }
  }
  throw new HushError("NO_MATCHING_IDENTITY", `no loaded identity opens ${file}`, { file });
}

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, "Z");

export async function decryptFile(bytes: Uint8Array, options: DecryptOptions): Promise<Opened> {
  const file = options.file ?? "file";
  const { values, metadata } = parseFile(bytes, file);
  const dataKey = await unwrap(metadata, options.identities, file);
  const ivs: IvStash = new Map();
  const hash = createHash("sha512");
  const plain = values.map(([k, enc]) => {
    const { text, iv } = decryptValue(dataKey, enc, `${k}:`, file);
    ivs.set(`${k}:\0${text}`, iv);
    hash.update(text);
    return { key: k, value: text };
  });
  const mac = metadata.mac ? decryptValue(dataKey, metadata.mac, metadata.lastModified, file).text : "";
  if (!options.ignoreMac && mac !== hash.digest("hex").toUpperCase()) throw new HushError("MAC_MISMATCH", `${file}: MAC mismatch`, { file });
  return { document: [new Branch(plain)], metadata, dataKey, ivs };
}

export async function encryptFile(document: Document, options: EncryptOptions): Promise<Uint8Array> {
  const reuse = options.reuse;
  const dataKey = reuse?.dataKey ?? randomBytes(32);
  const age = reuse && !options.recipients ? reuse.metadata.keyGroups[0]!.age : await Promise.all((options.recipients ?? []).map(async (r) => ({ recipient: r, enc: await wrap(dataKey, r) })));
  if (!age.length) throw new HushError("NO_RECIPIENTS", "no recipients");
  const hash = createHash("sha512");
  const values = (document[0]?.entries() ?? []).map((e) => {
    const text = String(e.value);
    hash.update(text);
    return [e.key, encryptValue(dataKey, text, `${e.key}:`, reuse?.ivs.get(`${e.key}:\0${text}`))] as [string, string];
  });
  const lastModified = now();
  const metadata: Metadata = {
    keyGroups: [{ age, others: {} }],
    lastModified,
    mac: encryptValue(dataKey, hash.digest("hex").toUpperCase(), lastModified),
    selection: { kind: "unencrypted_suffix", value: "_unencrypted" },
    macOnlyEncrypted: false,
    version: "3.9.0",
  };
  return emit(values, metadata);
}

export function inspectFile(bytes: Uint8Array, _format: string, file?: string): Inspected {
  const { values, metadata } = parseFile(bytes, file);
  return { document: [new Branch(values.map(([key, value]) => ({ key, value })))], metadata };
}

export async function updateKeys(bytes: Uint8Array, options: { identities: IdentitySet; recipients: string[]; file?: string }): Promise<{ bytes: Uint8Array; added: string[]; removed: string[] }> {
  const { values, metadata } = parseFile(bytes, options.file);
  const current = metadata.keyGroups[0]!.age;
  const added = options.recipients.filter((r) => !current.some((e) => e.recipient === r));
  const removed = current.filter((e) => !options.recipients.includes(e.recipient)).map((e) => e.recipient);
  if (!added.length && !removed.length) return { bytes, added, removed };
  const dataKey = await unwrap(metadata, options.identities, options.file ?? "file");
  const kept = current.filter((e) => options.recipients.includes(e.recipient));
  const age = [...kept, ...(await Promise.all(added.map(async (r) => ({ recipient: r, enc: await wrap(dataKey, r) }))))];
  return { bytes: emit(values, { ...metadata, keyGroups: [{ age, others: {} }] }), added, removed };
}

export async function rotateFile(bytes: Uint8Array, options: { identities: IdentitySet; recipients?: string[]; file?: string }): Promise<Uint8Array> {
  const opened = await decryptFile(bytes, { format: "yaml", identities: options.identities, ...(options.file ? { file: options.file } : {}) });
  const recipients = options.recipients ?? opened.metadata.keyGroups[0]!.age.map((e) => e.recipient);
  return encryptFile(opened.document, { format: "yaml", recipients, ...(options.file ? { file: options.file } : {}) });
}
