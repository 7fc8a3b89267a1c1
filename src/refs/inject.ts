/**
 * `hush inject` (op inject's pattern): a text template with `{{name.key}}`
 * references rendered with the values, after the same validation as a stack.
 * The output is the one place plaintext is meant to go: stdout, or a 0600 file
 * written atomically that git does not track (unless forced).
 */
import { readFile } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { HushError } from "../errors.js";
import type { HushSession } from "../store/session.js";
import { interpolate } from "./interpolate.js";
import { SecretIndex } from "./resolution.js";
import { failed } from "./stack-api.js";
import { parseTemplate } from "./template.js";
import { validateReferences } from "./validate.js";

export interface InjectOptions {
  /** The template file, relative to `cwd`. */
  input: string;
  cwd: string;
  /** Write here (0600, atomically) instead of returning the text for stdout. */
  output?: string;
  /** Write into a file git tracks (it would be committed in clear). */
  force?: boolean;
}

export interface Injected {
  /** The rendered text (also when written to `output`). */
  text: string;
  /** The file written, when `output` was given. */
  written?: string;
  /** How many references were filled in. */
  references: number;
}

/**
 * @throws HushError FILE_NOT_FOUND, VALIDATION_FAILED (every problem, placed in the template), FILE_TRACKED, NO_MATCHING_IDENTITY, MAC_MISMATCH
 */
export async function injectTemplate(hush: HushSession, options: InjectOptions): Promise<Injected> {
  const input = resolve(options.cwd, options.input);
  let text: string;
  try {
    text = await readFile(input, "utf8");
  } catch (cause) {
    throw new HushError("FILE_NOT_FOUND", `cannot read ${options.input}`, { file: options.input, hint: "name an existing template file", cause });
  }
  const output = options.output === undefined || options.output === "-" ? undefined : resolve(options.cwd, options.output);
  if (output === input) throw new HushError("USAGE", "the output would overwrite the template", { file: options.output, hint: "write to another file (-o), or to stdout" });
  if (output !== undefined && !options.force && (await tracked(hush.root, output))) {
    throw new HushError("FILE_TRACKED", `${options.output} is tracked by git: the rendered values would be committed in clear`, {
      file: options.output,
      hint: "write to an untracked (and ignored) file, or pass --force",
    });
  }
  const template = parseTemplate(options.input, text);
  const user = (await hush.activeUser())?.user;
  const secrets = await hush.store.list();
  // Every reference must resolve to a key (the values are read next, so the level is DECRYPTABLE in effect).
  const problems = await validateReferences([template], { level: "SECRET_AND_KEY_EXISTS", secrets, users: [user] });
  if (problems.length) throw failed(problems, `${options.input} has unresolved references`);
  // Each referenced secret is decrypted once, with its MAC checked: a failure stops before anything is written.
  const index = new SecretIndex(secrets);
  const identities = await hush.identities();
  const values = new Map<string, Record<string, string>>();
  for (const ref of template.refs) {
    if (values.has(ref.name)) continue;
    const info = index.resolve(ref.name, user)!;
    values.set(ref.name, (await hush.store.read(info, identities)).values);
  }
  const rendered = interpolate(text, (ref) => {
    const value = values.get(ref.name)?.[ref.key];
    if (value === undefined) throw new HushError("KEY_NOT_FOUND", `secret "${ref.name}" has no key "${ref.key}" once decrypted`, { file: options.input });
    return value;
  });
  const result: Injected = { text: rendered, references: template.refs.length };
  if (output !== undefined) {
    const { writeFileAtomic } = await import("../sys/atomic-write.js");
    await writeFileAtomic(output, rendered, 0o600);
    result.written = relative(options.cwd, output).split(sep).join("/") || output;
  }
  return result;
}

/** Whether git tracks `path` (false outside a repository). */
async function tracked(root: string, path: string): Promise<boolean> {
  const { execFile } = await import("node:child_process");
  return new Promise((done) => execFile("git", ["ls-files", "--error-unmatch", "--", path], { cwd: root }, (error) => done(!error)));
}
