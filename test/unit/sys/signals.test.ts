// Holding and forwarding signals, with real signals sent to this test process and real children.
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runChild } from "../../../src/sys/spawn.js";
import { holdSignals } from "../../../src/sys/signals.js";

const ON_SIGNAL = join(import.meta.dirname, "../../fixtures/on-signal.js");

describe("holdSignals", () => {
  it("records the first signal and tells the callback, instead of ending the process", async () => {
    const seen: string[] = [];
    const before = process.listenerCount("SIGHUP");
    const held = holdSignals((s) => seen.push(s));
    try {
      process.kill(process.pid, "SIGHUP");
      for (let i = 0; i < 100 && held.received === undefined; i++) await new Promise((r) => setTimeout(r, 10));
      process.kill(process.pid, "SIGINT");
      for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(held.received).toBe("SIGHUP");
      expect(seen).toEqual(["SIGHUP", "SIGINT"]);
    } finally {
      held.release();
    }
    expect(process.listenerCount("SIGHUP")).toBe(before);
  });
});

describe("runChild with processGroup", () => {
  it("a forwarded signal reaches the command a shell started, not only the shell", async () => {
    let out = "";
    const stdout = new Writable({
      write(chunk: Buffer, _e, done) {
        out += chunk.toString();
        done();
      },
    });
    const status = runChild({
      command: "sh",
      // The trap lets the shell wait for the command (as exec-env arranges); without the group, the
      // command would never see the signal and this would not end.
      args: ["-c", `trap 'exit $?' HUP; '${process.execPath}' '${ON_SIGNAL}' 9`],
      cwd: process.cwd(),
      env: process.env,
      processGroup: true,
      filterOutput: () => new PassThrough(),
      stdout,
    });
    for (let i = 0; i < 400 && !out.includes("ready"); i++) await new Promise((r) => setTimeout(r, 10));
    process.kill(process.pid, "SIGHUP");
    expect(await status).toBe(9);
    expect(out).toContain("got SIGHUP");
  });
});
