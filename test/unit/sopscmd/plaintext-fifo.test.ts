// The named pipe of exec-file, with real pipes and real reader processes.
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { feedFifo, makeFifo } from "../../../src/sopscmd/plaintext-fifo.js";
import { tempDir } from "../../helpers/tmp.js";

/** Runs `sh -c script` and resolves with its stdout. */
function sh(script: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", script], { stdio: ["ignore", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", () => resolve(Buffer.concat(chunks)));
  });
}

describe("makeFifo and feedFifo", () => {
  it("makes a 0600 named pipe", async () => {
    const path = join(tempDir(), "p");
    await makeFifo(path);
    const stat = statSync(path);
    expect(stat.isFIFO()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it("hands a payload larger than a pipe buffer to a reader that opens late", async () => {
    const path = join(tempDir(), "p");
    await makeFifo(path);
    const payload = Buffer.alloc(1 << 20, "x");
    payload.write("start", 0);
    const feed = feedFifo(path, payload);
    const read = await sh(`sleep 0.3; cat '${path}'`);
    expect(read.equals(payload)).toBe(true);
    expect(await feed.done).toBe("written");
    feed.stop();
  });

  it("says reader-gone when the reader closes early, and never throws", async () => {
    const path = join(tempDir(), "p");
    await makeFifo(path);
    const feed = feedFifo(path, Buffer.alloc(1 << 20, "y"));
    expect((await sh(`head -c 3 '${path}'`)).toString()).toBe("yyy");
    expect(await feed.done).toBe("reader-gone");
  });

  it("stop() before any reader ends the wait at once", async () => {
    const dir = tempDir();
    const path = join(dir, "p");
    await makeFifo(path);
    const feed = feedFifo(path, Buffer.from("never read"));
    await new Promise((r) => setTimeout(r, 50));
    feed.stop();
    expect(await feed.done).toBe("reader-gone");
    expect(existsSync(path)).toBe(true);
  });
});
