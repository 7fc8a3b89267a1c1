import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { isUsableSharedDir, privateTempDir, privateTempParent, sweepStaleTempDirs } from "../../../src/sys/private-temp.js";
import { tempDir } from "../../helpers/tmp.js";

/** A pid no process has any more (a child that has exited). */
function deadPid(): number {
  const pid = spawnSync("true").pid;
  expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  return pid;
}

describe("where hush's private temp dirs go", () => {
  it("is /dev/shm (memory) on this machine when it exists, TMPDIR or not", () => {
    for (const env of [{}, { TMPDIR: "/var/tmp" }]) {
      const parent = privateTempParent(env);
      if (existsSync("/dev/shm")) expect(parent).toBe("/dev/shm");
      else expect(parent).toBe(tmpdir());
    }
  });

  it("is HUSH_TMPDIR when the user set it", () => {
    expect(privateTempParent({ HUSH_TMPDIR: "/somewhere/else/" })).toBe("/somewhere/else");
  });

  it("is os.tmpdir() when the memory dir is missing, a file, or world-writable without the sticky bit", () => {
    const base = tempDir();
    expect(privateTempParent({}, join(base, "missing"))).toBe(tmpdir());
    writeFileSync(join(base, "file"), "");
    expect(privateTempParent({}, join(base, "file"))).toBe(tmpdir());
    mkdirSync(join(base, "open"));
    chmodSync(join(base, "open"), 0o777);
    expect(isUsableSharedDir(join(base, "open"))).toBe(false);
    chmodSync(join(base, "open"), 0o1777);
    expect(isUsableSharedDir(join(base, "open"))).toBe(true);
  });

  it("makes a 0700 dir named hush-<kind>-<pid>-<random>", () => {
    const dir = privateTempDir("run");
    try {
      expect(dir).toMatch(new RegExp(`/hush-run-${process.pid}-[A-Za-z0-9]{6}$`));
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(dirname(dir)).toBe(privateTempParent());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("sweeping the dirs of dead hush processes", () => {
  it("removes a dir of ours whose pid is gone, keeps the others", () => {
    const parent = tempDir();
    const dead = deadPid();
    const make = (name: string, mode = 0o700) => {
      const dir = join(parent, name);
      mkdirSync(dir);
      chmodSync(dir, mode);
      writeFileSync(join(dir, "stack.json"), "{}", { mode: 0o600 });
      return dir;
    };
    const stale = [make(`hush-run-${dead}-aB3dE9`), make(`hush-edit-${dead}-xxxxxx`), make(`hush-exec-${dead}-000000`)];
    const kept = [
      make(`hush-run-${process.pid}-aB3dE9`), // ours, alive
      make(`hush-run-1-aB3dE9`), // pid 1 is never ours to judge
      make(`hush-run-${dead}-aB3dE9x`), // not the exact pattern
      make(`hush-other-${dead}-aB3dE9`),
      make(`hush-run-${dead}`),
      make(`hush-run-${dead}-public`, 0o755), // not a private dir: not one hush made
    ];
    symlinkSync(kept[0]!, join(parent, `hush-run-${dead}-linkkk`)); // a link is never followed
    const removed = sweepStaleTempDirs(parent);
    expect(removed.sort()).toEqual([...stale].sort());
    for (const dir of stale) expect(existsSync(dir)).toBe(false);
    for (const dir of kept) expect(existsSync(join(dir, "stack.json"))).toBe(true);
    expect(existsSync(join(parent, `hush-run-${dead}-linkkk`, "stack.json"))).toBe(true);
  });

  it("keeps the dir whose pid is alive in another program (pid reuse errs on keeping)", () => {
    const parent = tempDir();
    mkdirSync(join(parent, `hush-edit-${process.ppid}-abcdef`), { mode: 0o700 });
    expect(sweepStaleTempDirs(parent)).toEqual([]);
    expect(existsSync(join(parent, `hush-edit-${process.ppid}-abcdef`))).toBe(true);
  });

  it("never throws on a parent it cannot read", () => {
    expect(sweepStaleTempDirs(join(tempDir(), "missing"))).toEqual([]);
  });
});
