// The age test vectors of C2SP/CCTV (test/fixtures/cctv-age; source, commit and
// licence in its README) against hush's own age code: the armor reader,
// header and stanza parser, X25519 unwrap, header MAC and STREAM payload
// (src/age/age-file.ts, x25519-unwrap.ts, stream.ts), reached as hush reaches
// them, through unwrapDataKey on a sops age entry. Read as typage's
// tests/testkit.test.ts reads them: a `key: value` header, a blank line, the
// age file (zlib-compressed when `compressed: zlib`).
//
// `expect: success` must open to a payload whose SHA-256 is `payload:`; every
// failure kind must be refused, with the same kind as far as hush's errors
// tell kinds apart (kindOf below). hush releases nothing from a file that
// fails (no partial payload), so a payload failure's partial hash has nothing
// to compare with. What hush does not implement: scrypt (passphrase) stanzas,
// which it never opens (HAS_PASSPHRASE). The post-quantum hybrid identities
// open their stanzas with age-encryption (src/age/typage-fallback.ts); the
// header, MAC and payload around them are hush's, as for X25519.
// Every other difference from the vectors' expectation is in DIFFERENCES,
// which the last test proves is exactly the set of vectors that differ.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeArmor, encodeArmor, encodeHeaderForMac, encodeRawBase64, parseAgeFile } from "../../src/age/age-file.js";
import { unwrapDataKey } from "../../src/sopsfile/age-entries.js";
import { identitiesFromText } from "../../src/keys/identities.js";
import { isHushError } from "../../src/errors.js";
import { requireFixture } from "../helpers/fixtures.js";
import { ALICE } from "../helpers/keys.js";

const DIR = requireFixture("cctv-age/testdata");

type Expect = "success" | "no match" | "HMAC failure" | "header failure" | "payload failure" | "armor failure";
/** What hush did: a vector kind, or the outcome only hush has. */
type Outcome = Expect | "no identity";

interface Vector {
  readonly name: string;
  readonly expect: Expect;
  readonly payload?: string;
  readonly fileKey?: string;
  readonly identities: readonly string[];
  readonly passphrases: readonly string[];
  readonly armored: boolean;
  /** The age file, decompressed. */
  readonly body: Buffer;
}

const EXPECTS: readonly string[] = ["success", "no match", "HMAC failure", "header failure", "payload failure", "armor failure"];

/** One vector file, as the CCTV age README defines it. Throws on anything it does not know, so a new key is seen, not skipped. */
function readVector(name: string): Vector {
  const raw = readFileSync(join(DIR, name));
  const sep = raw.indexOf("\n\n");
  if (sep < 0) throw new Error(`${name}: no blank line after the header`);
  const meta: Record<string, string> = {};
  const identities: string[] = [];
  const passphrases: string[] = [];
  for (const line of raw.subarray(0, sep).toString("utf8").split("\n")) {
    const at = line.indexOf(": ");
    const [key, value] = [line.slice(0, at), line.slice(at + 2)];
    if (key === "identity") identities.push(value);
    else if (key === "passphrase") passphrases.push(value);
    else if (["expect", "payload", "file key", "armored", "compressed", "comment"].includes(key)) meta[key] = value;
    else throw new Error(`${name}: unknown header line ${JSON.stringify(line)}`);
  }
  if (!EXPECTS.includes(meta.expect ?? "")) throw new Error(`${name}: unknown expect ${meta.expect}`);
  let body = raw.subarray(sep + 2);
  if (meta.compressed === "zlib") body = inflateSync(body);
  else if (meta.compressed !== undefined) throw new Error(`${name}: unknown compression ${meta.compressed}`);
  return {
    name,
    expect: meta.expect as Expect,
    payload: meta.payload,
    fileKey: meta["file key"],
    identities,
    passphrases,
    armored: meta.armored === "yes",
    body,
  };
}

const vectors = readdirSync(DIR).sort().map(readVector);

/**
 * The vector kind of a refusal, from hush's error code and the reason
 * age-file.ts, x25519-unwrap.ts and stream.ts give. Unknown reasons throw:
 * a new message must be classified here, not guessed.
 */
