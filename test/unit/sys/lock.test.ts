import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withLock } from "../../../src/sys/lock.js";
import { isHushError } from "../../../src/errors.js";
import { tempDir } from "../../helpers/tmp.js";

describe("withLock", () => {
  it("serialises concurrent critical sections and removes the lock", async () => {
    const file = join(tempDir(), "s.yaml");
    let inside = 0;
    let maxInside = 0;
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        withLock(file, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setTimeout(r, 10));
          order.push(i);
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(order.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("releases the lock when the section throws", async () => {
    const file = join(tempDir(), "s.yaml");
    await expect(withLock(file, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("fails with LOCK_TIMEOUT naming the lock when a live process holds it", async () => {
    const file = join(tempDir(), "s.yaml");
    writeFileSync(`${file}.lock`, `${process.pid}\n`);
    const err = await withLock(file, async () => 1, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(isHushError(err, "LOCK_TIMEOUT")).toBe(true);
    // The path is the error's file (printed once, in front), not repeated in the message.
    expect((err as { file?: string }).file).toMatch(/s\.yaml\.lock$/);
    expect((err as Error).message).not.toContain("s.yaml.lock");
    expect((err as Error).message).toContain(`process ${process.pid}`);
    expect((err as { hint?: string }).hint).toMatch(/delete the lock file/);
    expect(existsSync(`${file}.lock`)).toBe(true);
  });

  it("takes over a lock left by a dead process", async () => {
    const file = join(tempDir(), "s.yaml");
    writeFileSync(`${file}.lock`, "2147483646\n");
    expect(await withLock(file, async () => 42, { timeoutMs: 500 })).toBe(42);
  });

  it("lets exactly one of many waiters take over a dead process's lock at a time", async () => {
    for (let round = 0; round < 5; round++) {
      const file = join(tempDir(), "s.yaml");
      writeFileSync(`${file}.lock`, "2147483646\n");
      let inside = 0;
      let maxInside = 0;
      await Promise.all(
        Array.from({ length: 8 }, () =>
          withLock(file, async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await new Promise((r) => setTimeout(r, 5));
            inside--;
          }, { timeoutMs: 5_000 }),
        ),
      );
      expect(maxInside).toBe(1);
      expect(existsSync(`${file}.lock`)).toBe(false);
    }
  });

  it("takes over a dead process's lock even when a dead process's takeover guard is left too", async () => {
    const file = join(tempDir(), "s.yaml");
    writeFileSync(`${file}.lock`, "2147483646\n");
    writeFileSync(`${file}.lock.takeover`, "2147483645\n");
    expect(await withLock(file, async () => 7, { timeoutMs: 2_000 })).toBe(7);
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(existsSync(`${file}.lock.takeover`)).toBe(false);
  });

  for (const [what, content] of [
    ["an empty", ""],
    ["a garbage", "\u0000\u0007 not a pid\n"],
  ] as const) {
    it(`takes over ${what} lock file once it is older than the grace period`, async () => {
      const file = join(tempDir(), "s.yaml");
      writeFileSync(`${file}.lock`, content);
      const past = new Date(Date.now() - 60_000);
      utimesSync(`${file}.lock`, past, past);
      expect(await withLock(file, async () => 9, { timeoutMs: 5_000 })).toBe(9);
      expect(existsSync(`${file}.lock`)).toBe(false);
    });
  }

  it("writes its pid whole, and never removes a lock that is no longer its own", async () => {
    const file = join(tempDir(), "s.yaml");
    await withLock(file, async () => {
      expect(readFileSync(`${file}.lock`, "utf8").split("\n")[0]).toBe(String(process.pid));
      writeFileSync(`${file}.lock`, "2147483646\n");
    });
    expect(readFileSync(`${file}.lock`, "utf8")).toBe("2147483646\n");
  });
});
