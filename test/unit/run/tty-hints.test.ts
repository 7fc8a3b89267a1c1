import { describe, expect, it } from "vitest";
import { terminalHints } from "../../../src/run/tty-hints.js";

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
