/**
 * The age v1 payload: a 16-byte nonce, then the STREAM of ChaCha20-Poly1305
 * chunks of 64 KiB under HKDF(file key, nonce, "payload"), the last one flagged.
 * https://github.com/C2SP/C2SP/blob/main/age.md#payload
 */
import { randomBytes } from "node:crypto";
import { malformed } from "./age-file.js";
import { TAG, hkdf, open, seal } from "./primitives.js";

const CHUNK = 64 * 1024;
const NONCE = 16;

/** The 12-byte chunk nonce: the 11-byte big-endian counter, then the last-chunk flag. */
function chunkNonce(nonce: Buffer, counter: number, last: boolean): Buffer {
  nonce.writeUIntBE(counter, 5, 6); // the counter's low bytes (bytes 0..4 stay 0)
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** The payload for `plaintext` under `fileKey`, with a fresh nonce; an empty plaintext is one empty final chunk. @throws never */
export function encryptPayload(plaintext: Uint8Array, fileKey: Uint8Array): Buffer {
  const salt = randomBytes(NONCE);
  const key = hkdf(fileKey, salt, "payload");
  const parts: Buffer[] = [salt];
  const nonce = Buffer.alloc(12);
  for (let offset = 0, counter = 0; ; counter++) {
    const end = Math.min(offset + CHUNK, plaintext.length);
    const last = end === plaintext.length; // a full last chunk is flagged itself: no empty chunk after it
    parts.push(seal(key, chunkNonce(nonce, counter, last), plaintext.subarray(offset, end)));
    if (last) return Buffer.concat(parts);
    offset = end;
  }
}

/** The plaintext of a payload. @throws HushError METADATA_INVALID when a chunk does not verify or the payload is truncated */
export function decryptPayload(payload: Uint8Array, fileKey: Uint8Array): Buffer {
  if (payload.length < NONCE + TAG) throw malformed("the age payload is truncated");
  const key = hkdf(fileKey, payload.subarray(0, NONCE), "payload");
  const sealed = payload.subarray(NONCE);
  const parts: Buffer[] = [];
  const nonce = Buffer.alloc(12);
  for (let offset = 0, counter = 0; ; counter++) {
    const end = Math.min(offset + CHUNK + TAG, sealed.length);
    const last = end === sealed.length;
    const chunk = open(key, chunkNonce(nonce, counter, last), sealed.subarray(offset, end));
    if (!chunk) throw malformed(last ? "the age payload does not verify (tampered or truncated)" : "an age payload chunk does not verify");
    if (last && chunk.length === 0 && counter > 0) throw malformed("the age payload ends with an empty chunk");
    parts.push(chunk);
    if (last) return Buffer.concat(parts);
    offset = end;
  }
}
