/**
 * Reading and writing an armored age v1 file (https://age-encryption.org/v1):
 * the ASCII armor, the header's stanzas and MAC, the payload. Text only; the
 * crypto is in encrypter.ts, decrypter.ts and the Identity and Recipient
 * kinds (interfaces.ts). Strict like age:
 * canonical base64, 64-column lines.
 */
import { HushError } from "../errors.js";

const ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
const ARMOR_END = "-----END AGE ENCRYPTED FILE-----";
const VERSION_LINE = "age-encryption.org/v1";

/** One recipient stanza: `-> type arg...` and its body. */
export interface Stanza {
  readonly type: string;
  readonly args: readonly string[];
  readonly body: Uint8Array;
}

/** A parsed age file. `headerForMac` is the header up to and including `---`. */
export interface AgeFile {
  readonly stanzas: readonly Stanza[];
  readonly headerForMac: Uint8Array;
  readonly mac: Uint8Array;
  readonly payload: Uint8Array;
}

/** A malformed or tampered age file: METADATA_INVALID (age files are key material inside a larger file's metadata; the caller adds which). @throws never (returns the error) */
export function malformed(why: string): HushError {
  return new HushError("METADATA_INVALID", why);
}

/**
 * The binary age file inside an armor; leading and trailing whitespace and CRLF are tolerated (as sops's armor reader).
 * @throws HushError METADATA_INVALID (no BEGIN/END line, bad line length, bad base64)
 */
export function decodeArmor(text: string): Uint8Array {
  const lines = text.trim().replaceAll("\r\n", "\n").split("\n");
  if (lines.shift() !== ARMOR_BEGIN) throw malformed("no age armor header");
  if (lines.pop() !== ARMOR_END) throw malformed("the age armor is truncated (no END line)");
  if (lines.length === 0) throw malformed("the age armor is empty");
  for (const [i, line] of lines.entries()) {
    const last = i === lines.length - 1;
    if (last ? line.length === 0 || line.length > 64 || line.length % 4 !== 0 : line.length !== 64) throw malformed("the age armor has a line of the wrong length");
  }
  const joined = lines.join("");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(joined)) throw malformed("the age armor is not base64");
  const bytes = Buffer.from(joined, "base64");
  if (bytes.toString("base64") !== joined) throw malformed("the age armor is not canonical base64");
  return bytes;
}

/**
 * The armor of a binary age file, as age and typage's `armor.encode` write it:
 * BEGIN line, padded standard base64 in 64-column lines, END line, final newline.
 * @throws never
 */
export function encodeArmor(file: Uint8Array): string {
  const base64 = Buffer.from(file.buffer, file.byteOffset, file.byteLength).toString("base64");
  const lines = [ARMOR_BEGIN];
  for (let i = 0; i < base64.length; i += 64) lines.push(base64.slice(i, i + 64));
  lines.push(ARMOR_END, "");
  return lines.join("\n");
}

/** Unpadded standard base64, as age's header writes it. @throws never */
export function encodeRawBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64").replace(/=+$/, "");
}

/**
 * The header text up to and including `---` (what the MAC covers): the version
 * line, then per stanza `-> type args` and its body in 64-column lines, the
 * last one short (empty when the body fills its lines).
 * @throws never (stanza types and args are the caller's: one-line printable ASCII)
 */
export function encodeHeaderForMac(stanzas: readonly Stanza[]): Buffer {
  const lines = [VERSION_LINE];
  for (const stanza of stanzas) {
    lines.push(["->", stanza.type, ...stanza.args].join(" "));
    const body = encodeRawBase64(stanza.body);
    for (let i = 0; ; i += 64) {
      lines.push(body.slice(i, i + 64));
      if (body.length - i < 64) break;
    }
  }
  lines.push("---");
  return Buffer.from(lines.join("\n"), "latin1");
}

/** Unpadded canonical base64 as age's header uses it. @throws HushError METADATA_INVALID */
export function decodeRawBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*$/.test(text) || text.length % 4 === 1) throw malformed("bad base64 in the age header");
  const bytes = Buffer.from(text, "base64");
  if (bytes.toString("base64").replace(/=+$/, "") !== text) throw malformed("non-canonical base64 in the age header");
  return bytes;
}

/** Splits a binary age v1 file into stanzas, header MAC and payload. @throws HushError METADATA_INVALID (not v1, truncated, malformed stanza or MAC) */
export function parseAgeFile(file: Uint8Array): AgeFile {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  let pos = 0;
  const nextLine = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw malformed("the age header is truncated");
    const line = bytes.toString("latin1", pos, end);
    pos = end + 1;
    return line;
  };
  if (nextLine() !== VERSION_LINE) throw malformed("not an age v1 file");
  const stanzas: Stanza[] = [];
  for (;;) {
    const start = pos;
    const line = nextLine();
    if (line.startsWith("--- ") || line === "---") {
      const headerForMac = bytes.subarray(0, start + 3);
      const mac = decodeRawBase64(line.slice(4));
      if (mac.length !== 32) throw malformed("the age header MAC has the wrong length");
      return { stanzas, headerForMac, mac, payload: bytes.subarray(pos) };
    }
    if (!line.startsWith("-> ")) throw malformed("malformed age header line");
    const [type, ...args] = line.slice(3).split(" ");
    if (!type || args.some((a) => a.length === 0) || !/^[\x21-\x7e ]*$/.test(line)) throw malformed("malformed age stanza");
    const chunks: Uint8Array[] = [];
    for (;;) {
      const body = nextLine();
      if (body.length > 64) throw malformed("an age stanza body line is too long");
      chunks.push(decodeRawBase64(body));
      if (body.length < 64) break;
    }
    stanzas.push({ type, args, body: Buffer.concat(chunks) });
  }
}
