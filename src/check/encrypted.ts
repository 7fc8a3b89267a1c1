/**
 * Rule 1 of the pre-commit check: a file under secrets/ must be a valid sops
 * file — no plaintext value where the selection says encrypted, a MAC, sound
 * metadata. Reads no private key. The facts read on the way (keys,
 * recipients) feed the other rules, so each file is inspected once.
 */
import { isHushError, type Problem } from "../errors.js";
import type { FormatName } from "../formats/format.js";
import type { Selection } from "../sops/metadata.js";
import { Branch, Comment, type Value } from "../sops/tree.js";
import { isEncValue } from "./enc-value.js";
import { fastScan } from "./fast-scan.js";

export interface Inspection {
  file: string;
  /** False when the file is not sops at all (keys and recipients are then empty). */
  readable: boolean;
  keys: string[];
  recipients: string[];
  /** Where the recipients are written (first recipient, else `sops:`), for messages. */
  recipientsLine: number | undefined;
  lastModified: string;
  /** Rule-1 problems. */
  problems: Problem[];
  /** Whether the line scan sufficed (no YAML AST). */
  fast: boolean;
}

/** Inspects one secret file (`decoded`: its UTF-8 text, when the caller has it) and reports every rule-1 problem. Never throws for a bad file. */
export async function inspectSecret(bytes: Uint8Array, file: string, decoded?: string): Promise<Inspection> {
  const format = formatOf(file);
  const text = decoded ?? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const fast = format === "yaml" ? fastScan(text) : undefined;
  if (fast) {
    const problems: Problem[] = [];
    for (const v of fast.clearValues) problems.push(plaintext(file, v.value, v.line));
    for (const v of fast.badEnc) problems.push({ file, line: v.line, col: 1, message: `value of key "${v.value}" is not a well-formed ENC[...] value`, code: "VALUE_FORMAT_INVALID" });
    if (fast.sopsLine === undefined) {
      problems.push(notEncrypted(file, fast.keys[0]?.line));
      return { file, readable: false, keys: [], recipients: [], recipientsLine: undefined, lastModified: "", problems, fast: true };
    }
    if (!fast.hasMac) problems.push({ file, line: fast.sopsLine, col: 1, message: "the sops block has no valid MAC (sops would refuse the file)", hint: `it was changed outside sops and hush: restore it (\`git checkout -- ${file}\`), or write it anew with \`hush secret create --force\``, code: "MAC_MISMATCH" });
    if (!fast.lastModified || Number.isNaN(Date.parse(fast.lastModified))) problems.push(metadata(file, fast.sopsLine, "lastmodified is missing or not an RFC 3339 time"));
    if (!fast.version || !/^\d+\.\d+\.\d+/.test(fast.version)) problems.push(metadata(file, fast.sopsLine, "version is missing or not X.Y.Z"));
    if (!fast.recipients.length) problems.push(metadata(file, fast.sopsLine, "no age recipient: nobody can decrypt this file"));
    return {
      file,
      readable: true,
      keys: fast.keys.map((k) => k.value),
      recipients: fast.recipients.map((r) => r.value),
      recipientsLine: fast.recipients[0]?.line ?? fast.sopsLine,
      lastModified: fast.lastModified ?? "",
      problems,
      fast: true,
    };
  }
  return inspectFully(bytes, text, file, format);
}