function kindOf(error: unknown): Outcome {
  if (!isHushError(error)) throw error;
  if (error.code === "NO_MATCHING_IDENTITY") return "no match";
  if (error.code === "NO_IDENTITY") return "no identity";
  if (error.code !== "METADATA_INVALID") throw error;
  const why = error.message;
  if (/age-encryption refused a stanza/.test(why)) return "header failure"; // a hybrid stanza its identity finds malformed
  if (/no age armor header|the age armor/.test(why)) return "armor failure";
  if (/header MAC does not match/.test(why)) return "HMAC failure";
  if (/the age payload|an age payload chunk/.test(why)) return "payload failure";
  if (/not an age v1 file|the age header|malformed age (header line|stanza)|age stanza body|age header MAC has the wrong length|X25519 stanza/.test(why)) return "header failure";
  throw error;
}

/** Decrypts the vector as a sops age entry for its first identity; the payload's SHA-256, or what refused it. */
async function run(vector: Vector, identities: readonly string[]): Promise<{ outcome: Outcome; sha256?: string }> {
  const enc = vector.armored ? vector.body.toString("latin1") : encodeArmor(vector.body);
  try {
    const set = await identitiesFromText(identities.join("\n"), `vector ${vector.name}`);
    const recipient = set.identities[0]?.recipient ?? ALICE.recipient;
    const payload = await unwrapDataKey([{ recipient, enc }], set, vector.name);
    return { outcome: "success", sha256: createHash("sha256").update(payload).digest("hex") };
  } catch (error) {
    return { outcome: kindOf(error) };
  }
}

/**
 * Vectors with a passphrase (scrypt): hush opens no scrypt stanza. Those
 * without an identity run with a stand-in X25519 identity (ALICE, no
 * stanza's) and must be refused, `expect: success` ones included:
 * "no match" (hush skips a stanza type it does not know, as age does
 * without a passphrase), or "header failure" where the fault is one hush's
 * generic header parser sees (SCRYPT_HEADER_FAILURES_SEEN: non-canonical
 * base64 in a body). The scrypt-only checks (salt, work factor, one scrypt
 * stanza alone in the header) hush never makes: it never opens such a stanza.
 */
const HAS_PASSPHRASE = (v: Vector): boolean => v.passphrases.length > 0;
const SCRYPT_HEADER_FAILURES_SEEN = new Set(["scrypt_not_canonical_body"]);

/** Hybrid (ML-KEM) identities: their stanzas are opened by age-encryption, behind hush's Identity interface. */
const AGE_ENCRYPTION = (v: Vector): boolean => v.identities.some((i) => i.startsWith("AGE-SECRET-KEY-PQ-1"));

/**
 * Every vector where hush's outcome differs from `expect:` outside the passphrase
 * rule above, with why. None of them opens anything: they are refused with
 * another label. The last test checks this list is exactly the set that differs.
 */
const DIFFERENCES: Readonly<Record<string, { hush: Outcome; why: string }>> = {
  empty: { hush: "armor failure", why: "hush reads age files only as sops stores them, armored: the empty file armors to an armor with no lines (armor_empty)" },
  armor_empty: { hush: "armor failure", why: "an armor with no line between BEGIN and END is refused by the armor reader; age decodes it to an empty file whose header then fails" },
  stream_no_nonce: { hush: "payload failure", why: "a file that ends before its 16-byte payload nonce is 'the age payload is truncated' to hush; age reads the nonce before returning the reader, so it calls it a header failure" },
  stream_short_nonce: { hush: "payload failure", why: "as stream_no_nonce" },
};

/** The outcome hush must have for `vector`: its `expect:`, under the rules and the list above. */
function expectedOutcome(vector: Vector): Outcome | Outcome[] {
  if (HAS_PASSPHRASE(vector) && vector.identities.length === 0) return SCRYPT_HEADER_FAILURES_SEEN.has(vector.name) ? "header failure" : "no match";
  if (HAS_PASSPHRASE(vector)) return ["no match", vector.expect]; // scrypt beside an X25519 stanza that is not the identity's
  const difference = DIFFERENCES[vector.name];
  if (difference) return difference.hush;
  return vector.expect;
}

