/**
 * Rule 1 of the pre-commit check: a file under secrets/ must be a valid sops
 * file — no plaintext value where its policy says encrypted, a selection
 * that is its policy's (selection-policy.ts: a store file encrypts every
 * value; another file its creation rule's selection), a MAC, sound
 * metadata. The file's own selection is never the judge: the MAC does not
 * cover it, so a committer could rewrite it. Reads no private key. The
 * facts read on the way (keys, recipients) feed the other rules, so each
 * file is inspected once.
 */
import { isHushError, type Problem } from "../errors.js";
import { detectFormat } from "../formats/detect.js";
import type { FormatName } from "../formats/format.js";
import { DEFAULT_SELECTION, versionProblem, type Selection } from "../sops/metadata.js";
import { normalizeRfc3339 } from "../sops/timestamp.js";
import { scanSopsYaml } from "../sopsfile/file-facts.js";
import { Comment } from "../sops/tree.js";
import { FILE_OWN_SELECTION, STORE_POLICY, mismatchHint, mismatchMessage, selectionMismatch, type SelectionPolicy } from "../sops/selection-policy.js";
import { isEncValue } from "./enc-value.js";

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

/**
 * Inspects one secret file (`decoded`: its UTF-8 text, when the caller has it) against `policy`
 * (default: the store's) and reports every rule-1 problem. Never throws for a bad file.
 */
export async function inspectSecret(bytes: Uint8Array, file: string, decoded?: string, policy: SelectionPolicy = STORE_POLICY): Promise<Inspection> {
  // As sops reads it: a store file is always <name>.yaml; a file of the team's own by its suffix (another is binary).
  const format = detectFormat(file);
  const text = decoded ?? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const fast = format === "yaml" ? inspectScanned(text, file, policy) : undefined;
  return fast ?? inspectFully(bytes, text, file, format, policy);
}

/**
 * Rule 1 on the line scanner's facts (sopsfile/file-facts.ts), no YAML AST;
 * undefined when the file is outside the scanner's shape or the policy is a
 * regex one (the full path judges those).
 */
function inspectScanned(text: string, file: string, policy: SelectionPolicy): Inspection | undefined {
  const mustEncrypt = suffixTest(policy.selection);
  if (!mustEncrypt) return undefined;
  const facts = scanSopsYaml(text);
  if (!facts) return undefined;
  const problems: Problem[] = [];
  const mismatch = selectionMismatch(
    { selection: facts.selection?.value ?? DEFAULT_SELECTION, macOnlyEncrypted: facts.macOnlyEncrypted?.value ?? false },
    policy,
  );
  if (mismatch) {
    const line = mismatch.fields[0] === "mac_only_encrypted" ? facts.macOnlyEncrypted?.line : facts.selection?.line;
    problems.push(selectionProblem(file, line ?? facts.sopsLine ?? 1, mismatch, policy));
  }
  for (const { key, value, line } of facts.entries) {
    if (typeof value === "string" && value.startsWith("ENC[")) {
      if (!isEncValue(value))
        problems.push({ file, line, col: 1, message: `value of key "${key}" is not a well-formed ENC[...] value`, code: "VALUE_FORMAT_INVALID" });
    } else if (mustEncrypt(key) && value !== "") problems.push(plaintext(file, key, line)); // "" is never encrypted (spec §1.8)
  }
  if (facts.sopsLine === undefined) {
    problems.push(notEncrypted(file, facts.entries[0]?.line));
    return { file, readable: false, keys: [], recipients: [], recipientsLine: undefined, lastModified: "", problems, fast: true };
  }
  const { sopsLine } = facts;
  if (!facts.mac || !isEncValue(facts.mac.value))
    problems.push({
      file,
      line: facts.mac?.line ?? sopsLine,
      col: 1,
      message: "the sops block has no valid MAC (sops would refuse the file)",
      hint: `it was changed outside sops and hush: restore it (\`git checkout -- ${file}\`), or write it anew with \`hush secret create --force\``,
      code: "MAC_MISMATCH",
    });
  const lastModified = facts.lastModified && normalizeRfc3339(facts.lastModified.value);
  if (!lastModified) problems.push(metadata(file, facts.lastModified?.line ?? sopsLine, "lastmodified is missing or not an RFC 3339 time"));
  const badVersion = versionProblem(facts.version?.value ?? "");
  if (badVersion) problems.push(metadata(file, facts.version?.line ?? sopsLine, badVersion));
  if (!facts.recipients.length) problems.push(metadata(file, sopsLine, "no age recipient: nobody can decrypt this file"));
  return {
    file,
    readable: true,
    keys: facts.entries.map((e) => e.key),
    recipients: facts.recipients.map((r) => r.value),
    recipientsLine: facts.recipients[0]?.line ?? sopsLine,
    lastModified: lastModified ?? "",
    problems,
    fast: true,
  };
}

/** Whether a top-level key's value must be encrypted under a suffix selection (spec §3, one path component); undefined for the regex kinds (the full path judges those). */
function suffixTest(selection: Selection): ((key: string) => boolean) | undefined {
  const { kind, value } = selection;
  if (kind === "unencrypted_suffix") return (key) => !key.endsWith(value);
  if (kind === "encrypted_suffix") return (key) => key.endsWith(value);
  return undefined;
}

