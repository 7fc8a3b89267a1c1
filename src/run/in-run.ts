/**
 * Secrets inside a run without the age identity (Azure ML's
 * `Run.get_context().get_secret()` pattern): `hush run` writes what it
 * decrypted to `secrets.json` in the run's private temp dir,
 * `{"<name>": {"scope": ..., "values": {...}}}`, and hands the child only its
 * path, `HUSH_RUN_SECRETS_FILE` (inherited by grandchildren). No value
 * travels in the environment (where `env` shows it and a large one makes
 * exec fail with E2BIG); `getSecret(name)` reads the file.
 *
 * Python, stdlib only:
 *   json.load(open(os.environ["HUSH_RUN_SECRETS_FILE"]))["db"]["values"]["password"]
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Secret } from "../store/types.js";

export const RUN_SECRETS_FILE_VARIABLE = "HUSH_RUN_SECRETS_FILE";

/** Where earlier hush put the values themselves (base64 JSON); a run removes it from the child's environment. */
export const LEGACY_RUN_SECRETS_VARIABLE = "HUSH_RUN_SECRETS";

interface WireSecret {
  scope: Secret["scope"];
  values: Record<string, string>;
}

/** The content of secrets.json for these secrets. */
export function encodeRunSecrets(secrets: Iterable<Secret>): string {
  const wire: Record<string, WireSecret> = {};
  for (const s of secrets) wire[s.name] = { scope: s.scope, values: s.values };
  return JSON.stringify(wire);
}

/** Writes `secrets.json` (0600, exclusively) into the private dir `dir` and returns its path. @throws Error when it exists or cannot be written */
export function writeRunSecrets(secrets: Iterable<Secret>, dir: string): string {
  const path = join(dir, "secrets.json");
  writeFileSync(path, encodeRunSecrets(secrets), { mode: 0o600, flag: "wx" });
  return path;
}

/**
 * The secret `name` as the enclosing `hush run` passed it, or undefined when
 * not inside a run (or the run has ended) or the run did not decrypt that
 * secret. A file that is not a regular file of this user, private (no
 * group/other access) and well-formed counts as absent (it is not hush's to trust).
 */
export function secretFromRunEnv(name: string, env: NodeJS.ProcessEnv = process.env): Secret | undefined {
  const path = env[RUN_SECRETS_FILE_VARIABLE];
  if (!path) return undefined;
  const text = readPrivateFile(path);
  if (text === undefined) return undefined;
  let wire: unknown;
  try {
    wire = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof wire !== "object" || wire === null || !Object.hasOwn(wire, name)) return undefined;
  const entry = (wire as Record<string, unknown>)[name];
  if (!isWireSecret(entry)) return undefined;
  return { name, scope: entry.scope, values: { ...entry.values } };
}

/** The file's text when it is a regular file owned by this user with no group/other access; else undefined. */
function readPrivateFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    const uid = process.getuid?.();
    if (!st.isFile() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o077) !== 0))) return undefined;
    return readFileSync(fd, "utf8");
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function isWireSecret(x: unknown): x is WireSecret {
  if (typeof x !== "object" || x === null) return false;
  const { scope, values } = x as Record<string, unknown>;
  if (scope !== "user" && scope !== "shared") return false;
  if (typeof values !== "object" || values === null) return false;
  return Object.values(values).every((v) => typeof v === "string");
}
