import { describe, expect, it } from "vitest";
import { terminalHints } from "../../../src/run/tty-hints.js";
import { exitStatusOf } from "../../../src/sys/exit-status.js";

describe("terminalHints", () => {
  it("tells the child about the terminal when hush writes to one", () => {
    expect(terminalHints({}, true)).toEqual({ FORCE_COLOR: "1", CLICOLOR_FORCE: "1", PYTHONUNBUFFERED: "1" });
  });
  it("says nothing when hush's output is not a terminal", () => {
    expect(terminalHints({}, false)).toEqual({});
  });
  it("leaves the user's own choices alone, and NO_COLOR wins", () => {
    expect(terminalHints({ FORCE_COLOR: "0" }, true)).toEqual({ CLICOLOR_FORCE: "1", PYTHONUNBUFFERED: "1" });
    expect(terminalHints({ NO_COLOR: "1" }, true)).toEqual({});
  });
});

describe("exitStatusOf", () => {
  it("is the code, or 128+N for signal N", () => {
    expect(exitStatusOf(0, null)).toBe(0);
    expect(exitStatusOf(5, null)).toBe(5);
    expect(exitStatusOf(null, "SIGTERM")).toBe(143);
    expect(exitStatusOf(null, "SIGINT")).toBe(130);
    expect(exitStatusOf(null, "SIGHUP")).toBe(129);
  });
});
