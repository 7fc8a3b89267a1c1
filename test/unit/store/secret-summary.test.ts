import { describe, expect, it } from "vitest";
import { summaryFromText } from "../../../src/store/secret-summary.js";
import { inspectFile } from "../../../src/sopsfile/index.js";
import { ageRecipients } from "../../../src/sops/metadata.js";
import { FILE_OWN_SELECTION } from "../../../src/sops/selection-policy.js";

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

describe("summaryFromText", () => {
  it("reads keys, recipients and lastmodified of a simple file", () => {
    expect(summaryFromText(FILE)).toEqual({ keys: ["password", "user"], recipients: ["age1one", "age1two"], lastModified: "2025-01-02T03:04:05Z" });
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
    expect(summaryFromText(v313)).toEqual({ keys: ["a"], recipients: ["age1one"], lastModified: "2025-06-01T00:00:00Z" });
  });

  it("declines what it cannot read for certain, and reads as the codec does what it reads", () => {
    const declined = [
      "# comment\n" + FILE,
      FILE.replace(/ {4}lastmodified: .*\n/, ""), // the codec's METADATA_INVALID
      FILE.replace("2025-01-02T03:04:05Z", "yesterday"),
      "a: ENC[AES256_GCM,x]\n", // no sops block: the codec's NOT_ENCRYPTED
      FILE + "extra: 1\n",
      FILE.replace("password: ENC", "password: |\n  ENC"),
    ];
    for (const text of declined) expect(summaryFromText(text), text).toBeUndefined();
    const read = [
      FILE.replace("password: ENC", "password: plain"), // a clear value is the check's business; its key is listed
      FILE.replace(/ {4}mac: .*\n/, ""),
      '"quoted key": ENC[AES256_GCM,x]\n' + FILE,
      FILE.replace("user: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]", 'user: ""'),
      FILE.replace('"2025-01-02T03:04:05Z"', "2025-01-02T04:04:05.5+01:00"),
    ];
    for (const text of read) {
      const inspected = inspectFile(Buffer.from(text), "yaml", undefined, FILE_OWN_SELECTION);
      expect(summaryFromText(text), text).toEqual({
        keys: inspected.document[0]!.keys(),
        recipients: ageRecipients(inspected.metadata),
        lastModified: inspected.metadata.lastModified,
      });
    }
  });
});
