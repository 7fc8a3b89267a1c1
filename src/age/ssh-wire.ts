/**
 * The SSH wire encoding (RFC 4251 §5): uint32, length-prefixed strings and
 * mpints, as public keys (RFC 4253 §6.6, RFC 8709) and openssh-key-v1 files
 * (https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key) use it.
 * Readers return undefined for short or malformed input; callers say why.
 */

/** A cursor over SSH wire bytes. Every read returns undefined (and stays failed) once input runs short. */
export class WireReader {
  private pos = 0;
  private failed = false;

  constructor(private readonly bytes: Buffer) {}

  /** Whether every byte was read and no read failed. */
  get done(): boolean {
    return !this.failed && this.pos === this.bytes.length;
  }

  /** Whether a read ran past the end. */
  get ok(): boolean {
    return !this.failed;
  }

  /** The bytes not read yet. */
  rest(): Buffer {
    return this.bytes.subarray(this.pos);
  }

  uint32(): number | undefined {
    if (this.failed || this.pos + 4 > this.bytes.length) return this.fail();
    const value = this.bytes.readUInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  /** A length-prefixed byte string. */
  string(): Buffer | undefined {
    const length = this.uint32();
    if (length === undefined || this.pos + length > this.bytes.length) return this.fail();
    const value = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  /** A length-prefixed string read as latin1 text (key types, cipher names). */
  text(): string | undefined {
    return this.string()?.toString("latin1");
  }

  /** A non-negative mpint as a BigInt (leading zero bytes allowed, as Go's ssh package allows them); undefined for a negative one. */
  mpint(): bigint | undefined {
    const raw = this.string();
    if (raw === undefined) return undefined;
    if (raw.length > 0 && (raw[0]! & 0x80) !== 0) return this.fail();
    return raw.length === 0 ? 0n : BigInt(`0x${raw.toString("hex")}`);
  }

  private fail(): undefined {
    this.failed = true;
    return undefined;
  }
}

/** A length-prefixed string. @throws never */
export function wireString(bytes: Uint8Array | string): Buffer {
  const body = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : Buffer.from(bytes);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

/** A non-negative mpint in its minimal encoding (a 0x00 byte before a set high bit), as OpenSSH and Go write it. @throws never */
export function wireMpint(value: bigint): Buffer {
  return wireString(unsignedBytes(value, true));
}

/** Big-endian bytes of a non-negative integer, minimal; `signed` adds a 0x00 before a set high bit. @throws never */
export function unsignedBytes(value: bigint, signed = false): Buffer {
  if (value === 0n) return Buffer.alloc(0);
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, "hex");
  return signed && (bytes[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.alloc(1), bytes]) : bytes;
}
