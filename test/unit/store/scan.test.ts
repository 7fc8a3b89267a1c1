import { describe, expect, it } from "vitest";
import { scanSimple } from "../../../src/store/scan.js";

const FILE = `password: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]
user: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]
sops:
    age:
        - recipient: age1one
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            YWJj
            -----END AGE ENCRYPTED FILE-----
        - recipient: age1two
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            YWJj
            -----END AGE ENCRYPTED FILE-----
    lastmodified: "2025-01-02T03:04:05Z"
    mac: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]
    unencrypted_suffix: _unencrypted
    version: 3.10.2
`;

describe("scanSimple", () => {
  it("reads keys, recipients and lastmodified of a simple file", () => {
    expect(scanSimple(FILE)).toEqual({ keys: ["password", "user"], recipients: ["age1one", "age1two"], lastModified: "2025-01-02T03:04:05Z" });
  });

  it("reads sops 3.13's order too (enc before recipient, sorted keys)", () => {
    const v313 = `a: ENC[AES256_GCM,data:x=,iv:y=,tag:z=,type:str]
sops:
    age:
        - enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            YWJj
            -----END AGE ENCRYPTED FILE-----
          recipient: age1one
    lastmodified: "2025-06-01T00:00:00Z"
    mac: ENC[AES256_GCM,data:x=,iv:y=,tag:z=,type:str]
    unencrypted_suffix: _unencrypted
    version: 3.13.0
`;
    expect(scanSimple(v313)).toEqual({ keys: ["a"], recipients: ["age1one"], lastModified: "2025-06-01T00:00:00Z" });
  });

  it("declines anything outside the simple shape (the codec decides then)", () => {
    expect(scanSimple(FILE.replace("password: ENC", "password: plain"))).toBeUndefined();
    expect(scanSimple("# comment\n" + FILE)).toBeUndefined();
    expect(scanSimple(FILE.replace(/ {4}mac: .*\n/, ""))).toBeUndefined();
    expect(scanSimple(FILE.replace(/ {4}lastmodified: .*\n/, ""))).toBeUndefined();
    expect(scanSimple("a: ENC[AES256_GCM,x]\n")).toBeUndefined();
    expect(scanSimple(FILE.replace("user: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]", "user: \"\""))?.keys).toEqual(["password", "user"]);
    expect(scanSimple(FILE + "extra: 1\n")).toBeUndefined();
    expect(scanSimple('"quoted key": ENC[AES256_GCM,x]\n' + FILE)).toBeUndefined();
  });
});
