/**
 * docs/architecture.md and the code agree: every import in src/ follows the
 * layer table of docs/architecture.md (own folder or a lower layer; `cli/`
 * only through the facade), and no modules import each other in a circle.
 * Static, type-only and lazy `import()` imports all count.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");
const MAP = readFileSync(join(ROOT, "docs/architecture.md"), "utf8");

/** `| 3 | \`age/\` | ... |` rows: folder (or root file) -> layer. */
function layerTable(text: string): Map<string, number> {
  const layers = new Map<string, number>();
  for (const [, layer, cell] of text.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)) {
    for (const [, name] of cell!.matchAll(/`([^`]+)`/g)) layers.set(name!, Number(layer));
  }
  return layers;
}

/** The one line "`cli/` imports only: `a`, `b`." */
function cliAllowed(text: string): Set<string> {
  const line = /^`cli\/` imports only: (.*)$/m.exec(text);
  if (!line) throw new Error('docs/architecture.md has no line "`cli/` imports only: ..."');
  return new Set([...line[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

/** The area of a file under src/: its top folder (`sys/`), or its own name for a root file (`hush.ts`). */
function areaOf(file: string): string {
  const parts = file.split("/");
  return parts.length > 1 ? `${parts[0]}/` : parts[0]!;
}

interface Import {
  from: string;
  to: string;
  line: number;
}

function sourceFiles(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => f.split("\\").join("/"));
}

/** The relative specifiers of every import form: static, `import type`, `export ... from`, lazy `import()` and inline `import("...").Type`. */
function specifiersOf(text: string): Array<{ specifier: string; index: number }> {
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g)].map((m) => ({ specifier: m[1]!, index: m.index }));
}

function importsOf(files: readonly string[]): Import[] {
  const known = new Set(files);
  const out: Import[] = [];
  for (const file of files) {
    const text = readFileSync(join(SRC, file), "utf8");
    for (const { specifier, index } of specifiersOf(text)) {
      const target = relative(SRC, normalize(join(SRC, dirname(file), specifier))).split("\\").join("/").replace(/\.js$/, ".ts");
      if (!known.has(target)) throw new Error(`src/${file} imports ${specifier}, which is not a module under src/`);
      out.push({ from: file, to: target, line: text.slice(0, index).split("\n").length });
    }
  }
  return out;
}

/** Strongly connected components of more than one module (Tarjan). */
function circles(files: readonly string[], imports: readonly Import[]): string[][] {
  const edges = new Map(files.map((f) => [f, [] as string[]]));
  for (const i of imports) edges.get(i.from)!.push(i.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}

const files = sourceFiles();
const imports = importsOf(files);
const layers = layerTable(MAP);

describe("docs/architecture.md and src/ agree", () => {
  it("lists every folder and root file of src/, and nothing that is not there", () => {
    const areas = new Set(files.map(areaOf));
    expect([...areas].filter((a) => !layers.has(a)).sort()).toEqual([]);
    expect([...layers.keys()].filter((a) => !areas.has(a)).sort()).toEqual([]);
  });

  it("has no import from a lower layer to a higher one", () => {
    const upward = imports
      .filter((i) => areaOf(i.from) !== areaOf(i.to) && layers.get(areaOf(i.to))! > layers.get(areaOf(i.from))!)
      .map((i) => `src/${i.from}:${i.line} -> src/${i.to}`);
    expect(upward).toEqual([]);
  });

  it("lets the CLI reach the library only through the facade", () => {
    const allowed = cliAllowed(MAP);
    const around = imports.filter((i) => areaOf(i.from) === "cli/" && !allowed.has(areaOf(i.to))).map((i) => `src/${i.from}:${i.line} -> src/${i.to}`);
    expect(around).toEqual([]);
  });

  it("uses each file name once (a folder's index.ts apart), so a name says which module it is", () => {
    const seen = new Map<string, string[]>();
    for (const f of files) seen.set(f.split("/").pop()!, [...(seen.get(f.split("/").pop()!) ?? []), f]);
    const twins = [...seen].filter(([name, where]) => where.length > 1 && name !== "index.ts").map(([, where]) => where.join(" "));
    expect(twins).toEqual([]);
  });

  it("has no import circle", () => {
    expect(circles(files, imports)).toEqual([]);
  });

  it("sees every form of import (the checks can fail)", () => {
    const text = [
      'import { a } from "./static.js";',
      'import type { B } from "../typed.js";',
      'export { c } from "./reexported.js";',
      'const d = await import("./lazy.js");',
      'let e: import("../inline.js").E;',
      'import "./side-effect.js";',
    ].join("\n");
    expect(specifiersOf(text).map((s) => s.specifier)).toEqual(["./static.js", "../typed.js", "./reexported.js", "./lazy.js", "../inline.js", "./side-effect.js"]);
  });

  it("would see an upward import and a circle (the checks can fail)", () => {
    const planted: Import[] = [
      { from: "sops/tree.ts", to: "hush.ts", line: 1 },
      { from: "hush.ts", to: "sops/tree.ts", line: 1 },
    ];
    const upward = planted.filter((i) => layers.get(areaOf(i.to))! > layers.get(areaOf(i.from))!);
    expect(upward).toHaveLength(1);
    expect(circles(["sops/tree.ts", "hush.ts"], planted)).toEqual([["hush.ts", "sops/tree.ts"]]);
  });
});
