/**
 * `.hush.yaml`: users -> age recipients, scopes, defaults (DESIGN "What a user's repository looks like").
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { LineCounter } from "yaml";
import { HushError, type Problem } from "../errors.js";
import { readPlainYaml, plainToJs } from "../formats/yaml/subset-reader.js";
import { parseUserYaml } from "./yaml-document.js";
import { untrustedReason } from "./trusted-file.js";
import { schemaProblems, validateHushSchema } from "./hush-schema.js";
import { documentData } from "./yaml-data.js";
import { positionOf } from "./yaml-positions.js";
import { isAgeRecipient } from "../age/recipient-syntax.js";
import { readConfigFile } from "../sys/regular-file.js";

export type Scope = "user" | "shared";

/** What hush does when a user-scope secret has the name of a shared one (and so hides it from that user). */
export type ShadowingPolicy = "warn" | "refuse" | "allow";

export interface UserConfig {
  recipients: string[];
  email?: string;
}

export interface HushConfig {
  /** Absolute path of the repository root (the directory holding .hush.yaml). */
  root: string;
  /** Absolute path of .hush.yaml. */
  file: string;
  version: 1;
  /** Relative to root; default "secrets". */
  secretsDir: string;
  /** Relative to root; default "stacks". */
  stacksDir: string;
  defaultScope: Scope;
  defaultStack: string;
  users: Record<string, UserConfig>;
  /** User names, or ["*"] for every user. */
  sharedReaders: string[];
  escrow: string[];
  /** `shadowing:`; absent means "warn" (see shadowingOf). */
  shadowing?: ShadowingPolicy;
}

/** The shadowing policy of `config` ("warn" unless .hush.yaml says otherwise). */
export function shadowingOf(config: Pick<HushConfig, "shadowing">): ShadowingPolicy {
  return config.shadowing ?? "warn";
}

export const HUSH_CONFIG_FILE = ".hush.yaml";

