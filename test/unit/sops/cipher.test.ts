import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openValue, pathAad, sealValue } from "../../../src/sops/cipher.js";
import { formatEncString, parseEncString } from "../../../src/sops/enc-string.js";

const KEY = Buffer.from("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "hex");
const iv = (n: number) => createHash("sha256").update(`sops-spec-iv-${n}`).digest();

describe("AES-256-GCM values (spec §2, vector §12.2)", () => {
  it("reproduces the vector's ENC string for db.user", () => {
    const enc = formatEncString(sealValue(KEY, Buffer.from("admin"), pathAad(["db", "user"]), iv(1), "str"));
    expect(enc).toBe("ENC[AES256_GCM,data:habvj7s=,iv:ahrsoTFuzqTvQHyA8rWaZ4bZMr+bRVRwk5qMEnh67cM=,tag:DUd26aJfEVz+FT/mMwTTjA==,type:str]");
  });

  it("reproduces a top-level comment (AAD ':')", () => {
    const enc = formatEncString(sealValue(KEY, Buffer.from(" top secret comment"), pathAad([]), iv(0), "comment"));
    expect(enc).toBe(
      "ENC[AES256_GCM,data:9LM/mgzMtzdPsvnelFrSd0V/2A==,iv:LVV9oHwQTjcjKIiE/1Dgf2Z5HjS6pjo59qJvnsHmcFM=,tag:6SuF3tIK+5IUWZoxwZCAyg==,type:comment]",
    );
  });

  it("uses 32-byte IVs and opens what it seals", () => {
    const parts = sealValue(KEY, Buffer.from("s3cr3t"), "db:password:", iv(2), "str");
    expect(parts.iv).toHaveLength(32);
    const round = parseEncString(formatEncString(parts))!;
    expect(Buffer.from(openValue(KEY, round, "db:password:")!).toString()).toBe("s3cr3t");
  });

  it.each(["db:password", "db.password:", ":db:password:", "db:password:0:", "db:user:"])("refuses the wrong AAD %s", (aad) => {
    const parts = sealValue(KEY, Buffer.from("s3cr3t"), "db:password:", iv(2), "str");
    expect(openValue(KEY, parts, aad)).toBeUndefined();
  });

  it("refuses a flipped ciphertext bit and a wrong key", () => {
    const parts = sealValue(KEY, Buffer.from("s3cr3t"), "a:", iv(3), "str");
    const flipped = { ...parts, data: Buffer.from(parts.data).fill(1, 0, 1) };
    expect(openValue(KEY, flipped, "a:")).toBeUndefined();
    expect(openValue(Buffer.alloc(32, 9), parts, "a:")).toBeUndefined();
  });

  it("builds AADs with a trailing colon and no list indexes", () => {
    expect(pathAad([])).toBe(":");
    expect(pathAad(["tags"])).toBe("tags:");
    expect(pathAad(["x", "a:b"])).toBe("x:a:b:");
    expect(pathAad(["foo "])).toBe("foo :");
  });
});

describe("ENC strings", () => {
  it("does not match other text", () => {
    expect(parseEncString("hello")).toBeUndefined();
    expect(parseEncString("ENC[AES256_GCM,data:x]")).toBeUndefined();
  });
  it("parses type and base64 fields", () => {
    const p = parseEncString("ENC[AES256_GCM,data:AQI=,iv:AwQ=,tag:BQY=,type:int]")!;
    expect([...p.data, ...p.iv, ...p.tag]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(p.type).toBe("int");
  });
});
