/**
 * What `hush secret list` (and the diff driver's keys-only view) shows of a
 * secret file without any private key: its keys, recipients and
 * lastmodified. Read by the one line scanner (sopsfile/file-facts.ts) when
 * the file is in the shape sops and hush write; anything else goes to the
 * codec's full inspectFile, so the scanner is never the only judge.
 */
import type { FormatName } from "../formats/format.js";
import { scanSopsYaml } from "../sopsfile/file-facts.js";
import { normalizeRfc3339 } from "../sops/timestamp.js";
import { codec } from "../sopsfile/codec-port.js";
import { FILE_OWN_SELECTION } from "../sops/selection-policy.js";

export interface SecretSummary {
  keys: string[];
  recipients: string[];
  /** RFC 3339, as the codec reformats it. */
  lastModified: string;
}

/** An RFC 3339 UTC time at second precision, as normalizeRfc3339 writes it. */
const CANONICAL_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

/** The scanner's summary, or undefined when the file is not in its shape or is broken (the codec then says how). */
export function summaryFromText(text: string): SecretSummary | undefined {
  const facts = scanSopsYaml(text);
  if (!facts || facts.sopsLine === undefined) return undefined;
  const recorded = facts.lastModified?.value;
  // As hush and sops 3.x write it already: no need to re-format.
  const lastModified = recorded !== undefined && CANONICAL_TIME.test(recorded) ? recorded : recorded && normalizeRfc3339(recorded);
  if (lastModified === undefined) return undefined;
  return { keys: facts.entries.map((e) => e.key), recipients: facts.recipients.map((r) => r.value), lastModified };
}

/** Keys, recipients and lastmodified of a sops file. @throws HushError NOT_ENCRYPTED, METADATA_INVALID, PARSE_ERROR */
export async function secretSummary(bytes: Uint8Array, file: string, format: FormatName = "yaml"): Promise<SecretSummary> {
  const fast = format === "yaml" ? summaryFromText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")) : undefined;
  if (fast) return fast;
  const { inspectFile } = await codec();
  const { ageRecipients } = await import("../sops/metadata.js");
  const inspected = inspectFile(bytes, format, file, FILE_OWN_SELECTION); // keys and recipients only; every read is held to the store policy
  const keys = inspected.document[0]?.keys() ?? [];
  return { keys, recipients: ageRecipients(inspected.metadata), lastModified: inspected.metadata.lastModified };
}
