import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCheck } from "../../../src/check/run-check.js";
import { loadHushConfig } from "../../../src/config/hush-config.js";
import { formatProblem } from "../../../src/errors.js";
import { git } from "../../helpers/git.js";
import { ALICE, DAVE } from "../../helpers/keys.js";
import { hushRepo, ALL } from "./repo.js";
import { sopsText } from "./sops-text.js";

const check = async (dir: string, options: Partial<Parameters<typeof runCheck>[1]> = {}) => {
  const report = await runCheck(await loadHushConfig(dir), { level: "SECRET_AND_KEY_EXISTS", users: ["alice"], ...options });
  return { report, lines: report.problems.map(formatProblem) };
};

describe("runCheck on the working tree", () => {
  it("passes a clean repository, by the line scan only", async () => {
    const dir = hushRepo();
    const { report } = await check(dir);
    expect(report.problems).toEqual([]);
    expect(report.counts).toMatchObject({ secretFiles: 2, judged: 2, stackFiles: 1, references: 3, fastPath: 2 });
  });

  it("reports every rule at once, sorted by file and line", async () => {
    const dir = hushRepo({
      "secrets/shared/db.yaml": sopsText(["user"], { recipients: [ALICE.recipient, DAVE.recipient], clear: { password: "hunter2" } }),
      "stacks/prod.yaml": 'env:\n  A: "{{mlflow.pasword}}"\n  B: "{{token}}"\n',
      "notes.txt": `old key\n${ALICE.identity}\n`,
    });
    const { lines } = await check(dir);
    expect(lines).toEqual([
      expect.stringMatching(/^notes.txt:2:1: contains an age secret key/),
      expect.stringMatching(/^secrets\/shared\/db.yaml:2:1: plaintext value for key "password"/),
      expect.stringMatching(/^secrets\/shared\/db.yaml:5:1: recipients differ from .hush.yaml: missing bob .*, ci .*; should not be there: unknown recipient/),
      'stacks/prod.yaml:2:7: secret "mlflow" has no key "pasword" (keys: password, username). did you mean "password"?',
      expect.stringMatching(/^stacks\/prod.yaml:3:7: reference `\{\{token\}\}` has no key/),
    ]);
    expect(lines.join("\n")).not.toMatch(/hunter2|AGE-SECRET-KEY-1TEJ/);
  });

  it("resolves the user's scope: token is alice's, not bob's; --all-users names bob", async () => {
    const dir = hushRepo();
    expect((await check(dir, { users: ["bob"] })).lines).toEqual([expect.stringMatching(/stacks\/prod.yaml:7:11: secret "token" not found in bob's scope/)]);
    const all = await check(dir, { users: ["alice", "bob", "ci"] });
    expect(all.lines).toHaveLength(2);
    expect(all.lines.join("\n")).toMatch(/\(as user bob\)[\s\S]*\(as user ci\)/);
  });

  it("NONE checks syntax only; SECRET_EXISTS ignores keys", async () => {
    const dir = hushRepo({ "stacks/prod.yaml": 'env:\n  A: "{{nope.x}}"\n  B: "{{mlflow.nokey}}"\n' });
    expect((await check(dir, { level: "NONE" })).lines).toEqual([]);
    expect((await check(dir, { level: "SECRET_EXISTS" })).lines).toHaveLength(1);
    expect((await check(dir)).lines).toHaveLength(2);
  });
});

describe("runCheck --staged", () => {
  it("judges the index, not the working tree", async () => {
    const dir = hushRepo();
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "init");
    // Stage a plaintext file, then fix it in the working tree only: still refused.
    writeFileSync(join(dir, "secrets/shared/new.yaml"), "password: hunter2\n");
    git(dir, "add", "secrets/shared/new.yaml");
    writeFileSync(join(dir, "secrets/shared/new.yaml"), sopsText(["password"], { recipients: ALL }));
    const staged = await check(dir, { staged: true });
    expect(staged.lines).toEqual([
      expect.stringMatching(/^secrets\/shared\/new.yaml:1:1: plaintext value for key "password"/),
      expect.stringMatching(/^secrets\/shared\/new.yaml:1:1: not encrypted/),
    ]);
    expect((await check(dir)).lines).toEqual([]);
  });

  it("only staged files are judged; a staged stack resolves against indexed secrets", async () => {
    const dir = hushRepo({ "secrets/shared/old.yaml": "legacy: plaintext\n" });
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "init");
    writeFileSync(join(dir, "stacks/prod.yaml"), 'env:\n  A: "{{mlflow.username}}"\n  B: "{{fresh.x}}"\n');
    writeFileSync(join(dir, "secrets/shared/fresh.yaml"), sopsText(["x"], { recipients: ALL })); // not staged
    git(dir, "add", "stacks/prod.yaml");
    const { lines, report } = await check(dir, { staged: true });
    expect(lines).toEqual([expect.stringMatching(/^stacks\/prod.yaml:3:7: secret "fresh" not found/)]);
    expect(report.counts.judged).toBe(0);
  });

  it("a staged age key anywhere is refused", async () => {
    const dir = hushRepo();
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "init");
    writeFileSync(join(dir, "keys.txt"), `# created: now\n# public key: ${ALICE.recipient}\n${ALICE.identity}\n`);
    git(dir, "add", "keys.txt");
    expect((await check(dir, { staged: true })).lines).toEqual([expect.stringMatching(/^keys.txt:3:1: contains an age secret key/)]);
  });

  it("a staged .hush.yaml change judges every secret file's recipients", async () => {
    const dir = hushRepo();
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "init");
    const cfg = join(dir, ".hush.yaml");
    const { readFileSync } = await import("node:fs");
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace(/ {2}bob: .*\n/, ""));
    git(dir, "add", ".hush.yaml");
    const { lines } = await check(dir, { staged: true });
    expect(lines).toEqual([
      expect.stringMatching(/^secrets\/shared\/mlflow.yaml:\d+:1: recipients differ .* should not be there: unknown recipient age1a78lrl2e/),
    ]);
  });
});