async function inspectFully(bytes: Uint8Array, text: string, file: string, format: FormatName, policy: SelectionPolicy): Promise<Inspection> {
  const unreadable = (problem: Problem): Inspection => ({
    file,
    readable: false,
    keys: [],
    recipients: [],
    recipientsLine: undefined,
    lastModified: "",
    problems: [problem],
    fast: false,
  });
  const { inspectFile } = await import("../sopsfile/index.js");
  const { ageRecipients } = await import("../sops/metadata.js");
  const { mapLeaves } = await import("../sops/walk.js");
  let inspected: ReturnType<typeof inspectFile>;
  try {
    // The selection is judged below against the policy, as a placed problem, not refused here.
    inspected = inspectFile(bytes, format, file, FILE_OWN_SELECTION);
  } catch (error) {
    if (isHushError(error, "NOT_ENCRYPTED")) return unreadable(notEncrypted(file, firstValueLine(text)));
    if (isHushError(error))
      return unreadable({ file, line: error.line ?? 1, col: error.col ?? 1, message: `not a valid sops file: ${error.message}`, code: error.code });
    throw error;
  }
  const { document, metadata: meta } = inspected;
  const problems: Problem[] = [];
  const sopsLine = lineOf(text, /^sops:/m) ?? 1;
  const mismatch = selectionMismatch(meta, policy);
  if (mismatch) problems.push(selectionProblem(file, fieldLine(text, mismatch.fields[0]!) ?? sopsLine, mismatch, policy));
  try {
    // The policy's selection decides what must be encrypted, comments included (sops encrypts them; spec §1.9).
    mapLeaves(
      document,
      policy.selection,
      (value, path, selected) => {
        // An empty string is never encrypted (spec §1.8).
        if (!selected || value === "") return value;
        if (value instanceof Comment) {
          if (value.text !== "" && !isEncValue(value.text)) problems.push(plaintextComment(file, commentLine(text, value.text)));
          return value;
        }
        // The whole value must be one ENC[...]: a continuation line or a block scalar adds clear text after it.
        if (typeof value === "string" && isEncValue(value)) return value;
        const key = path.at(-1) ?? "";
        problems.push(plaintext(file, key, keyLine(text, key)));
        return value;
      },
      file,
    );
  } catch (error) {
    if (!isHushError(error)) throw error;
    problems.push({ file, line: sopsLine, col: 1, message: error.message, code: error.code });
  }
  const badVersion = versionProblem(meta.version);
  if (badVersion) problems.push(metadata(file, sopsLine, badVersion));
  if (!meta.mac) problems.push({ file, line: sopsLine, col: 1, message: "the sops block has no MAC (sops would refuse the file)", code: "MAC_MISMATCH" });
  const recipients = ageRecipients(meta);
  if (!recipients.length && meta.keyGroups.every((g) => Object.keys(g.others).length === 0))
    problems.push(metadata(file, sopsLine, "no recipient: nobody can decrypt this file"));
  const keys = document[0]?.keys() ?? [];
  return {
    file,
    readable: true,
    keys,
    recipients,
    recipientsLine: lineOf(text, /recipient: /) ?? sopsLine,
    lastModified: meta.lastModified,
    problems,
    fast: false,
  };
}

/** A selection that is not the file's policy, placed at the field's line. */
function selectionProblem(file: string, line: number, mismatch: NonNullable<ReturnType<typeof selectionMismatch>>, policy: SelectionPolicy): Problem {
  return {
    file,
    line,
    col: 1,
    message: mismatchMessage(mismatch, policy),
    hint: policy.store
      ? mismatchHint(policy, file)
      : "restore the file from git, or make it and its creation rule agree (change the rule, or re-encrypt the file under it)",
    code: "SELECTION_REFUSED",
  };
}

/** The line of a sops metadata field (`encrypted_regex:`, `"encrypted_regex":`, `sops_encrypted_regex=`). */
function fieldLine(text: string, field: string): number | undefined {
  return lineOf(text, new RegExp(`^\\s*(?:"|sops_)?${field}"?\\s*[:=]`, "mi")); // any case, as sops matches field names
}

function plaintext(file: string, key: string, line: number | undefined): Problem {
  return {
    file,
    line,
    col: 1,
    message: `plaintext value for key "${key}" in a secret file`,
    hint: "a value written by hand stays in clear: remove the line and set it with `hush secret update NAME --KEY=...` (or `hush set`); never commit it in clear",
    code: "VALUE_FORMAT_INVALID",
  };
}

function plaintextComment(file: string, line: number | undefined): Problem {
  return {
    file,
    line,
    col: 1,
    message: "plaintext comment in a secret file (sops encrypts comments)",
    hint: "a comment written by hand stays in clear: remove it (`hush edit` keeps comments encrypted)",
    code: "VALUE_FORMAT_INVALID",
  };
}

/** The line of a comment whose text (after `#`) is `comment`. */
function commentLine(text: string, comment: string): number | undefined {
  const at = text.indexOf(`#${comment}`);
  return at < 0 ? undefined : text.slice(0, at).split("\n").length;
}

function notEncrypted(file: string, line: number | undefined): Problem {
  return {
    file,
    line: line ?? 1,
    col: 1,
    message: "not encrypted: no sops metadata (a plaintext file under the secrets directory)",
    hint: "create secrets with `hush secret create`, or encrypt with `hush encrypt -i`",
    code: "NOT_ENCRYPTED",
  };
}

function metadata(file: string, line: number, what: string): Problem {
  return { file, line, col: 1, message: `broken sops metadata: ${what}`, code: "METADATA_INVALID" };
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
