import { describe, expect, it } from "vitest";
import { scanReferences } from "../../../src/refs/find-refs.js";
import { interpolate } from "../../../src/refs/interpolate.js";

describe("scanReferences", () => {
  it("finds several references in one string, name before the first dot", () => {
    const r = scanReferences("postgres://{{db.user}}:{{db.password}}@host/{{cfg.a.b}}");
    expect(r.problems).toEqual([]);
    expect(r.refs.map((x) => [x.name, x.key, x.index])).toEqual([
      ["db", "user", 11],
      ["db", "password", 23],
      ["cfg", "a.b", 44],
    ]);
  });

  it("ignores spaces just inside the braces", () => {
    expect(scanReferences("{{ db.user }}").refs[0]).toMatchObject({ name: "db", key: "user" });
  });

  it.each([
    ["{{name}}", /has no key/],
    ["{{.key}}", /has no secret name/],
    ["{{name.}}", /no key after the dot/],
    ["{{}}", /empty reference/],
    ["{{   }}", /empty reference/],
    ["x {{db.user", /unbalanced/],
    ["{{db.user {{db.pw}}", /unbalanced/],
    ["{{-bad.key}}", /not a valid secret name/],
  ])("reports %s as malformed", (text, message) => {
    const r = scanReferences(text);
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems[0]!.message).toMatch(message);
  });

  it("keeps the good reference after an unbalanced opening", () => {
    const r = scanReferences("{{db.user {{db.pw}}");
    expect(r.refs.map((x) => x.key)).toEqual(["pw"]);
    expect(r.problems[0]!.index).toBe(0);
  });

  it("takes \\{{ as a literal {{ and a lone }} as text", () => {
    const r = scanReferences("\\{{ jinja }} and {{db.user}} and }}");
    expect(r.problems).toEqual([]);
    expect(r.refs.map((x) => x.name)).toEqual(["db"]);
    expect(interpolate("\\{{ jinja }} and {{db.user}}", () => "V")).toBe("{{ jinja }} and V");
  });

  it("keeps text around escapes and references exactly", () => {
    expect(interpolate("a\\\\{{x}} b {{db.user}}c\\{{", () => "V")).toBe("a\\{{x}} b Vc{{");
    expect(interpolate("x".repeat(1000) + "{{db.user}}" + "y".repeat(1000), () => "V")).toBe("x".repeat(1000) + "V" + "y".repeat(1000));
  });

  it("plain text has no references and no problems", () => {
    expect(scanReferences("just { text } here")).toEqual({ refs: [], problems: [], segments: [{ text: "just { text } here" }] });
  });
});
