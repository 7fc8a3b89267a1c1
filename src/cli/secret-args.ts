/**
 * The values of `hush secret create/update`: every option that is not the
 * command's own is a key (`--password=x`, `--user=admin`). A value is
 * literal, `@path` (a file, byte for byte; `@@x` is the literal `@x`), or
 * `-` (stdin). `--values` takes JSON or YAML text or `@file`; `-i` prompts.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { HushError } from "../errors.js";
import { Hush } from "../hush.js";
import { editDistance } from "../sys/edit-distance.js";
import { readAll, type LineReader } from "./prompt.js";

export interface ValueSpec {
  key: string;
  /** Where the value comes from. */
  source: "literal" | "file" | "stdin";
  /** The literal, or the file path. */
  text: string;
}

export interface ParsedSecretArgs {
  /** The positional NAME (validated later by the store, before any file is touched). */
  name?: string;
  pairs: ValueSpec[];
  /** `--as NAME` given after the subcommand. */
  as?: string;
}

/**
 * Sorts the tokens commander did not consume into the name, `--as`, and key/value pairs.
 * `--KEY VALUE` (space) works too when VALUE does not start with `--`.
 * @throws HushError USAGE (unknown short option, key without value, second positional, bad key)
 */
export function parseSecretArgs(tokens: readonly string[], ownOptions: readonly string[] = []): ParsedSecretArgs {
  const parsed: ParsedSecretArgs = { pairs: [] };
  const positional = (token: string): void => {
    // Not echoed: a stray argument is often a value typed without its --KEY= (`db password=x`).
    if (parsed.name !== undefined) throw new HushError("USAGE", `unexpected argument after the name "${parsed.name}" (not shown: it may be a value)`, { hint: "values are given as --KEY=VALUE" });
    parsed.name = token;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === "--") {
      tokens.slice(i + 1).forEach(positional);
      break;
    }
    if (!token.startsWith("--")) {
      if (token.startsWith("-") && token !== "-") throw new HushError("USAGE", `unknown option "${token.split("=")[0]}"`, { hint: "keys are long options: --KEY=VALUE" });
      positional(token);
      continue;
    }
    const eq = token.indexOf("=");
    const key = eq < 0 ? token.slice(2) : token.slice(2, eq);
    const meant = mistypedOption(key, ownOptions);
    if (meant !== undefined) {
      // Not echoed: the value may be a secret.
      throw new HushError("USAGE", `--${key}: did you mean --${meant}? (every other option is a key, so --${key} would be stored as one)`, {
        hint: `to store a key named "${key}" on purpose, give it with --values '{"${key}": "..."}' (or --values=@file)`,
      });
    }
    let value: string;
    if (eq >= 0) value = token.slice(eq + 1);
    else {
      const next = tokens[i + 1];
      if (next === undefined || next.startsWith("--")) throw new HushError("USAGE", `--${key} needs a value`, { hint: `write --${key}=VALUE, --${key}=@file or --${key}=-` });
      value = next;
      i++;
    }
    if (key === "as") {
      parsed.as = value;
      continue;
    }
    Hush.validateSecretKey(key);
    if (parsed.pairs.some((p) => p.key === key)) throw new HushError("USAGE", `key "${key}" is given twice`);
    parsed.pairs.push(specOf(key, value));
  }
  return parsed;
}

/**
 * The command's own option `key` is a typo of (`scpoe` -> `scope`): within two
 * edits, for keys of four characters or more, and not merely a plural or
 * singular of it (`value` is a common key, not a typo of `values`).
 */
export function mistypedOption(key: string, ownOptions: readonly string[]): string | undefined {
  if (key.length < 4) return undefined;
  const lower = key.toLowerCase();
  for (const option of ownOptions) {
    if (lower === option || `${lower}s` === option || lower === `${option}s`) continue;
    if (editDistance(lower, option) <= 2) return option;
  }
  return undefined;
}

function specOf(key: string, value: string): ValueSpec {
  if (value === "-") return { key, source: "stdin", text: "" };
  if (value.startsWith("@@")) return { key, source: "literal", text: value.slice(1) };
  if (value.startsWith("@")) return { key, source: "file", text: value.slice(1) };
  return { key, source: "literal", text: value };
}

export interface ValueSources {
  cwd: string;
  stdin: NodeJS.ReadableStream;
  /** `--values`: JSON or YAML text, or `@file`. */
  values?: string;
  /** `-i`: ask for keys and hidden values. */
  reader?: LineReader;
}

/**
 * Reads every value: `--values` first, then the pairs (which win), then interactive answers.
 * @throws HushError USAGE (stdin used twice, bad --values), FILE_NOT_FOUND
 */
export async function collectValues(parsed: ParsedSecretArgs, sources: ValueSources): Promise<Record<string, string>> {
  const stdinUsers = parsed.pairs.filter((p) => p.source === "stdin").length + (sources.values === "-" ? 1 : 0) + (sources.reader ? 1 : 0);
  if (stdinUsers > 1) throw new HushError("USAGE", "stdin can feed only one value (or -i, or --values -)", { hint: "read the others from files with --KEY=@path" });
  const values: Record<string, string> = {};
  if (sources.values !== undefined) {
    const text = sources.values === "-" ? (await readAll(sources.stdin)).toString("utf8") : sources.values.startsWith("@") ? await readText(sources.cwd, sources.values.slice(1), "--values") : sources.values;
    Object.assign(values, await Hush.parseSecretValues(text));
  }
  for (const pair of parsed.pairs) {
    if (pair.source === "literal") values[pair.key] = pair.text;
    else if (pair.source === "file") values[pair.key] = await readText(sources.cwd, pair.text, `--${pair.key}`);
    else values[pair.key] = decodeUtf8((await readAll(sources.stdin)), `--${pair.key}=-`);
  }
  if (sources.reader) Object.assign(values, await askValues(sources.reader));
  return values;
}

/** Asks for key, then hidden value, until an empty key or end of input. */
async function askValues(reader: LineReader): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (;;) {
    const key = (await reader.ask("Key (empty to finish): "))?.trim();
    if (!key) return out;
    Hush.validateSecretKey(key);
    const value = await reader.ask(`Value for ${key} (hidden): `, { hidden: true });
    if (value === undefined) throw new HushError("USAGE", `no value given for key "${key}"`);
    out[key] = value;
  }
}

async function readText(cwd: string, path: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(cwd, path));
  } catch (error) {
    throw new HushError("FILE_NOT_FOUND", `${what}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { file: path });
  }
  return decodeUtf8(bytes, what);
}

function decodeUtf8(bytes: Buffer, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new HushError("UNSUPPORTED_VALUE", `${what}: the value is not UTF-8 text`, { hint: "encode binary values (base64) first" });
  }
}
