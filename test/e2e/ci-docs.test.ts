// docs/ci.md's recipes, run as written: the key set-up block, then every
// command of the GitHub Actions and GitLab CI jobs, in order, in a temp
// repository, with the CI system's secret store played by an environment
// variable. `npx hush` is the hush under test (on PATH); `npm ci` (the
// project's own install) is the one step not run here.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hush, hushOnPath } from "../helpers/cli.js";
import { git } from "../helpers/git.js";
import { ALICE } from "../helpers/keys.js";
import { tempDir, writeTree } from "../helpers/tmp.js";

const DOC = readFileSync(join(import.meta.dirname, "../../docs/ci.md"), "utf8");
const blocks = [...DOC.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));
const block = (lang: string, firstLine: RegExp): string => {
  const found = blocks.find((b) => b.lang === lang && firstLine.test(b.text.split("\n")[0]!));
  if (!found) throw new Error(`docs/ci.md has no ${lang} block starting ${firstLine}`);
  return found.text;
};

const PASSWORD = "ci-db-password-1234";

/** Runs one documented shell line (or block) the way a CI runner would: bash -e, in the checkout. */
function sh(dir: string, script: string, env: Record<string, string | undefined>): { status: number | null; out: string } {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(SOPS_|HUSH_|GIT_|XDG_)/.test(k)) base[k] = v;
  const merged: Record<string, string> = { ...base, PATH: `${hushOnPath()}:${process.env.PATH}`, HOME: tempDir("hush-ci-home-") };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== "") merged[k] = v;
  const r = spawnSync("bash", ["-e", "-c", script.replace(/\bnpx hush\b/g, "hush")], { cwd: dir, env: merged, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

let repo: string;
let ciKey: string;
beforeAll(() => {
  // One repository for the whole file (tempDir's are removed after each test).
  repo = mkdtempSync(join(tmpdir(), "hush-ci-docs-"));
  git(repo, "init", "-q", "-b", "main");
  git(repo, "config", "user.name", "alice");
  git(repo, "config", "user.email", "alice@example.com");
  writeTree(repo, {
    "stacks/default.yaml": 'env:\n  DATABASE_PASSWORD: "{{db.password}}"\n',
    "train.py": 'import os\nprint("password:", os.environ["DATABASE_PASSWORD"])\nprint("key in env:", "SOPS_AGE_KEY" in os.environ)\n',
  });
  const alice = { SOPS_AGE_KEY: ALICE.identity };
  expect(hush(["init", "--user", "alice"], { cwd: repo, env: alice }).status).toBe(0);
  expect(hush(["secret", "create", "db", `--password=${PASSWORD}`, "--scope", "shared"], { cwd: repo, env: alice }).status).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "team repo");
  // "Give CI a key of its own", as written (alice runs it, with her key).
  const setup = sh(repo, block("sh", /age-keygen -o ci\.key/), alice);
  expect(setup.status, setup.out).toBe(0);
  ciKey = /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(setup.out)![0];
  expect(git(repo, "log", "-1", "--format=%s")).toMatch(/ci/);
  expect(git(repo, "status", "--porcelain")).toBe("");
}, 120_000);
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("docs/ci.md", () => {
  it("GitHub Actions: every run step of every job, with the step's env (the key only where the recipe sets it)", () => {
    const workflow = parse(block("yaml", /^# \.github\/workflows\//)) as {
      jobs: Record<string, { steps: Array<{ run?: string; uses?: string; env?: Record<string, string> }> }>;
    };
    expect(Object.keys(workflow.jobs)).toEqual(["check", "train"]);
    const outputs: Record<string, string> = {};
    for (const [name, job] of Object.entries(workflow.jobs)) {
      outputs[name] = "";
      for (const step of job.steps) {
        if (step.run === undefined) continue;
        if (step.run === "npm ci") continue;
        expect(step.run).toMatch(/^npx hush /);
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions syntax, replaced as the runner would
        const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, v.replace("${{ secrets.HUSH_CI_AGE_KEY }}", ciKey)]));
        const r = sh(repo, step.run, env);
        expect(r.status, `${name}: ${step.run}\n${r.out}`).toBe(0);
        outputs[name] += r.out;
      }
    }
    expect(outputs.check).toMatch(/^ok: /m);
    expect(outputs.train).toContain("password: *****");
    expect(outputs.train).not.toContain(PASSWORD);
    expect(outputs.train).toContain("key in env: False");
  });

  it("GitLab CI: every script line of every job, with the project's SOPS_AGE_KEY unless the job clears it", () => {
    const pipeline = parse(block("yaml", /^# \.gitlab-ci\.yml/)) as Record<string, { script?: string[]; variables?: Record<string, string> }>;
    const jobs = Object.entries(pipeline).filter(([, j]) => typeof j === "object" && j !== null && Array.isArray(j.script));
    expect(jobs.map(([n]) => n)).toEqual(["check-secrets", "train"]);
    const outputs: Record<string, string> = {};
    for (const [name, job] of jobs) {
      outputs[name] = "";
      const env = { SOPS_AGE_KEY: ciKey, ...job.variables };
      for (const line of job.script!) {
        if (line === "npm ci") continue;
        const r = sh(repo, line, env);
        expect(r.status, `${name}: ${line}\n${r.out}`).toBe(0);
        outputs[name] += r.out;
      }
    }
    expect(outputs["check-secrets"]).toMatch(/^ok: /m);
    expect(outputs.train).toContain("password: *****");
    expect(outputs.train).not.toContain(PASSWORD);
    // The project-wide key reaches hush, not the training script hush runs.
    expect(outputs.train).toContain("key in env: False");
  });

  it("without the key, hush run stops before the command (exit 125) and says why", () => {
    const r = sh(repo, "npx hush run --with-secrets -- python3 train.py", {});
    expect(r.status).toBe(125);
    expect(r.out).not.toContain("password:");
    expect(r.out).toMatch(/^hush: /m);
  });
});
