// The worked example of spec §12 reproduces byte for byte when its data key,
// IVs, clock and age blob are injected (the example's files: test/fixtures/spec).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { specExample } from "../helpers/fixtures.js";
import { encrypt } from "../../src/sopsfile/encrypt.js";
import { decrypt } from "../../src/sopsfile/decrypt.js";
import { getFormat } from "../../src/formats/index.js";
import { identitiesFromText } from "../../src/keys/identities.js";
import type { FormatName } from "../../src/formats/format.js";
import { FILE_OWN_SELECTION } from "../../src/sops/selection-policy.js";

const DATA_KEY = Buffer.from("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "hex");
const RECIPIENT = "age1dndz38uzhtet23fa3df78rculxv23nxure4tpzg3pgchkjqgkddsvwdftm";
const IDENTITY = "AGE-SECRET-KEY-1REV6KAG8A7UXQ7XT5MZWTFYF93QLHAX22GJPH809C97WRE0F8Z9QP4TH8Q";

function ivs(prefix: string) {
  let n = 0;
  return () => createHash("sha256").update(`${prefix}${n++}`).digest();
}

/** The armored age blob of the vector, taken from the dotenv variant's metadata line. */
function ageBlob(): string {
  const line = specExample("encrypted.env")
    .split("\n")
    .find((l) => l.startsWith("sops_age__list_0__map_enc="))!;
  return line.slice("sops_age__list_0__map_enc=".length).replaceAll("\\n", "\n");
}

async function reproduce(format: FormatName, plaintext: string, ivPrefix: string): Promise<string> {
  const { document } = (await getFormat(format)).parse(Buffer.from(plaintext), "vector");
  const bytes = await encrypt(
    document,
    { format },
    {
      dataKey: DATA_KEY,
      iv: ivs(ivPrefix),
      now: () => new Date("2025-01-01T00:00:00Z"),
      keyGroups: [{ age: [{ recipient: RECIPIENT, enc: ageBlob() }], others: {} }],
    },
  );
  return Buffer.from(bytes).toString("utf8");
}

describe("spec §12 worked example", () => {
  it("dotenv variant (§12.4) byte for byte", async () => {
    const out = await reproduce("dotenv", specExample("plaintext.env"), "sops-spec-env-iv-");
    expect(out).toBe(specExample("encrypted.env"));
  });

  it("dotenv variant decrypts back with the vector's age identity", async () => {
    const identities = await identitiesFromText(IDENTITY, "vector");
    const opened = await decrypt(Buffer.from(specExample("encrypted.env")), { policy: FILE_OWN_SELECTION, format: "dotenv", identities });
    expect(Buffer.from(opened.dataKey).toString("hex")).toBe(DATA_KEY.toString("hex"));
    const back = (await getFormat("dotenv")).emit(opened.document, undefined);
    expect(Buffer.from(back).toString()).toBe(specExample("plaintext.env"));
  });

  it("YAML (§12.3) byte for byte", async () => {
    const out = await reproduce("yaml", specExample("plaintext.yaml"), "sops-spec-iv-");
    expect(out).toBe(specExample("encrypted.yaml"));
  });
});
