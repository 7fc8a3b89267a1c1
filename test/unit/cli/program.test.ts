import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { createContext } from "../../../src/cli/context.js";
import { main } from "../../../src/cli/main.js";
import { COMMAND_AREAS, registerCommands } from "../../../src/cli/program.js";

const silent = { out() {}, err() {} };
const context = () => createContext({}, silent);

function declared(argv?: string[]): string[] {
  const program = new Command("hush").enablePositionalOptions();
  registerCommands(program, context, argv);
  return program.commands.map((c) => c.name());
}

describe("registerCommands", () => {
  it("the area table names every top-level command, and nothing else", () => {
    expect(declared().sort()).toEqual(Object.keys(COMMAND_AREAS).sort());
  });

  it("each command word declares its own area (a sops command only itself), which holds that command", () => {
    for (const word of Object.keys(COMMAND_AREAS)) {
      const names = declared([word]);
      expect(names, word).toContain(word);
      const sameArea = Object.keys(COMMAND_AREAS).filter((w) => COMMAND_AREAS[w] === COMMAND_AREAS[word]);
      expect(names.sort(), word).toEqual(COMMAND_AREAS[word] === "sops" ? [word] : sameArea.sort());
    }
  });

  it("skips global options and their values to find the command word", () => {
    expect(declared(["-C", "decrypt", "--as", "run", "--verbose", "run", "--", "x"])).toEqual(["run"]);
    expect(declared(["--cwd=sub", "decrypt", "f.yaml"])).toContain("decrypt");
  });

  it("declares nothing for --version alone, everything for --version with --help", () => {
    expect(declared(["--version"])).toEqual([]);
    expect(declared(["-V"])).toEqual([]);
    expect(declared(["--version", "--help"]).length).toBe(declared().length);
  });

  it("declares everything without a known command word (help, a typo, none)", () => {
    const all = declared().length;
    for (const argv of [[], ["help"], ["decrpyt"], ["--help"], ["--", "run"]]) expect(declared(argv).length, argv.join(" ")).toBe(all);
  });
});

describe("main with one area declared", () => {
  it("prints the version with no command declared", async () => {
    const out: string[] = [];
    expect(await main(["--version"], { exit: false, output: { out: (s) => out.push(s), err() {} } })).toBe(0);
    expect(out.join("")).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("still suggests the right command for a typo", async () => {
    const err: string[] = [];
    const status = await main(["decrpyt", "f.yaml"], { exit: false, output: { out() {}, err: (s) => err.push(s) } });
    expect(status).toBe(2);
    expect(err.join("")).toMatch(/did you mean decrypt/i);
  });

  it("lists every command in the top-level help", async () => {
    const out: string[] = [];
    await main(["--help"], { exit: false, output: { out: (s) => out.push(s), err() {} } });
    for (const word of Object.keys(COMMAND_AREAS)) expect(out.join(""), word).toMatch(new RegExp(`^  ${word}\\b`, "m"));
  });
});
