#!/usr/bin/env node
// The executable: start the bundled CLI from V8's code cache, so a start
// skips parsing and compiling ~1 MB of JavaScript (a launch wrapper runs on
// every job). CommonJS on purpose (bin/package.json): Node 20 has a code
// cache for scripts, not for ES modules. scripts/bundle.js builds both files;
// a cache V8 rejects (another Node version) only costs the compile.
// HUSH_DEBUG=1 runs the unbundled modules in dist/ instead, so that a stack
// trace names real functions and files rather than minified ones.
"use strict";
const { readFileSync } = require("node:fs");
const { createRequire, wrap } = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

const BUNDLE = join(__dirname, "../dist/cli-bundle/hush.cjs");

/** Compiles the bundle (from its code cache when there is one) and returns its exports and script. */
function loadCli({ useCache = true } = {}) {
  const cachedData = useCache ? readCache() : undefined;
  let source;
  try {
    source = readFileSync(BUNDLE, "utf8");
  } catch {
    process.stderr.write("hush: the CLI is not built (dist/cli-bundle/hush.cjs is missing); run `npm run build`\n");
    process.exit(1);
  }
  const script = new Script(wrap(source), { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, join(BUNDLE, ".."));
  return { cli: module.exports, script };
}

function readCache() {
  try {
    return readFileSync(BUNDLE + ".cache");
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (process.env.HUSH_DEBUG) {
    import("../dist/cli/main.js").then(
      (cli) => cli.main(argv),
      () => {
        process.stderr.write("hush: HUSH_DEBUG needs the unbundled CLI (dist/cli/main.js is missing); run `npm run build`\n");
        process.exit(1);
      },
    );
  } else loadCli().cli.main(argv);
} else module.exports = { loadCli, BUNDLE };
