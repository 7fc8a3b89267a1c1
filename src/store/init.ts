/**
 * `hush init`: a new repository layout — .hush.yaml with the current user,
 * secrets/shared, secrets/users, stacks/, and the generated .sops.yaml.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { HushError } from "../errors.js";
import { HUSH_CONFIG_FILE, parseHushConfig, type HushConfig } from "../config/hush-config.js";
import { initialConfigText } from "../config/hush-config-edit.js";
import { prepareSopsYaml, SOPS_YAML_FILE } from "../config/sops-yaml-writer.js";
import { assertNoRuleOverlap } from "../config/sops-yaml-overlap.js";
import { gitConfigValue } from "./active-user.js";
import { NAME_PATTERN, validateName } from "./paths.js";
import { writeFileAtomic } from "../sys/atomic-write.js";

export interface InitOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The first user's name; default: git user.name, else $USER (made a valid name). */
  user?: string;
  /** The first user's recipient; default: the first loaded identity's, after `createKey`. */
  recipient?: string;
  /** Make a new age key in the default key file (0600) and use its recipient. */
  keygen?: boolean;
  /** Commit the new files ("hush: init"). */
  commit?: boolean;
}

export interface InitResult {
  root: string;
  user?: string;
  recipient?: string;
  /** Files created, relative to root. */
  created: string[];
  /** Existing files hush added its part to (a team's own .sops.yaml gains hush's rule block), relative to root. */
  updated: string[];
  /** The key file `keygen` wrote (absolute path). */
  keyFile?: string;
  commit?: string;
  warnings: string[];
  config: HushConfig;
}

/** @throws HushError CONFIG_EXISTS, CONFIG_CONFLICT, NAME_INVALID, FILE_WRITE_FAILED, NOT_A_GIT_REPO, GIT_FAILED */
export async function initRepository(options: InitOptions): Promise<InitResult> {
  const root = resolve(options.cwd);
  const file = join(root, HUSH_CONFIG_FILE);
  if (existsSync(file)) throw new HushError("CONFIG_EXISTS", `${HUSH_CONFIG_FILE} already exists in ${root}`, { file: HUSH_CONFIG_FILE, hint: "use `hush user add` to add users" });
  const warnings: string[] = [];
  const user = options.user ?? (await defaultUserName(root, options.env));
  if (user !== undefined) validateName("user", user);
  // Before any key or file is made: a team's own .sops.yaml rule must not already cover hush's paths.
  assertNoRuleOverlap(root, parseHushConfig(initialConfigText(undefined, undefined), file).secretsDir, user !== undefined ? [user] : []);
  let recipient = options.recipient;
  let keyFile: string | undefined;
  if (recipient === undefined && options.keygen) {
    const { generateKeyFile } = await import("../keys/keygen.js");
    ({ recipient, file: keyFile } = await generateKeyFile({ env: options.env }));
  }
  if (recipient === undefined) {
    const { codec } = await import("../sopsfile/codec-port.js");
    const set = await (await codec()).loadIdentities(options.env);
    warnings.push(...set.warnings);
    recipient = set.identities[0]?.recipient;
  }
  if (recipient === undefined) warnings.push("no age identity found, so no user was added: run `hush keygen`, then `hush user add NAME age1...`");
  if (user === undefined && recipient !== undefined) warnings.push("no user name (pass --user NAME), so no user was added");
  const email = await gitConfigValue(root, "user.email");
  const entry = recipient === undefined || user === undefined ? undefined : { recipients: [recipient], ...(email ? { email } : {}) };
  const text = initialConfigText(entry ? user : undefined, entry);
  const config = parseHushConfig(text, file);
  const created: string[] = [];
  for (const dir of [`${config.secretsDir}/shared`, `${config.secretsDir}/users`, config.stacksDir]) {
    await mkdir(join(root, dir), { recursive: true });
    const keep = join(root, dir, ".gitkeep");
    if (!existsSync(keep)) {
      await writeFile(keep, "");
      created.push(`${dir}/.gitkeep`);
    }
  }
  const hadSopsYaml = existsSync(join(root, SOPS_YAML_FILE));
  const sopsYaml = await prepareSopsYaml(config);
  await writeFileAtomic(file, text);
  const sopsWritten = await sopsYaml.write();
  created.unshift(HUSH_CONFIG_FILE, ...(sopsWritten && !hadSopsYaml ? [sopsWritten] : []));
  const result: InitResult = { root, created, updated: sopsWritten && hadSopsYaml ? [sopsWritten] : [], warnings, config };
  if (keyFile !== undefined) result.keyFile = keyFile;
  if (options.commit) {
    const { commitFiles } = await import("./commit.js");
    result.commit = await commitFiles(root, [...created, ...result.updated], "hush: init");
  }
  if (entry) {
    result.user = user!;
    result.recipient = recipient!;
  }
  return result;
}

/** git user.name or $USER, lower-cased, with every run of other characters made a '-'. */
async function defaultUserName(root: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const raw of [await gitConfigValue(root, "user.name"), env.USER, env.USERNAME]) {
    if (!raw) continue;
    const name = raw.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^[-_]+|-+$/g, "");
    if (NAME_PATTERN.test(name)) return name;
  }
  return undefined;
}