/** The directory holding `.hush.yaml`, from `cwd` upward, or undefined. */
export function findHushRoot(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, HUSH_CONFIG_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Finds .hush.yaml from `cwd` upward and validates it. @throws HushError CONFIG_NOT_FOUND, CONFIG_INVALID (problems with line:col) */
export async function loadHushConfig(cwd: string): Promise<HushConfig> {
  const root = findHushRoot(cwd);
  if (!root) {
    throw new HushError("CONFIG_NOT_FOUND", `no ${HUSH_CONFIG_FILE} in ${resolve(cwd)} or any parent directory`, {
      hint: "run `hush init` to create one",
    });
  }
  const file = join(root, HUSH_CONFIG_FILE);
  // One found by walking up may sit in a shared directory (/tmp) where anyone could plant users and recipients.
  const distrust = untrustedReason(file, cwd);
  if (distrust !== undefined) {
    throw new HushError("CONFIG_NOT_FOUND", `ignoring ${file}: ${distrust}, so anyone could have planted its users and recipients`, {
      hint: "run hush inside your own repository, or fix the file's owner or mode (chown, chmod go-w)",
    });
  }
  // Sync on purpose: one small file, and node:fs/promises costs a start-up more to load than to read it.
  return parseHushConfig(readConfigFile(file), file);
}

/**
 * Parses and validates the text of a `.hush.yaml` at `file`; collects every
 * problem (YAML syntax, schema, unknown reader names) before throwing.
 * @throws HushError CONFIG_INVALID
 */
export function parseHushConfig(text: string, file: string): HushConfig {
  // Every command starts here: an everyday file that has nothing to report is read without
  // the yaml library (subset-reader.ts); anything else, and every problem, goes the full way.
  const plain = readPlainYaml(text);
  const data = plain && plainToJs(plain);
  if (data !== undefined && validateHushSchema(data) && configFaults(data as RawConfig).length === 0) return toConfig(data as RawConfig, file);
  return parseHushConfigWithLibrary(text, file);
}

/** parseHushConfig by the yaml library alone, which places every problem at its line:col. @throws HushError CONFIG_INVALID */
export function parseHushConfigWithLibrary(text: string, file: string): HushConfig {
  const counter = new LineCounter();
  const doc = parseUserYaml(text, { lineCounter: counter, refuseUnknownTags: true });
  const shown = HUSH_CONFIG_FILE;
  const problems: Problem[] = doc.errors.map((e) => {
    const at = counter.linePos(e.pos[0]);
    return { file: shown, line: at.line, col: at.col, message: e.message.split("\n")[0] ?? "YAML syntax error", code: "CONFIG_INVALID" as const };
  });
  const read = problems.length ? undefined : documentData(doc, counter);
  if (read?.problem) problems.push({ file: shown, ...read.problem, code: "CONFIG_INVALID" });
  const data: unknown = read?.data ?? {};
  if (!problems.length) problems.push(...schemaProblems(data, doc, counter, shown));
  if (!problems.length) {
    for (const fault of configFaults(data as RawConfig)) {
      problems.push({ file: shown, ...positionOf(doc, counter, fault.path), message: fault.message, hint: fault.hint, code: "CONFIG_INVALID" });
    }
  }
  if (problems.length) {
    throw new HushError("CONFIG_INVALID", `${shown} is not valid (${problems.length} problem${problems.length > 1 ? "s" : ""})`, {
      file: shown,
      problems,
    });
  }
  return toConfig(data as RawConfig, file);
}

/** What the schema cannot say about a schema-valid file: readers that are not users, recipients that do not decode. */
function configFaults(raw: RawConfig): Array<{ path: string[]; message: string; hint: string }> {
  const faults: Array<{ path: string[]; message: string; hint: string }> = [];
  const users = raw.users ?? {};
  (raw.shared?.readers ?? []).forEach((reader, i) => {
    if (reader !== "*" && !Object.hasOwn(users, reader)) {
      faults.push({ path: ["shared", "readers", String(i)], message: `shared reader "${reader}" is not a user`, hint: "add the user or remove the reader" });
    }
  });
  // A typo in a recipient would otherwise surface only when some file is next encrypted (or never, for a file not rewritten).
  const recipients: Array<{ value: string; path: string[] }> = [];
  for (const [name, u] of Object.entries(users))
    for (const [i, value] of (u?.recipients ?? []).entries()) recipients.push({ value, path: ["users", name, "recipients", String(i)] });
  for (const [i, value] of (raw.escrow ?? []).entries()) recipients.push({ value, path: ["escrow", String(i)] });
  for (const { value, path } of recipients.filter((r) => !isAgeRecipient(r.value))) {
    faults.push({
      path,
      message: `"${path.join(".")}": "${value}" is not a valid age recipient`,
      hint: "use the output of `age-keygen -y` or `hush keygen` (a typo fails the checksum), or the one line of an id_ed25519.pub or id_rsa.pub",
    });
  }
  return faults;
}

/** The file as written, after schema validation. */
interface RawConfig {
  version: 1;
  secrets_dir?: string;
  stacks_dir?: string;
  default_scope?: Scope;
  default_stack?: string;
  users?: Record<string, UserConfig> | null;
  shared?: { readers?: string[] } | null;
  escrow?: string[] | null;
  shadowing?: ShadowingPolicy;
}

function toConfig(raw: RawConfig, file: string): HushConfig {
  const users: Record<string, UserConfig> = {};
  for (const [name, u] of Object.entries(raw.users ?? {})) {
    users[name] = u.email === undefined ? { recipients: [...u.recipients] } : { recipients: [...u.recipients], email: u.email };
  }
  return {
    root: dirname(file),
    file,
    version: 1,
    secretsDir: raw.secrets_dir ?? "secrets",
    stacksDir: raw.stacks_dir ?? "stacks",
    defaultScope: raw.default_scope ?? "user",
    defaultStack: raw.default_stack ?? "default",
    users,
    sharedReaders: raw.shared?.readers ?? ["*"],
    escrow: raw.escrow ?? [],
    shadowing: raw.shadowing ?? "warn",
  };
}
