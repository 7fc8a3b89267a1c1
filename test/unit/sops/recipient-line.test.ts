import { describe, expect, it } from "vitest";
import { readRecipientLine } from "../../../src/sops/recipient-line.js";

describe("readRecipientLine", () => {
  it("reads age and SSH recipients as sops and hush write them", () => {
    expect(readRecipientLine("          recipient: age1abc")).toBe("age1abc");
    expect(readRecipientLine("        - recipient: age1abc")).toBe("age1abc");
    expect(readRecipientLine("          recipient: ssh-ed25519 AAAAC3Nz alice@laptop")).toBe("ssh-ed25519 AAAAC3Nz alice@laptop");
    expect(readRecipientLine("          recipient: ssh-rsa AAAAB3+/= ")).toBe("ssh-rsa AAAAB3+/=");
    expect(readRecipientLine('          recipient: "ssh-ed25519 AAAA a: b"')).toBe("ssh-ed25519 AAAA a: b");
    expect(readRecipientLine("          recipient: 'age1abc'")).toBe("age1abc");
  });

  it("is undefined on other lines and null on a recipient it cannot read (the caller parses the YAML)", () => {
    expect(readRecipientLine("    mac: ENC[...]")).toBeUndefined();
    expect(readRecipientLine("recipient: age1abc")).toBeUndefined(); // not inside the sops block
    expect(readRecipientLine("          recipients: age1abc")).toBeUndefined();
    for (const odd of ['"a\\"b"', "ssh-ed25519 AAAA # note", "ssh-ed25519 AAAA a: b", "|", "&anchor age1", "*alias", ""]) {
      expect(readRecipientLine(`          recipient: ${odd}`), odd).toBeNull();
    }
  });
});
