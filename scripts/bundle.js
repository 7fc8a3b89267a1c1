#!/usr/bin/env node
// Bundles the CLI for a fast start (run by `npm run build`, after tsc):
//
//   dist/cli-bundle/hush.cjs         the CLI, our code + yaml + commander, one CommonJS file
//   dist/cli-bundle/hush.cjs.cache   V8's code cache for it, trained on the hot commands
//   dist/cli-bundle/age-encryption.cjs  the age fallback, loaded only when a key is not X25519
//
// Why CommonJS and one file: Node 20 can start a CommonJS script from a V8
// code cache (vm.Script cachedData) but has no code cache for ES modules, and
// compiling ~1 MB of JavaScript costs more than a decrypt. bin/hush.js loads
// the bundle with the cache; scripts/code-cache.cjs writes the cache.
// simple-git and re2js are left out (required from node_modules by the
// few commands and files that use them: re2js only for a file or .sops.yaml
// rule with a regex, see src/sops/go-regex.ts) so the hot bundle and its
// cache stay small.
//   dist/cli-bundle/secretlint.cjs  secretlint's core and recommended rules, loaded only by `hush check`
//                                   when there is a text file to scan for tokens
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, "dist/cli-bundle");

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

// commander requires child_process at load (5-6 ms: net, streams, dgram) for
// executable subcommands, which hush has none of. Load it on first use instead.
const LAZY_CHILD_PROCESS = {
  name: "lazy-child-process",
  setup(b) {
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = readFileSync(args.path, "utf8");
      if (!source.includes(eager)) throw new Error(`${args.path}: commander changed; update the lazy child_process patch in scripts/bundle.js`);
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: "js" };
    });
  },
};

// Minified: less source to read and a smaller cache to load. HUSH_NO_MINIFY=1 keeps names for profiling.
const common = { bundle: true, platform: "node", target: "node20", format: "cjs", logLevel: "warning", legalComments: "eof", minify: !process.env.HUSH_NO_MINIFY };

// age-encryption is ES-module only; Node 20 cannot require() it, so it gets its own CommonJS file.
await build({ ...common, entryPoints: [join(ROOT, "node_modules/age-encryption/dist/index.js")], outfile: join(OUT, "age-encryption.cjs") });

// secretlint is ES-module only too, and only `hush check` needs it: one CommonJS file of its own, outside the hot bundle.
await build({
  ...common,
  stdin: { contents: 'export { lintSource } from "@secretlint/core";\nexport { creator } from "@secretlint/secretlint-rule-preset-recommend";\n', resolveDir: ROOT, loader: "js" },
  outfile: join(OUT, "secretlint.cjs"),
});

await build({
  ...common,
  entryPoints: [join(ROOT, "dist/cli/main.js")],
  outfile: join(OUT, "hush.cjs"),
  // A dynamic import() inside a vm.Script needs --experimental-vm-modules; as require() it needs nothing.
  supported: { "dynamic-import": false },
  // The modules moved here keep finding schemas/ and bin/ by the same relative paths (dist/<dir>/ -> dist/cli-bundle/).
  banner: { js: 'var __hush_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__hush_meta_url", "import.meta.dirname": "__dirname" },
  plugins: [
    LAZY_CHILD_PROCESS,
    {
      name: "cold-dependencies",
      setup(b) {
        b.onResolve({ filter: /^age-encryption$/ }, () => ({ path: "./age-encryption.cjs", external: true }));
        b.onResolve({ filter: /^simple-git$/ }, () => ({ path: "simple-git", external: true }));
        b.onResolve({ filter: /^@secretlint\/(core|secretlint-rule-preset-recommend)$/ }, () => ({ path: "./secretlint.cjs", external: true }));
        // yaml's ES-module build (its "default" export; the same code as its CommonJS one): esbuild
        // hoists it into the bundle instead of wrapping ~70 CommonJS modules, and drops what is unused.
        b.onResolve({ filter: /^yaml$/ }, () => ({ path: join(ROOT, "node_modules/yaml/browser/index.js") }));
      },
    },
  ],
});

execFileSync(process.execPath, [join(ROOT, "scripts/code-cache.cjs")], { stdio: "inherit" });

// A cache V8 rejects costs nothing but speed, silently; so check it here, in a fresh process as a user's start is.
const check = 'process.exit(require("./bin/hush.js").loadCli().script.cachedDataRejected === false ? 0 : 1)';
try {
  execFileSync(process.execPath, ["-e", check], { cwd: ROOT, stdio: "inherit" });
} catch {
  throw new Error("bundle: V8 rejected the code cache just written (the loader and scripts/code-cache.cjs must compile the same source)");
}
