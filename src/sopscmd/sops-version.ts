/**
 * Which `sops.version` a re-encrypted file gets. As sops 3.10–3.13 (sops:
 * cmd/sops/edit.go `runEditorUntilOk`, version/version.go `AIsNewerThanB`):
 * `edit` writes the running version when it is newer than the file's and
 * keeps the file's otherwise; set, unset, rotate and updatekeys never touch
 * it (common.EncryptTree sets only lastmodified and the MAC). hush writes as
 * the sops release whose format it follows, `SOPS_FORMAT_VERSION`.
 */
import { HushError } from "../errors.js";

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

interface Parsed {
  core: [bigint, bigint, bigint];
  pre: string[];
}

function parse(version: string): Parsed | undefined {
  // sops trims one leading "v", then parses strictly (blang/semver Make).
  const m = SEMVER.exec(version.startsWith("v") ? version.slice(1) : version);
  if (!m) return undefined;
  return { core: [BigInt(m[1]!), BigInt(m[2]!), BigInt(m[3]!)], pre: m[4] === undefined ? [] : m[4].split(".") };
}

/** Semver precedence: -1, 0 or 1 (build metadata ignored). */
function compare(a: Parsed, b: Parsed): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i]! < b.core[i]! ? -1 : 1;
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i]!;
    const y = b.pre[i]!;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length === b.pre.length ? 0 : a.pre.length < b.pre.length ? -1 : 1;
}

/**
 * sops's `AIsNewerThanB`: a file version starting with `1.` (sops 1, not
 * semver) is always older.
 * @throws HushError VERSION_COMPARE_FAILED when either is not a semantic version (sops exit 202)
 */
export function isNewerVersion(a: string, b: string, file?: string): boolean {
  if (b.startsWith("1.")) return true;
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) {
    throw new HushError("VERSION_COMPARE_FAILED", `cannot compare the file's version ${JSON.stringify(b)} with ${JSON.stringify(a)}`, { file, hint: "sops.version must be a semantic version such as 3.13.2" });
  }
  return compare(pa, pb) > 0;
}

/** The version `edit` writes: the running one when it is newer than the file's. @throws HushError VERSION_COMPARE_FAILED */
export function versionAfterEdit(fileVersion: string, running: string, file?: string): string {
  return isNewerVersion(running, fileVersion, file) ? running : fileVersion;
}
