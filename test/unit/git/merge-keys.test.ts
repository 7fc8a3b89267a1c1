import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalValue, conflictValue, mergeBranch, mergeDocuments, mergeRecipients } from "../../../src/git/merge-driver.js";
import { Branch, Comment } from "../../../src/sops/tree.js";

const b = (o: Record<string, string>): Branch => new Branch(Object.entries(o).map(([key, value]) => ({ key, value })));
const plain = (br: Branch): Record<string, unknown> => Object.fromEntries(br.entries().map((e) => [e.key, e.value]));

describe("per-key three-way merge", () => {
  it("takes each side's change to different keys", () => {
    const r = mergeBranch(b({ user: "u", pass: "p", host: "h" }), b({ user: "u2", pass: "p", host: "h" }), b({ user: "u", pass: "p2", host: "h" }));
    expect(r.conflicts).toEqual([]);
    expect(plain(r.branch)).toEqual({ user: "u2", pass: "p2", host: "h" });
  });

  it("adds keys from both sides (ours' order, then theirs' new keys) and honours deletions", () => {
    const r = mergeBranch(b({ a: "1", gone: "x", b: "2" }), b({ a: "1", b: "2", mine: "m" }), b({ a: "1", gone: "x", b: "2", yours: "y" }));
    expect(r.conflicts).toEqual([]);
    expect(r.branch.keys()).toEqual(["a", "b", "mine", "yours"]);
  });

  it("deleted on one side, untouched on the other: deleted", () => {
    const r = mergeBranch(b({ a: "1", b: "2" }), b({ a: "1", b: "2" }), b({ a: "1" }));
    expect(r.branch.keys()).toEqual(["a"]);
  });

  it("the same change on both sides is no conflict", () => {
    const r = mergeBranch(b({ a: "1" }), b({ a: "2" }), b({ a: "2" }));
    expect(r.conflicts).toEqual([]);
    expect(plain(r.branch)).toEqual({ a: "2" });
  });

  it("different changes to one key: a conflict with markers around both plaintexts", () => {
    const r = mergeBranch(b({ a: "1", c: "same" }), b({ a: "ours-v", c: "same" }), b({ a: "theirs-v", c: "same" }));
    expect(r.conflicts).toEqual(["a"]);
    expect(r.branch.get("a")).toBe("<<<<<<< ours\nours-v\n=======\ntheirs-v\n>>>>>>> theirs");
    expect(r.branch.get("c")).toBe("same");
  });

  it("changed on one side, deleted on the other: a conflict that says which side deleted", () => {
    const r = mergeBranch(b({ a: "1" }), b({}), b({ a: "2" }));
    expect(r.conflicts).toEqual(["a"]);
    expect(r.branch.get("a")).toBe("<<<<<<< ours (key deleted)\n=======\n2\n>>>>>>> theirs");
  });

  it("added on both sides with different values (no base): a conflict", () => {
    const r = mergeDocuments([], [b({ k: "x" })], [b({ k: "y" })]);
    expect(r.conflicts).toEqual(["k"]);
  });

  it("keeps ours' comments and compares nested values by content", () => {
    const ours = new Branch([new Comment(" note"), { key: "n", value: b({ x: "1" }) }]);
    const theirs = new Branch([
      { key: "n", value: b({ x: "1" }) },
      { key: "t", value: 3n },
    ]);
    const r = mergeBranch(new Branch([{ key: "n", value: b({ x: "1" }) }]), ours, theirs);
    expect(r.branch.items[0]).toBeInstanceOf(Comment);
    expect(r.branch.keys()).toEqual(["n", "t"]);
    expect(canonicalValue(1n)).not.toBe(canonicalValue(1));
    expect(canonicalValue("1")).not.toBe(canonicalValue(1n));
  });

  it("conflictValue with an empty value on one side", () => {
    expect(conflictValue("", "x")).toBe("<<<<<<< ours\n=======\nx\n>>>>>>> theirs");
  });
});

describe("recipient merge", () => {
  it("applies theirs' additions and removals on top of ours", () => {
    expect(mergeRecipients(["a", "b"], ["a", "b", "c"], ["a", "d"])).toEqual({ recipients: ["a", "c", "d"], addedByTheirs: ["d"], removedByTheirs: ["b"] });
  });
  it("the same addition on both sides is listed once", () => {
    expect(mergeRecipients(["a"], ["a", "x"], ["a", "x"]).recipients).toEqual(["a", "x"]);
  });
});

const RUNS = Number(process.env.HUSH_PROPERTY_RUNS ?? 200);
const smallMap = fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e"), fc.constantFrom("1", "2", "3", ""), { maxKeys: 5 });

describe("per-key merge properties", () => {
  it("one side unchanged: the result is the other side", () => {
    fc.assert(
      fc.property(smallMap, smallMap, (base, side) => {
        expect(plain(mergeBranch(b(base), b(side), b(base)).branch)).toEqual(side);
        expect(plain(mergeBranch(b(base), b(base), b(side)).branch)).toEqual(side);
      }),
      { numRuns: RUNS },
    );
  });

  it("conflicts are symmetric, and exactly the keys both sides changed differently", () => {
    fc.assert(
      fc.property(smallMap, smallMap, smallMap, (base, ours, theirs) => {
        const one = mergeBranch(b(base), b(ours), b(theirs)).conflicts.sort();
        const other = mergeBranch(b(base), b(theirs), b(ours)).conflicts.sort();
        expect(one).toEqual(other);
        const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
        const expected = [...keys].filter((k) => ours[k] !== theirs[k] && ours[k] !== base[k] && theirs[k] !== base[k]).sort();
        expect(one).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it("without conflicts, every key holds the side that changed it", () => {
    fc.assert(
      fc.property(smallMap, smallMap, smallMap, (base, ours, theirs) => {
        const r = mergeBranch(b(base), b(ours), b(theirs));
        if (r.conflicts.length) return;
        const out = plain(r.branch);
        for (const k of new Set([...Object.keys(base), ...Object.keys(ours), ...Object.keys(theirs)])) {
          const want = ours[k] !== base[k] ? ours[k] : theirs[k];
          expect(out[k]).toBe(want);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
