import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../../src/sys/atomic-write.js";
import { isHushError } from "../../../src/errors.js";
import { tempDir } from "../../helpers/tmp.js";

const ATOMIC_JS = join(import.meta.dirname, "../../../dist/sys/atomic-write.js");

// The killed child runs the built module (`npm run test:unit` does not build first).
beforeAll(() => {
  if (!existsSync(ATOMIC_JS)) execFileSync("npx", ["tsc", "-p", "."], { cwd: join(import.meta.dirname, "../../.."), stdio: "ignore" });
});

describe("writeFileAtomic", () => {
  it("replaces the file and leaves no temp file", async () => {
    const dir = tempDir();
    const file = join(dir, "a.yaml");
    writeFileSync(file, "old");
    await writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["a.yaml"]);
  });

  it("writes key files 0600", async () => {
    const file = join(tempDir(), "keys.txt");
    await writeFileAtomic(file, "x", 0o600);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("a failed rename keeps the old file and removes the temp file", async () => {
    const dir = tempDir();
    const target = join(dir, "taken");
    mkdirSync(join(target, "child"), { recursive: true }); // rename over a non-empty dir fails
    const err = await writeFileAtomic(target, "new").catch((e: unknown) => e);
    expect(isHushError(err, "FILE_WRITE_FAILED")).toBe(true);
    expect(readdirSync(dir)).toEqual(["taken"]);
  });

  it("a process killed in the middle of a write leaves the old file intact", async () => {
    const dir = tempDir();
    const file = join(dir, "s.yaml");
    writeFileSync(file, "old content\n");
    // A real child writing 256 MiB; killed with SIGKILL as soon as its temp file appears.
    const script = `import { writeFileAtomic } from ${JSON.stringify(ATOMIC_JS)};
      await writeFileAtomic(${JSON.stringify(file)}, Buffer.alloc(256 * 1024 * 1024, 120));`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: "ignore" });
    const started = Date.now();
    while (!readdirSync(dir).some((f) => f.endsWith(".tmp")) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 2));
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    expect(readFileSync(file, "utf8")).toBe("old content\n");
  });
});