const identitiesFor = (v: Vector): readonly string[] => (v.identities.length ? v.identities : [ALICE.identity]);

describe("C2SP/CCTV age vectors through hush's age code", () => {
  it("the vendored set is whole: every expect kind, X25519, hybrid and scrypt vectors, armored and compressed ones", () => {
    expect(vectors.length).toBe(143);
    expect(new Set(vectors.map((v) => v.expect))).toEqual(new Set(EXPECTS));
    expect(vectors.filter((v) => v.identities.some((i) => i.startsWith("AGE-SECRET-KEY-1"))).length).toBeGreaterThan(80);
    expect(vectors.filter(AGE_ENCRYPTION).length).toBeGreaterThan(15);
    expect(vectors.filter(HAS_PASSPHRASE).length).toBeGreaterThan(20);
    expect(vectors.filter((v) => v.armored).length).toBeGreaterThan(30);
    expect(vectors.filter((v) => v.body.length > 16 * 64 * 1024).length).toBeGreaterThan(0); // the 257-chunk STREAM ones
  });

  /** Each vector's outcome, recorded by its test for the DIFFERENCES check (tests in a file run in order). */
  const outcomes = new Map<string, Outcome>();
  for (const vector of vectors) {
    const wanted = expectedOutcome(vector);
    const label = Array.isArray(wanted) ? wanted.join(" or ") : wanted;
    it(`${vector.name} (expect: ${vector.expect}) -> ${label}`, async () => {
      const { outcome, sha256 } = await run(vector, identitiesFor(vector));
      outcomes.set(vector.name, outcome);
      if (Array.isArray(wanted)) expect(wanted).toContain(outcome);
      else expect(outcome).toBe(wanted);
      if (outcome === "success") expect(sha256).toBe(vector.payload);
    });
  }

  it("a passphrase-only file with no identity loaded is NO_IDENTITY, as any file is", async () => {
    const scrypt = vectors.find((v) => v.name === "scrypt")!;
    expect(scrypt.expect).toBe("success");
    expect((await run(scrypt, [])).outcome).toBe("no identity");
  });

  it("DIFFERENCES is exactly the set of vectors whose outcome is not their expect (it cannot go stale)", () => {
    expect(outcomes.size).toBe(vectors.length);
    const differing: string[] = [];
    for (const vector of vectors) {
      if (HAS_PASSPHRASE(vector)) continue;
      if (outcomes.get(vector.name) !== vector.expect) differing.push(vector.name);
    }
    expect(differing.sort()).toEqual(Object.keys(DIFFERENCES).sort());
  });

  it("SCRYPT_HEADER_FAILURES_SEEN names scrypt header failures only", () => {
    for (const name of SCRYPT_HEADER_FAILURES_SEEN) expect(vectors.find((v) => v.name === name)?.expect).toBe("header failure");
  });
});

describe("the writing side re-encodes what the vectors hold", () => {
  const armoredSuccesses = vectors.filter((v) => v.armored && v.expect === "success");
  it.each(armoredSuccesses.map((v) => [v.name, v] as const))("armor of %s round-trips (up to CRLF and outer whitespace)", (_, vector) => {
    const text = vector.body.toString("latin1");
    const normalize = (s: string) => s.replaceAll("\r\n", "\n").trim();
    expect(normalize(encodeArmor(decodeArmor(text)))).toBe(normalize(text));
  });

  // Any vector whose header parses (README: "any vector that's not a header failure").
  const parsed = vectors.filter((v) => !["header failure", "armor failure"].includes(v.expect));
  it.each(parsed.map((v) => [v.name, v] as const))("header of %s re-encodes byte for byte", (_, vector) => {
    const bytes = vector.armored ? decodeArmor(vector.body.toString("latin1")) : vector.body;
    const file = parseAgeFile(bytes);
    const header = encodeHeaderForMac(file.stanzas);
    expect(header.equals(Buffer.from(file.headerForMac))).toBe(true);
    const whole = Buffer.concat([header, Buffer.from(` ${encodeRawBase64(file.mac)}\n`, "latin1"), file.payload]);
    expect(whole.equals(Buffer.from(bytes))).toBe(true);
  });
});
