/**
 * Secrets inside a run without the age identity (Azure ML's
 * `Run.get_context().get_secret()` pattern): `hush run` hands the child
 * `HUSH_RUN_SECRETS`, base64 of `{"<name>": {"scope": ..., "values": {...}}}`
 * holding what the run decrypted, and `getSecret(name)` reads it from there.
 *
 * Python, stdlib only:
 *   json.loads(base64.b64decode(os.environ["HUSH_RUN_SECRETS"]))["db"]["values"]["password"]
 */
import type { Secret } from "../store/types.js";

export const RUN_SECRETS_VARIABLE = "HUSH_RUN_SECRETS";

interface WireSecret {
  scope: Secret["scope"];
  values: Record<string, string>;
}

/** The value of HUSH_RUN_SECRETS for these secrets. */
export function encodeRunSecrets(secrets: Iterable<Secret>): string {
  const wire: Record<string, WireSecret> = {};
  for (const s of secrets) wire[s.name] = { scope: s.scope, values: s.values };
  return Buffer.from(JSON.stringify(wire), "utf8").toString("base64");
}

/**
 * The secret `name` as the enclosing `hush run` passed it, or undefined when
 * not inside a run or the run did not decrypt that secret. A malformed
 * variable counts as absent (it is not hush's to trust).
 */
export function secretFromRunEnv(name: string, env: NodeJS.ProcessEnv = process.env): Secret | undefined {
  const encoded = env[RUN_SECRETS_VARIABLE];
  if (!encoded) return undefined;
  let wire: unknown;
  try {
    wire = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof wire !== "object" || wire === null || !Object.hasOwn(wire, name)) return undefined;
  const entry = (wire as Record<string, unknown>)[name];
  if (!isWireSecret(entry)) return undefined;
  return { name, scope: entry.scope, values: { ...entry.values } };
}

function isWireSecret(x: unknown): x is WireSecret {
  if (typeof x !== "object" || x === null) return false;
  const { scope, values } = x as Record<string, unknown>;
  if (scope !== "user" && scope !== "shared") return false;
  if (typeof values !== "object" || values === null) return false;
  return Object.values(values).every((v) => typeof v === "string");
}
