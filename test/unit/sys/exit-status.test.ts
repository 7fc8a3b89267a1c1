import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { processStatus, signalStatus } from "../../../src/sys/exit-status.js";

describe("the shell's exit status of a process", () => {
  it("is the code, or 128+N for signal N", () => {
    expect(processStatus(0, null)).toBe(0);
    expect(processStatus(5, null)).toBe(5);
    expect(processStatus(null, "SIGTERM")).toBe(143);
    expect(processStatus(null, "SIGINT")).toBe(130);
    expect(processStatus(null, "SIGHUP")).toBe(129);
    expect(signalStatus("SIGKILL")).toBe(137);
  });

  it("is what /bin/sh reports as $? for a child killed by a signal", () => {
    for (const signal of ["HUP", "INT", "TERM", "KILL"] as const) {
      const shell = spawnSync("/bin/sh", ["-c", `sh -c 'kill -${signal} $$'; echo $?`], { encoding: "utf8" });
      expect(Number(shell.stdout.trim()), signal).toBe(signalStatus(`SIG${signal}`));
    }
  });
});
