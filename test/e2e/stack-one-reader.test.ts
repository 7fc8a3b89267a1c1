// `hush run`, `hush stack validate` and `hush check` read a stack file with one
// reader (src/refs/stack-file.ts, one schema generated from
// schemas/stack.schema.json): what one refuses, the others refuse, at the same
// place. Before, `run` had its own lighter reader and started the job on a
// stack `stack validate` refused (a mistyped top-level key, a non-string flavor).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush, hushOk } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { ALICE } from "../helpers/keys.js";

const ALICE_ENV = { SOPS_AGE_KEY: ALICE.identity };

function repo(stack: string): string {
  const dir = gitRepo({
    ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\nshared:\n  readers: ["*"]\n`,
    "stacks/default.yaml": stack,
  });
  hushOk(["secret", "create", "api", "--token=tok-123456", "--scope", "shared"], { cwd: dir, env: ALICE_ENV });
  return dir;
}

/** The problem lines (`stacks/...:line:col: ...`) of an output, sorted. */
const problems = (text: string): string[] => text.split("\n").filter((l) => l.startsWith("stacks/")).sort();

describe("one stack reader for run, stack validate and check", () => {
  it("a stack with a mistyped section (`enviroment:`) and a non-string flavor: all three refuse it, with the same lines", () => {
    const dir = repo('components:\n  tracker:\n    flavor: 3\n    token: "{{api.token}}"\nenviroment:\n  TOKEN: "{{api.token}}"\n');
    const expected = ['stacks/default.yaml:3:13: components.tracker.flavor must be a string', 'stacks/default.yaml:5:1: unknown field "enviroment" in the file (allowed: description, components, env)'];

    const validate = hush(["stack", "validate"], { cwd: dir, env: ALICE_ENV });
    expect(validate.status).toBe(3);
    expect(problems(validate.stderr)).toEqual(expected);

    const run = hush(["run", "--with-secrets", "--", "sh", "-c", "echo started"], { cwd: dir, env: ALICE_ENV });
    expect(run.status).toBe(125);
    expect(run.stdout).toBe("");
    expect(problems(run.stderr)).toEqual(expected);

    const check = hush(["check"], { cwd: dir, env: ALICE_ENV });
    expect(check.status).toBe(3);
    expect(problems(check.stderr)).toEqual(expected);
  });

  it("a stack that is a list, not a map: run refuses it as validate does", () => {
    const dir = repo('- "{{api.token}}"\n');
    const validate = hush(["stack", "validate"], { cwd: dir, env: ALICE_ENV });
    const run = hush(["run", "--with-secrets", "--", "true"], { cwd: dir, env: ALICE_ENV });
    expect(validate.status).toBe(3);
    expect(run.status).toBe(125);
    expect(problems(validate.stderr)).toEqual(["stacks/default.yaml:1:1: the file must be a map"]);
    expect(problems(run.stderr)).toEqual(problems(validate.stderr));
  });

  it("a valid stack: all three accept it, and the run gets its env", () => {
    const dir = repo('description: the api\ncomponents:\n  tracker:\n    flavor: mlflow\nenv:\n  TOKEN: "{{api.token}}"\n');
    expect(hush(["stack", "validate"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
    expect(hush(["check"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
    const run = hush(["run", "--with-secrets", "--no-mask", "--", "sh", "-c", 'echo "$TOKEN"'], { cwd: dir, env: ALICE_ENV });
    expect(run).toMatchObject({ status: 0, stdout: "tok-123456\n" });
  });

  it("a stack given as a path outside the stacks dir is read the same way", () => {
    const dir = repo('env:\n  TOKEN: "{{api.token}}"\n');
    writeFileSync(join(dir, "other.yaml"), "env:\n  TOKEN: 5\n");
    const validate = hush(["stack", "validate", "other.yaml"], { cwd: dir, env: ALICE_ENV });
    const run = hush(["run", "--stack", "other.yaml", "--", "true"], { cwd: dir, env: ALICE_ENV });
    expect(validate.status).toBe(3);
    expect(run.status).toBe(125);
    expect(problems(run.stderr.replaceAll("other.yaml", "stacks/other.yaml"))).toEqual(problems(validate.stderr.replaceAll("other.yaml", "stacks/other.yaml")));
    expect(run.stderr).toContain("other.yaml:2:10: env.TOKEN must be a string");
  });
});
