import { describe, expect, it } from "vitest";
import { loadIdentities } from "../../../src/keys/identities.js";
import { identityTexts } from "../../../src/keys/identity.js";
import { ALICE, BOB } from "../../helpers/keys.js";

describe("identityTexts (what hush run masks of its own keys)", () => {
  it("gives each loaded age identity as it was read", async () => {
    const set = await loadIdentities({ SOPS_AGE_KEY: `${ALICE.identity}\n# comment\n${BOB.identity}\n`, HOME: "/nonexistent" });
    expect(identityTexts(set)).toEqual([ALICE.identity, BOB.identity]);
  });

  it("never shows up on the public identity objects", async () => {
    const set = await loadIdentities({ SOPS_AGE_KEY: ALICE.identity, HOME: "/nonexistent" });
    expect(JSON.stringify(set)).not.toContain(ALICE.identity);
  });
});
