import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fillPathPlaceholders } from "../../../src/sopscmd/command-template.js";

const RUNS = Number(process.env.HUSH_PROPERTY_RUNS ?? 50);
/** The words /bin/sh makes of `command`'s printf arguments (NUL-separated, so any text survives). */
const words = (command: string): string[] => execFileSync("/bin/sh", ["-c", command]).toString("utf8").split("\0").slice(0, -1);

describe("fillPathPlaceholders", () => {
  it("quotes the path for where each {} stands", () => {
    expect(fillPathPlaceholders("cat {}", "/t/a b")).toBe("cat '/t/a b'");
    expect(fillPathPlaceholders('cat "{}"', '/t/"$x`\\')).toBe('cat "/t/\\"\\$x\\`\\\\"');
    expect(fillPathPlaceholders("cat '{}'", "/t/it's")).toBe("cat '/t/it'\\''s'");
    // A {} after a backslash is left alone; a backslash inside single quotes is literal.
    expect(fillPathPlaceholders("a {} \\{} '\\' {}", "/p q")).toBe("a '/p q' \\{} '\\' '/p q'");
  });

  it("a plain path goes in as it is, as sops pastes it: the line is the one sops runs", () => {
    const path = "/tmp/hush-exec-Ab12/tmp-file";
    for (const line of ["cat {}", 'cat "{}"', "cat '{}'", "diff {} {}.orig"]) expect(fillPathPlaceholders(line, path)).toBe(line.replaceAll("{}", path));
  });

  it("the shell sees exactly the path, bare, in double and in single quotes, whatever it holds", () => {
    const unit = fc.constantFrom("a", " ", "'", '"', "\\", "$", "`", ";", "(", ")", "\n", "*", "é", "{", "}");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (tail) => {
        const p = `/t/${tail}`;
        expect(words(fillPathPlaceholders(`printf '%s\\0' {} "{}" '<{}>' "x{}y"`, p))).toEqual([p, p, `<${p}>`, `x${p}y`]);
      }),
      { numRuns: RUNS },
    );
  });
});
