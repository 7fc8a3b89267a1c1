// `hush completion`: the bash script loaded into a real bash, completing as a
// user's Tab would (COMP_WORDS/COMP_CWORD, then the completion function), with
// `hush` on PATH and the repository's secret and stack names.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hush, hushOnPath } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { hushRepo } from "../unit/check/repo.js";
import { sopsText } from "../unit/check/sops-text.js";
import { ALICE } from "../helpers/keys.js";

let script: string;
beforeAll(() => {
  const r = hush(["completion", "bash"], { cwd: tempDir() });
  expect(r.status, r.stderr).toBe(0);
  script = r.stdout;
});

/** What bash offers for `words` (the last one is being completed), run in `cwd`. */
function complete(cwd: string, words: string[]): string[] {
  const dir = tempDir("hush-completion-");
  writeFileSync(join(dir, "hush.bash"), script);
  const array = words.map((w) => `'${w.replaceAll("'", `'\\''`)}'`).join(" ");
  const program = `source ${JSON.stringify(join(dir, "hush.bash"))}; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _hush; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync("bash", ["--norc", "--noprofile", "-c", program], {
    cwd,
    encoding: "utf8",
    env: { PATH: `${hushOnPath()}:${process.env.PATH}`, HOME: dir },
  });
  expect(r.stderr).toBe("");
  return r.stdout.split("\n").filter(Boolean).sort();
}

describe("hush completion bash", () => {
  it("completes commands, subcommands and options from the real command tree", () => {
    const dir = tempDir();
    expect(complete(dir, ["hush", "sec"])).toEqual(["secret"]);
    expect(complete(dir, ["hush", "secret", ""])).toEqual(["create", "delete", "edit", "get", "import", "list", "rename", "update"]);
    expect(complete(dir, ["hush", "hook", "u"])).toEqual(["uninstall"]);
    expect(complete(dir, ["hush", "secret", "create", "--sc"])).toEqual(["--scope"]);
    expect(complete(dir, ["hush", "secret", "create", "--scope", ""])).toEqual(["all", "shared", "user"]);
    expect(complete(dir, ["hush", "-C", "somewhere", "stack", "val"])).toEqual(["validate"]);
    expect(complete(dir, ["hush", "decrypt", "--output-type", "js"])).toEqual(["json"]);
  });

  it("completes the repository's secret and stack names, and the command after --", () => {
    const repo = hushRepo({ "secrets/shared/db.yaml": sopsText(["password"], { recipients: [ALICE.recipient] }), "stacks/dev.yaml": "env: {}\n" });
    expect(complete(repo, ["hush", "secret", "get", ""])).toEqual(["db", "mlflow", "token"]);
    expect(complete(repo, ["hush", "secret", "get", "m"])).toEqual(["mlflow"]);
    expect(complete(repo, ["hush", "run", "--stack", ""])).toEqual(["dev", "prod"]);
    expect(complete(repo, ["hush", "run", "--with-secrets", "db,ml"])).toEqual(["db,mlflow"]);
    expect(complete(repo, ["hush", "stack", "validate", "p"])).toEqual(["prod"]);
    expect(complete(repo, ["hush", "--as", "b"])).toEqual(["bob"]);
    expect(complete(repo, ["hush", "run", "--with-secrets", "--", "bas"])).toContain("bash");
    // Outside a repository: no names, no error on the prompt line.
    expect(complete(tempDir(), ["hush", "secret", "get", ""])).toEqual([]);
  });

  it("offers only names a shell word can hold as they are", () => {
    const repo = hushRepo();
    const r = hush(["completion", "--names", "secrets"], { cwd: repo });
    expect(r).toMatchObject({ status: 0, stdout: "mlflow\ntoken\n" });
    expect(hush(["completion", "--names", "nope"], { cwd: repo })).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^hush: --names takes secrets, stacks or users, not "nope"/),
    });
  });
});

describe("hush completion zsh and fish", () => {
  it("zsh loads the bash functions through bashcompinit; fish gets one complete line per command and option", () => {
    const zsh = hush(["completion", "zsh"], { cwd: tempDir() });
    expect(zsh.stdout).toMatch(/^#compdef hush\n/);
    expect(zsh.stdout).toContain("bashcompinit");
    expect(zsh.stdout).toContain("complete -o default -F _hush hush");
    const fish = hush(["completion", "fish"], { cwd: tempDir() });
    expect(fish.stdout).toContain("complete -c hush -n '__fish_use_subcommand' -a 'secret'");
    expect(fish.stdout).toContain(
      "complete -c hush -n '__fish_seen_subcommand_from secret; and __fish_seen_subcommand_from get' -f -a '(command hush completion --names secrets 2>/dev/null)'",
    );
    expect(fish.stdout).toContain("-l stack -r -f -a '(command hush completion --names stacks 2>/dev/null)'");
    // Checked by the real fish where it is installed (CI does not install it).
    const fishBin = spawnSync("sh", ["-c", "command -v fish"], { encoding: "utf8" }).stdout.trim();
    if (fishBin) expect(spawnSync(fishBin, ["--no-execute"], { input: fish.stdout }).status).toBe(0);
  });

  it("names the shells it knows", () => {
    expect(hush(["completion", "tcsh"], { cwd: tempDir() })).toMatchObject({
      status: 2,
      stderr: 'hush: no completion for shell "tcsh". use one of bash, zsh, fish\n',
    });
  });
});
