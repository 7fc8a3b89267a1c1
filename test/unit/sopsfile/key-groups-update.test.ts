// updatekeys on files with several key groups (Shamir): per-group changes keep
// every share and every staying entry; a new shape re-splits the data key.
import { describe, expect, it } from "vitest";
import { decryptFile, inspectFile, updateKeys } from "../../../src/sopsfile/index.js";
import { encrypt } from "../../../src/sopsfile/encrypt.js";
import { planKeyUpdate } from "../../../src/sopsfile/key-plan.js";
import { identitiesFromText } from "../../../src/keys/identities.js";
import { getFormat } from "../../../src/formats/index.js";
import { isHushError } from "../../../src/errors.js";
import { ALICE, BOB, CI, DAVE } from "../../helpers/keys.js";
import { FILE_OWN_SELECTION } from "../../../src/sops/selection-policy.js";

const ids = async (...keys: { identity: string }[]) => identitiesFromText(keys.map((k) => k.identity).join("\n"), "test");
const text = (b: Uint8Array) => Buffer.from(b).toString();
const CANARY = "canary-groups-77";

async function twoGroups(): Promise<Uint8Array> {
  const { document } = (await getFormat("yaml")).parse(Buffer.from(`a: ${CANARY}\nb: 2\n`));
  return encrypt(document, { format: "yaml" }, { recipientGroups: [[ALICE.recipient], [BOB.recipient]], shamirThreshold: 2 });
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return isHushError(e) ? e.code : "not a HushError";
  }
  return undefined;
}

const entries = (b: Uint8Array) => inspectFile(b, "yaml", undefined, FILE_OWN_SELECTION).metadata.keyGroups.map((g) => g.age);
const values = (b: Uint8Array) => text(b).match(/^[ab]: ENC\[[^\]]+\]/gm);

describe("planKeyUpdate", () => {
  it("tells per-group changes from a new shape", async () => {
    const { metadata } = inspectFile(await twoGroups(), "yaml", undefined, FILE_OWN_SELECTION);
    expect(planKeyUpdate(metadata, [[ALICE.recipient], [BOB.recipient]], 2).changed).toBe(false);
    const add = planKeyUpdate(metadata, [[ALICE.recipient], [BOB.recipient, CI.recipient]], 2);
    expect(add).toMatchObject({ regroup: false, changed: true, added: [CI.recipient], removed: [], addedByGroup: [[], [CI.recipient]] });
    // A recipient moving to another group: nothing added or removed across groups, yet a change.
    const move = planKeyUpdate(metadata, [[ALICE.recipient, BOB.recipient], [BOB.recipient]], 2);
    expect(move).toMatchObject({ changed: true, added: [], removed: [], addedByGroup: [[BOB.recipient], []] });
    expect(planKeyUpdate(metadata, [[ALICE.recipient], [BOB.recipient]], 1).regroup).toBe(true); // threshold
    expect(planKeyUpdate(metadata, [[ALICE.recipient, BOB.recipient]]).regroup).toBe(true); // one group
    expect(planKeyUpdate(metadata, [[ALICE.recipient], [BOB.recipient]]).changed).toBe(false); // no threshold: all groups, as written
  });
});

