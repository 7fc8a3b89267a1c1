/**
 * Regular expressions from files (sops's selection regexes, `.sops.yaml`
 * `path_regex`) with Go's RE2 semantics in linear time, as sops has them:
 * a pattern is data an attacker may write, so a backtracking engine would let
 * one commit hang every reader (`^(a|a)+$` on a long key). re2js is RE2 in
 * JavaScript; it is loaded on first use only, so commands on files without a
 * pattern (the launch path) never pay for it.
 */
import { createRequire } from "node:module";
import { HushError } from "../errors.js";

/** A compiled pattern: `test` is Go's `MatchString` (an unanchored search). */
export interface GoRegex {
  readonly source: string;
  test(text: string): boolean;
}

/** Where a pattern comes from, for messages: the field (`encrypted_regex`, `path_regex`) and the file. */
export interface PatternOrigin {
  field?: string;
  file?: string;
  line?: number;
}

type Re2Module = typeof import("re2js");
let re2: Re2Module | undefined;

/** re2js, required synchronously (selection runs inside synchronous tree walks). */
function engine(): Re2Module {
  re2 ??= createRequire(import.meta.url)("re2js") as Re2Module;
  return re2;
}

const cache = new Map<string, GoRegex>();

/**
 * Compiles an RE2 pattern (Go `regexp.Compile` syntax: `(?i)`, `\pL`, `\-`,
 * `[[:alpha:]]` ...; no backreferences or lookaround).
 * @throws HushError METADATA_INVALID (CONFIG_INVALID for `path_regex`): one line naming the field, the file and RE2's reason
 */
export function compileGoRegex(source: string, origin: PatternOrigin = {}): GoRegex {
  const cached = cache.get(source);
  if (cached) return cached;
  const { RE2JS } = engine();
  let compiled: InstanceType<Re2Module["RE2JS"]>;
  try {
    compiled = RE2JS.compile(source);
  } catch (cause) {
    const field = origin.field ?? "regular expression";
    const reason = cause instanceof Error ? cause.message.replace(/^error parsing regexp: /, "") : "invalid";
    throw new HushError(
      origin.field === "path_regex" ? "CONFIG_INVALID" : "METADATA_INVALID",
      `${field} ${JSON.stringify(source)} is not a valid RE2 regular expression (${reason})`,
      {
        ...(origin.file !== undefined ? { file: origin.file } : {}),
        ...(origin.line !== undefined ? { line: origin.line } : {}),
        hint: "sops uses Go's RE2 syntax: no backreferences or lookaround",
        cause,
      },
    );
  }
  const regex: GoRegex = { source, test: (text) => compiled.test(text) };
  if (cache.size < 256) cache.set(source, regex);
  return regex;
}

/** Whether re2js has been loaded in this process (for start-up cost tests). */
export function goRegexLoaded(): boolean {
  return re2 !== undefined;
}