async function inspectFully(bytes: Uint8Array, text: string, file: string, format: FormatName): Promise<Inspection> {
  const unreadable = (problem: Problem): Inspection => ({ file, readable: false, keys: [], recipients: [], recipientsLine: undefined, lastModified: "", problems: [problem], fast: false });
  const { inspectFile } = await import("../codec/index.js");
  const { ageRecipients } = await import("../sops/metadata.js");
  let inspected;
  try {
    inspected = inspectFile(bytes, format, file);
  } catch (error) {
    if (isHushError(error, "NOT_ENCRYPTED")) return unreadable(notEncrypted(file, firstValueLine(text)));
    if (isHushError(error)) return unreadable({ file, line: error.line ?? 1, col: error.col ?? 1, message: `not a valid sops file: ${error.message}`, code: error.code });
    throw error;
  }
  const { document, metadata: meta } = inspected;
  const problems: Problem[] = [];
  const sopsLine = lineOf(text, /^sops:/m) ?? 1;
  const mustEncrypt = selectionTest(meta.selection);
  const walk = (value: Value, path: string[]): void => {
    // Comments are branch items too: sops encrypts them under the enclosing path's selection (spec §1.9).
    if (value instanceof Branch) for (const item of value.items) item instanceof Comment ? walk(item, path) : walk(item.value, [...path, item.key]);
    else if (Array.isArray(value)) value.forEach((v) => walk(v, path));
    else if (value === null) return;
    else if (value instanceof Comment) {
      if (value.text !== "" && mustEncrypt && mustEncrypt(path) && !isEncValue(value.text)) problems.push(plaintextComment(file, commentLine(text, value.text)));
    }
    // An empty string is never encrypted (spec §1.8).
    else if (value === "") return;
    // The whole value must be one ENC[...]: a continuation line or block scalar adds clear text after it.
    else if (mustEncrypt && mustEncrypt(path) && !(typeof value === "string" && isEncValue(value))) {
      const key = path.at(-1) ?? "";
      problems.push(plaintext(file, key, keyLine(text, key)));
    }
  };
  for (const branch of document) walk(branch, []);
  if (!meta.mac) problems.push({ file, line: sopsLine, col: 1, message: "the sops block has no MAC (sops would refuse the file)", code: "MAC_MISMATCH" });
  const recipients = ageRecipients(meta);
  if (!recipients.length && meta.keyGroups.every((g) => Object.keys(g.others).length === 0)) problems.push(metadata(file, sopsLine, "no recipient: nobody can decrypt this file"));
  const keys = document[0]?.keys() ?? [];
  return { file, readable: true, keys, recipients, recipientsLine: lineOf(text, /recipient: /) ?? sopsLine, lastModified: meta.lastModified, problems, fast: false };
}

/** Spec §3 for suffix and regex selections, per path component; undefined (cannot judge) for comment selections. */
function selectionTest(selection: Selection): ((path: string[]) => boolean) | undefined {
  const { kind, value } = selection;
  if (kind === "unencrypted_suffix") return (p) => !p.some((k) => k.endsWith(value));
  if (kind === "encrypted_suffix") return (p) => p.some((k) => k.endsWith(value));
  let re: RegExp;
  try {
    re = new RegExp(value);
  } catch {
    return undefined;
  }
  if (kind === "unencrypted_regex") return (p) => !p.some((k) => re.test(k));
  if (kind === "encrypted_regex") return (p) => p.some((k) => re.test(k));
  return undefined;
}

function plaintext(file: string, key: string, line: number | undefined): Problem {
  return { file, line, col: 1, message: `plaintext value for key "${key}" in a secret file`, hint: "a value written by hand stays in clear: remove the line and set it with `hush secret update NAME --KEY=...` (or `hush set`); never commit it in clear", code: "VALUE_FORMAT_INVALID" };
}

function plaintextComment(file: string, line: number | undefined): Problem {
  return { file, line, col: 1, message: "plaintext comment in a secret file (sops encrypts comments)", hint: "a comment written by hand stays in clear: remove it (`hush edit` keeps comments encrypted)", code: "VALUE_FORMAT_INVALID" };
}

/** The line of a comment whose text (after `#`) is `comment`. */
function commentLine(text: string, comment: string): number | undefined {
  const at = text.indexOf(`#${comment}`);
  return at < 0 ? undefined : text.slice(0, at).split("\n").length;
}

function notEncrypted(file: string, line: number | undefined): Problem {
  return { file, line: line ?? 1, col: 1, message: "not encrypted: no sops metadata (a plaintext file under the secrets directory)", hint: "create secrets with `hush secret create`, or encrypt with `hush encrypt -i`", code: "NOT_ENCRYPTED" };
}

function metadata(file: string, line: number, what: string): Problem {
  return { file, line, col: 1, message: `broken sops metadata: ${what}`, code: "METADATA_INVALID" };
}

function formatOf(file: string): FormatName {
  if (file.endsWith(".json")) return "json";
  if (file.endsWith(".env")) return "dotenv";
  if (file.endsWith(".ini")) return "ini";
  return "yaml";
}

function lineOf(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  return m ? text.slice(0, m.index).split("\n").length : undefined;
}

function keyLine(text: string, key: string): number | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return lineOf(text, new RegExp(`^\\s*(?:- )?["']?${escaped}["']?\\s*[:=]`, "m"));
}

function firstValueLine(text: string): number | undefined {
  return lineOf(text, /^\s*[^#\s][^:]*:\s*\S/m);
}
