/**
 * The diff textconv driver (`hush git textconv FILE`): what `git diff` and
 * `git log -p` compare for a secret file. The decrypted values as YAML when a
 * local identity opens the file; otherwise the keys-only view (each value
 * replaced by a marker with a fingerprint of its ciphertext, recipients
 * listed by user), so a diff still shows which keys, values and recipients
 * changed. Never fails loudly: a file it cannot
 * read at all is shown as it is.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Branch, Comment, Timestamp, type Document, type Value } from "../sops/tree.js";
import { stringify } from "yaml";
import { readTopLevelLine } from "../sopsfile/file-facts.js";

/** Stands in for every value in the keys-only view. */
export const HIDDEN_VALUE = "<encrypted>";

/** A plain JS value of a tree value, for the YAML emitter. */
function toPlain(v: Value): unknown {
  if (v instanceof Branch) return Object.fromEntries(v.entries().map((e) => [e.key, toPlain(e.value)]));
  if (Array.isArray(v)) return v.filter((x) => !(x instanceof Comment)).map(toPlain);
  if (v instanceof Timestamp || v instanceof Comment) return v.text;
  if (v instanceof Uint8Array) return Buffer.from(v).toString("utf8");
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return v;
}

/** The plaintext of an opened document as YAML (one document per branch). */
export async function plaintextView(document: Document): Promise<string> {
  return document.map((b) => stringify(toPlain(b), { lineWidth: 0 })).join("---\n");
}

/**
 * Per top-level key of a YAML sops file, a short hash of its lines as
 * written (ciphertext, already public), so that a changed value is a changed
 * line in the keys-only view. Keys it cannot place are left out.
 */
export function ciphertextFingerprints(text: string): Map<string, string> {
  const blocks = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split("\n")) {
    const top = readTopLevelLine(line);
    if (top) {
      current = top.key === "sops" ? undefined : [line];
      if (current) blocks.set(top.key, current);
    } else if (current && /^\s/.test(line)) current.push(line);
    else current = undefined;
  }
  return new Map([...blocks].map(([key, lines]) => [key, createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 8)]));
}

/** Keys with hidden values (a ciphertext fingerprint when known), then the recipients (named by user when .hush.yaml says whose they are). */
export function keysOnlyView(
  keys: readonly string[],
  recipients: readonly string[],
  owners: ReadonlyMap<string, string[]> = new Map(),
  fingerprints: ReadonlyMap<string, string> = new Map(),
): string {
  const lines = [`# hush: keys only (no local age identity opens this file)`];
  for (const k of keys) {
    const fingerprint = fingerprints.get(k);
    lines.push(`${k}: ${fingerprint ? `<encrypted ${fingerprint}>` : HIDDEN_VALUE}`);
  }
  lines.push("# recipients:");
  for (const r of recipients) {
    const who = owners.get(r);
    lines.push(`#   ${r}${who?.length ? ` (${who.join(", ")})` : " (no user)"}`);
  }
  return lines.join("\n") + "\n";
}

/** The text git should diff for `file`; never throws. */
export async function textconv(file: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return "";
  }
  const format = file.endsWith(".json") ? "json" : "yaml";
  try {
    // Held to the store policy: a file whose selection fields were edited gets the keys-only view.
    const { decryptFile, loadIdentities } = await (await import("../sopsfile/codec-port.js")).storeCodec();
    const identities = await loadIdentities(env);
    if (identities.identities.length) {
      return await plaintextView((await decryptFile(bytes, { format, identities, file })).document);
    }
  } catch {
    // Not ours to open (or no identity): the keys-only view below.
  }
  try {
    const { secretSummary } = await import("../store/secret-summary.js");
    const summary = await secretSummary(bytes, file, format);
    const fingerprints = format === "yaml" ? ciphertextFingerprints(bytes.toString("utf8")) : undefined;
    return keysOnlyView(summary.keys, summary.recipients, await ownersNear(cwd), fingerprints);
  } catch {
    // Not a sops file at all (a conflict, a plaintext file): show it as it is.
    return bytes.toString("utf8");
  }
}

/**
 * Recipient -> users from the .hush.yaml above `cwd`; when there is none
 * (git runs drivers at the top of the work tree, and a hush root can sit in a
 * subdirectory of a monorepo), from every .hush.yaml git tracks. Nothing when
 * none can be read.
 */
async function ownersNear(cwd: string): Promise<Map<string, string[]>> {
  const { loadHushConfig } = await import("../config/hush-config.js");
  const { recipientOwners } = await import("../store/access-matrix.js");
  try {
    return recipientOwners(await loadHushConfig(cwd));
  } catch {
    // no .hush.yaml above: look for the roots below
  }
  const { RecipientMap } = await import("../age/recipient-key.js");
  const owners = new RecipientMap<string[]>();
  for (const config of await trackedHushConfigs(cwd)) {
    try {
      for (const [recipient, users] of recipientOwners(await loadHushConfig(dirname(join(cwd, config))))) {
        owners.set(recipient, [...new Set([...(owners.get(recipient) ?? []), ...users])]);
      }
    } catch {
      // an unreadable config names no one
    }
  }
  return owners;
}

/** Paths (from `cwd`) of the .hush.yaml files git tracks under `cwd`. */
async function trackedHushConfigs(cwd: string): Promise<string[]> {
  try {
    const { simpleGit } = await import("simple-git");
    const out = await simpleGit({ baseDir: cwd }).raw(["ls-files", "-z", "--", ":(glob)**/.hush.yaml"]);
    return out.split("\0").filter(Boolean);
  } catch {
    return [];
  }
}
