/**
 * Writing an armored age v1 file, as typage's Encrypter.encrypt does: a
 * fresh file key, each recipient's stanzas, the header MAC, the STREAM
 * payload. https://github.com/C2SP/C2SP/blob/main/age.md
 */
import { randomBytes } from "node:crypto";
import { encodeArmor, encodeHeaderForMac, encodeRawBase64, type Stanza } from "./age-file.js";
import type { Recipient } from "./interfaces.js";
import { headerMac } from "./primitives.js";
import { encryptPayload } from "./stream.js";

/** A fresh 16-byte file key. @throws never */
export function newFileKey(): Buffer {
  return randomBytes(16);
}

/**
 * The armored file of `plaintext` under `fileKey`, whose header holds
 * `stanzas` (the file key wrapped for its recipients); armored with its
 * final newline, as age and typage's `armor.encode` write it.
 * @throws never
 */
export function sealAgeFile(fileKey: Uint8Array, stanzas: readonly Stanza[], plaintext: Uint8Array): string {
  const header = encodeHeaderForMac(stanzas);
  const mac = Buffer.from(` ${encodeRawBase64(headerMac(fileKey, header))}\n`, "latin1");
  return encodeArmor(Buffer.concat([header, mac, encryptPayload(plaintext, fileKey)]));
}

/**
 * Encrypts `plaintext` to every recipient; returns the armored file.
 * @throws whatever a recipient's wrapFileKey throws (HushError RECIPIENT_INVALID)
 */
export async function encryptAgeFile(plaintext: Uint8Array, recipients: readonly Recipient[]): Promise<string> {
  const fileKey = newFileKey();
  const stanzas: Stanza[] = [];
  for (const recipient of recipients) stanzas.push(...(await recipient.wrapFileKey(fileKey)));
  return sealAgeFile(fileKey, stanzas, plaintext);
}
