/**
 * Reads a secret file's keys, recipients and lastmodified without any private
 * key. Files written by hush (and by sops from flat maps) have a simple
 * shape, read here line by line; anything else goes to the codec's full
 * inspectFile, so the fast path is never the only judge.
 */
import type { FormatName } from "../formats/format.js";
import { readRecipientLine } from "../sops/recipient-line.js";
import { codec } from "../sopsfile/codec-port.js";

export interface Scanned {
  keys: string[];
  recipients: string[];
  lastModified: string;
}

// An encrypted value, or "" (sops never encrypts empty strings, spec §1.8).
const TOP_KEY = /^([A-Za-z0-9_][A-Za-z0-9_.-]*): (ENC\[AES256_GCM,[^\]]*\]|"")$/;
const LAST_MODIFIED = /^ {4}lastmodified: "?([0-9TZ:.+-]+)"?$/;

/** The fast line scan, or undefined when the file is not in the simple shape. */
export function scanSimple(text: string): Scanned | undefined {
  const keys: string[] = [];
  const recipients: string[] = [];
  let lastModified: string | undefined;
  let inSops = false;
  let sawMac = false;
  for (const line of text.split("\n")) {
    if (!inSops) {
      if (line === "sops:") {
        inSops = true;
        continue;
      }
      const m = TOP_KEY.exec(line);
      if (!m) return undefined;
      keys.push(m[1]!);
      continue;
    }
    if (line === "") continue;
    if (!line.startsWith(" ")) return undefined; // a second top-level block after sops:
    const recipient = readRecipientLine(line);
    if (recipient === null) return undefined;
    if (recipient !== undefined) {
      recipients.push(recipient);
      continue;
    }
    const l = LAST_MODIFIED.exec(line);
    if (l) lastModified = l[1];
    else if (line.startsWith("    mac: ENC[")) sawMac = true;
  }
  if (!inSops || lastModified === undefined || !sawMac) return undefined;
  return { keys, recipients, lastModified };
}

/** Keys, recipients and lastmodified of a sops file. @throws HushError NOT_ENCRYPTED, METADATA_INVALID, PARSE_ERROR */
export async function scanSecretFile(bytes: Uint8Array, file: string, format: FormatName = "yaml"): Promise<Scanned> {
  const fast = scanSimple(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  if (fast) return fast;
  const { inspectFile } = await codec();
  const { ageRecipients } = await import("../sops/metadata.js");
  const inspected = inspectFile(bytes, format, file);
  const keys = inspected.document[0]?.keys() ?? [];
  return { keys, recipients: ageRecipients(inspected.metadata), lastModified: inspected.metadata.lastModified };
}
