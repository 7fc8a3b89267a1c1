// vitest globalSetup: the e2e tests run bin/hush.js, which runs dist/ (the
// bundle), not src/. A dist/ older than src/ would test yesterday's code and
// pass or fail for the wrong reason, so `npx vitest run` after an edit builds
// first (`npm run build`, a few seconds), saying so in one line; a build that
// fails stops the run with one line.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname, "../..");
/** What the build reads (a directory's time changes when a file in it is added, removed or renamed). */
const INPUTS = ["src", "scripts", "package.json", "tsconfig.json"];
/** What the build writes last (scripts/bundle.js: the bundle, then its code cache). */
const OUTPUTS = ["dist/cli-bundle/hush.cjs", "dist/cli-bundle/hush.cjs.cache"];

/** The most recently changed input, with its time. */
export function newestInput(root = ROOT): { path: string; mtimeMs: number } {
  let newest = { path: "", mtimeMs: 0 };
  const visit = (path: string): void => {
    const stat = statSync(path);
    if (stat.mtimeMs > newest.mtimeMs) newest = { path, mtimeMs: stat.mtimeMs };
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  for (const input of INPUTS) visit(join(root, input));
  return newest;
}

/** The time of the oldest build output, or undefined when one is missing. */
export function builtAt(root = ROOT): number | undefined {
  let oldest = Infinity;
  for (const output of OUTPUTS) {
    try {
      oldest = Math.min(oldest, statSync(join(root, output)).mtimeMs);
    } catch {
      return undefined;
    }
  }
  return oldest;
}

export default function ensureFreshBuild(): void {
  const built = builtAt();
  const newest = newestInput();
  if (built !== undefined && built >= newest.mtimeMs) return;
  const why = built === undefined ? "dist/ is not built" : `dist/ is older than ${relative(ROOT, newest.path)}`;
  process.stderr.write(`test setup: ${why}; running npm run build\n`);
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) {
    const first = `${build.stdout}\n${build.stderr}`.split("\n").find((l) => /error/i.test(l)) ?? `exit status ${build.status}`;
    throw new Error(`${why} and \`npm run build\` failed (${first.trim()}): fix the build, then run the tests again`);
  }
}
