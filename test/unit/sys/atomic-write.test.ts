import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../../src/sys/atomic-write.js";
import { isHushError } from "../../../src/errors.js";
import { tempDir } from "../../helpers/tmp.js";

const ATOMIC_JS = join(import.meta.dirname, "../../../dist/sys/atomic-write.js");

// The killed child runs the built module: test/helpers/fresh-build.ts (vitest globalSetup) has built it from this src/.

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
    // A real child writing 1 MiB through the built module, made to stop for good halfway through the
    // bytes (node's file-handle writes write half, say so, and never return), then killed with SIGKILL
    // at that point: no race with the write finishing first.
    const script = `import { open } from "node:fs/promises";
      import { writeFileAtomic } from ${JSON.stringify(ATOMIC_JS)};
      const probe = await open(process.execPath, "r");
      const FileHandle = Object.getPrototypeOf(probe);
      await probe.close();
      for (const name of ["writeFile", "write"]) {
        const real = FileHandle[name];
        FileHandle[name] = async function (data) {
          const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
          await real.call(this, bytes.subarray(0, bytes.length / 2));
          process.stdout.write("stopped halfway\\n");
          setInterval(() => {}, 1 << 30);
          return new Promise(() => {});
        };
      }
      await writeFileAtomic(${JSON.stringify(file)}, Buffer.alloc(1 << 20, 120));
      process.stdout.write("finished\\n");`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve();
      });
      void exited.then(() => reject(new Error(`the writer ended without stopping halfway: ${out}${err}`)));
    });
    // The child is inside the write: the old file, and the temp file holding half the bytes.
    expect(out).toBe("stopped halfway\n");
    const temps = readdirSync(dir).filter((f) => f.endsWith(".tmp"));
    expect(temps).toHaveLength(1);
    expect(statSync(join(dir, temps[0]!)).size).toBe(1 << 19);
    expect(readFileSync(file, "utf8")).toBe("old content\n");
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(readFileSync(file, "utf8")).toBe("old content\n");
  });
});
