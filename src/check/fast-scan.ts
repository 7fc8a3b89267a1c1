/**
 * The fast path of the pre-commit check: a line scan of secret files in the
 * shape hush and sops write for flat maps (`key: ENC[...]` lines, then the
 * `sops:` block). It reads what the rules need, with line numbers, and no
 * YAML AST. Anything outside that shape (nesting, lists, comments, quoted
 * keys, other key types, comment selections, a regex policy) returns
 * undefined and goes to the codec's full inspectFile, so the fast path is
 * never the only judge. Which values must be encrypted is the file's policy
 * (selection-policy.ts), never the selection the file records: that is only
 * reported, for the caller to compare.
 * Measured: see test/bench/check-repo.js.
 */
import { readRecipientLine } from "../sops/recipient-line.js";
import type { Selection, SelectionKind } from "../sops/metadata.js";

export interface Located<T> {
  value: T;
  line: number;
}

export interface FastScan {
  /** Top-level keys in file order. */
  keys: Located<string>[];
  /** Values that are not `ENC[...]` although the policy's selection says they must be. */
  clearValues: Located<string>[];
  /** `ENC[` values that are not well formed. */
  badEnc: Located<string>[];
  recipients: Located<string>[];
  /** Line of `sops:`, or undefined when the file has no sops block at all. */
  sopsLine: number | undefined;
  hasMac: boolean;
  lastModified: string | undefined;
  version: string | undefined;
  /** The selection option the sops block records, if any, with its line (to compare with the policy). */
  recorded: Located<Selection> | undefined;
}

const TOP_ENTRY = /^([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: (.*))?$/;
const ENC = /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:(?:str|int|float|bool|bytes|time|comment)\]$/;
// Any letter case: sops matches field names case-insensitively, so a case variant must reach the codec (metadata.ts), not be skipped.
const SOPS_FIELD = /^ {4}([A-Za-z_]+):(?: (.*))?$/;
/** Fields the fast path understands; any other (pgp, kms, key_groups, comment regexes ...) goes to the codec. */
const KNOWN_FIELDS = new Set(["age", "lastmodified", "mac", "version", "unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex"]);
const SELECTION_FIELDS: readonly SelectionKind[] = ["unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex"];

/** Scans `text`, judging values by `policy` (the selection the file must have); undefined when it is not in the simple shape. */
export function fastScan(text: string, policy: Selection): FastScan | undefined {
  const mustEncrypt = suffixTest(policy);
  if (!mustEncrypt) return undefined;
  const fieldLines = new Map<string, number>();
  const keys: Located<string>[] = [];
  const values: Array<{ key: string; value: string; line: number }> = [];
  const recipients: Located<string>[] = [];
  const fields = new Map<string, string>();
  let sopsLine: number | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const n = i + 1;
    if (sopsLine === undefined) {
      if (line === "" && i === lines.length - 1) continue;
      if (line === "sops:") {
        sopsLine = n;
        continue;
      }
      const m = TOP_ENTRY.exec(line);
      const value = m?.[2];
      if (!m || value === undefined || value === "" || /^[|>&*!{[#]/.test(value) || value.includes(" #")) return undefined;
      if (m[1] === "sops") return undefined;
      keys.push({ value: m[1]!, line: n });
      values.push({ key: m[1]!, value, line: n });
      continue;
    }
    if (line === "") continue;
    if (!line.startsWith("    ")) return undefined; // a second top-level block after sops:
    const f = SOPS_FIELD.exec(line);
    if (f) {
      if (!KNOWN_FIELDS.has(f[1]!)) return undefined;
      fields.set(f[1]!, unquote(f[2] ?? ""));
      fieldLines.set(f[1]!, n);
      continue;
    }
    const recipient = readRecipientLine(line);
    if (recipient === null) return undefined;
    if (recipient !== undefined) recipients.push({ value: recipient, line: n });
  }
  // An empty option is unset, as sops and metadataFromWire read it.
  const set = SELECTION_FIELDS.filter((k) => fields.has(k) && fields.get(k) !== "");
  if (set.length > 1) return undefined; // the codec names the conflict
  const kind = set[0];
  const recorded = kind === undefined ? undefined : { value: { kind, value: fields.get(kind)! }, line: fieldLines.get(kind)! };
  const clearValues: Located<string>[] = [];
  const badEnc: Located<string>[] = [];
  for (const v of values) {
    if (v.value.startsWith("ENC[")) {
      if (!ENC.test(v.value)) badEnc.push({ value: v.key, line: v.line });
    } else if (mustEncrypt(v.key) && v.value !== '""' && v.value !== "''") clearValues.push({ value: v.key, line: v.line }); // "" is never encrypted (spec §1.8)
  }
  const mac = fields.get("mac");
  return {
    keys,
    clearValues,
    badEnc,
    recipients,
    sopsLine,
    hasMac: mac !== undefined && ENC.test(mac),
    lastModified: fields.get("lastmodified"),
    version: fields.get("version"),
    recorded,
  };
}

/** Whether a top-level key's value must be encrypted under a suffix selection (spec §3, one path component); undefined for the regex kinds (the codec path judges those). */
function suffixTest(selection: Selection): ((key: string) => boolean) | undefined {
  const { kind, value } = selection;
  if (kind === "unencrypted_suffix") return (key) => !key.endsWith(value);
  if (kind === "encrypted_suffix") return (key) => key.endsWith(value);
  return undefined;
}

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) return t.slice(1, -1);
  return t;
}
