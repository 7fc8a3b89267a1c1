// Parse + emit throughput of the YAML format on the real sops fixtures.
// Run after `npx tsc -p .`:  node test/unit/formats/yaml/bench-yaml.mjs
// Not a test (timed tests flake on shared machines); the figures go in the report.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { yamlFormat } from "../../../../dist/formats/yaml.js";

const dir = join(import.meta.dirname, "../../../fixtures/sops-real");
for (const name of ["format.enc.yaml", "example.yaml", "comments.enc.yaml"]) {
  const bytes = readFileSync(join(dir, name));
  const once = () => {
    const { document, metadata } = yamlFormat.parse(bytes, name);
    return yamlFormat.emit(document, metadata);
  };
  for (let i = 0; i < 300; i++) once(); // warm up
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) once();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  console.log(`${name} (${bytes.length} bytes): 1000 x parse+emit, median of 5: ${runs[2].toFixed(0)} ms`);
}
