import { describe, expect, it } from "vitest";
import { sharedRecipientMessage, sharedRecipientProblems, sharedRecipients, refuseSharedRecipients } from "../../../src/store/shared-recipients.js";
import { ALICE, BOB, CI } from "../../helpers/keys.js";

const SSH = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk1l0e3n4m4qGJ3cM2YdXmH3b0gYw7uW5mQ6r6tq8pX";

describe("sharedRecipients", () => {
  it("finds a recipient two users list, in file order, once", () => {
    const users = { alice: { recipients: [ALICE.recipient] }, bob: { recipients: [BOB.recipient, ALICE.recipient] }, ci: { recipients: [CI.recipient] } };
    expect(sharedRecipients({ users })).toEqual([{ recipient: ALICE.recipient, users: ["alice", "bob"] }]);
  });

  it("an SSH key is the same key whatever its comment; one user listing it twice shares nothing", () => {
    expect(sharedRecipients({ users: { a: { recipients: [`${SSH} a@laptop`] }, b: { recipients: [`${SSH} b@desk`] } } })).toEqual([{ recipient: SSH, users: ["a", "b"] }]);
    expect(sharedRecipients({ users: { a: { recipients: [`${SSH} one`, `${SSH} two`] } } })).toEqual([]);
  });

  it("names three users in one line, with the recipient shortened", () => {
    const message = sharedRecipientMessage({ recipient: ALICE.recipient, users: ["a", "b", "c"] });
    expect(message).toBe(`users "a", "b" and "c" share the recipient ${ALICE.recipient.slice(0, 12)}…${ALICE.recipient.slice(-4)}: each would read the other's user-scope secrets`);
  });

  it("problems sit at the line of the last listing; sync's refusal is one error", () => {
    const users = { alice: { recipients: [ALICE.recipient] }, bob: { recipients: [ALICE.recipient] } };
    const text = `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${ALICE.recipient}] }\n`;
    expect(sharedRecipientProblems({ users }, text, ".hush.yaml")).toMatchObject([{ file: ".hush.yaml", line: 4, code: "RECIPIENT_SHARED" }]);
    expect(() => refuseSharedRecipients({ users }, ".hush.yaml")).toThrow(expect.objectContaining({ code: "RECIPIENT_SHARED" }));
    expect(() => refuseSharedRecipients({ users: { alice: users.alice } }, ".hush.yaml")).not.toThrow();
  });
});