describe("updateKeys with key groups", () => {
  it("adds a recipient to one group with that group's share; staying entries and values are untouched", async () => {
    const bytes = await twoGroups();
    const updated = await updateKeys(bytes, {
      policy: FILE_OWN_SELECTION,
      format: "yaml",
      identities: await ids(BOB),
      groups: [[ALICE.recipient], [BOB.recipient, CI.recipient]],
      shamirThreshold: 2,
    });
    expect(updated.added).toEqual([CI.recipient]);
    const [g1, g2] = entries(updated.bytes);
    expect(g1).toEqual(entries(bytes)[0]);
    expect(g2!.slice(0, 1)).toEqual(entries(bytes)[1]);
    expect(g2!.map((e) => e.recipient)).toEqual([BOB.recipient, CI.recipient]);
    expect(values(updated.bytes)).toEqual(values(bytes));
    expect(text(updated.bytes)).toContain("shamir_threshold: 2");
    // CI now stands in for BOB: ALICE + CI reach the threshold.
    expect((await decryptFile(updated.bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(ALICE, CI) })).document[0]!.get("a")).toBe(
      CANARY,
    );
    expect(await codeOf(decryptFile(updated.bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(CI) }))).toBe("NO_MATCHING_IDENTITY");
  });

  it("needs a key of the group it adds to, and says which group", async () => {
    const bytes = await twoGroups();
    const r = updateKeys(bytes, {
      policy: FILE_OWN_SELECTION,
      format: "yaml",
      identities: await ids(BOB),
      groups: [[ALICE.recipient, DAVE.recipient], [BOB.recipient]],
      shamirThreshold: 2,
    });
    await expect(r).rejects.toThrow(/key group 1/);
    expect(
      await codeOf(
        updateKeys(bytes, {
          policy: FILE_OWN_SELECTION,
          format: "yaml",
          identities: await ids(BOB),
          groups: [[ALICE.recipient, DAVE.recipient], [BOB.recipient]],
          shamirThreshold: 2,
        }),
      ),
    ).toBe("NO_MATCHING_IDENTITY");
  });

  it("drops a recipient without any key", async () => {
    const { document } = (await getFormat("yaml")).parse(Buffer.from(`a: ${CANARY}\n`));
    const bytes = await encrypt(document, { format: "yaml" }, { recipientGroups: [[ALICE.recipient, DAVE.recipient], [BOB.recipient]], shamirThreshold: 2 });
    const updated = await updateKeys(bytes, {
      policy: FILE_OWN_SELECTION,
      format: "yaml",
      identities: await ids(),
      groups: [[ALICE.recipient], [BOB.recipient]],
      shamirThreshold: 2,
    });
    expect(updated.removed).toEqual([DAVE.recipient]);
    expect(entries(updated.bytes)[0]!.map((e) => e.recipient)).toEqual([ALICE.recipient]);
  });

  it("re-splits for a new shape: one group, same data key, so every value keeps its ciphertext", async () => {
    const bytes = await twoGroups();
    const before = await decryptFile(bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(ALICE, BOB) });
    const updated = await updateKeys(bytes, {
      policy: FILE_OWN_SELECTION,
      format: "yaml",
      identities: await ids(ALICE, BOB),
      groups: [[ALICE.recipient, CI.recipient]],
    });
    expect(text(updated.bytes)).not.toContain("key_groups");
    expect(text(updated.bytes)).not.toContain("shamir_threshold");
    expect(values(updated.bytes)).toEqual(values(bytes));
    const after = await decryptFile(updated.bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(CI) });
    expect(Buffer.from(after.dataKey).equals(Buffer.from(before.dataKey))).toBe(true);
    expect(after.document[0]!.get("a")).toBe(CANARY);
  });

  it("re-splits for a third group: any two of three groups then open the file", async () => {
    const bytes = await twoGroups();
    const updated = await updateKeys(bytes, {
      policy: FILE_OWN_SELECTION,
      format: "yaml",
      identities: await ids(ALICE, BOB),
      groups: [[ALICE.recipient], [BOB.recipient], [CI.recipient]],
      shamirThreshold: 2,
    });
    expect(entries(updated.bytes)).toHaveLength(3);
    expect(values(updated.bytes)).toEqual(values(bytes));
    for (const pair of [
      [ALICE, CI],
      [BOB, CI],
      [ALICE, BOB],
    ]) {
      expect((await decryptFile(updated.bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(...pair) })).document[0]!.get("a")).toBe(
        CANARY,
      );
    }
    expect(await codeOf(decryptFile(updated.bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(CI) }))).toBe("NO_MATCHING_IDENTITY");
  });

  it("refuses a threshold below 2 for several groups, as encrypt does", async () => {
    const bytes = await twoGroups();
    expect(
      await codeOf(
        updateKeys(bytes, {
          policy: FILE_OWN_SELECTION,
          format: "yaml",
          identities: await ids(ALICE, BOB),
          groups: [[ALICE.recipient], [BOB.recipient]],
          shamirThreshold: 1,
        }),
      ),
    ).toBe("USAGE");
  });

  it("returns the same bytes when the groups already match", async () => {
    const bytes = await twoGroups();
    const r = await updateKeys(bytes, {
      policy: FILE_OWN_SELECTION,
      format: "yaml",
      identities: await ids(),
      groups: [[ALICE.recipient], [BOB.recipient]],
      shamirThreshold: 2,
    });
    expect(r.bytes).toBe(bytes);
  });
});

describe("updateKeys with a plain recipient list on a file with key groups (hush user add/remove)", () => {
  it("keeps the groups: a new recipient joins the first group, a removed one leaves every group", async () => {
    const { document } = (await getFormat("yaml")).parse(Buffer.from(`a: ${CANARY}\n`));
    const bytes = await encrypt(document, { format: "yaml" }, { recipientGroups: [[ALICE.recipient], [BOB.recipient, DAVE.recipient]], shamirThreshold: 2 });
    const updated = await updateKeys(bytes, {
      policy: FILE_OWN_SELECTION,
      format: "yaml",
      identities: await ids(ALICE),
      recipients: [ALICE.recipient, BOB.recipient, CI.recipient],
    });
    expect(updated).toMatchObject({ added: [CI.recipient], removed: [DAVE.recipient] });
    expect(entries(updated.bytes).map((g) => g.map((e) => e.recipient))).toEqual([[ALICE.recipient, CI.recipient], [BOB.recipient]]);
    expect(text(updated.bytes)).toContain("shamir_threshold: 2");
    expect((await decryptFile(updated.bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(CI, BOB) })).document[0]!.get("a")).toBe(
      CANARY,
    );
  });
});
