// vitest globalSetup: the interop tests run the real `age` binary. On a fresh
// machine where hush's tests run as root with apt (this project's machines,
// and CI), install Debian's age once; anywhere else say how, and stop.
import { spawnSync } from "node:child_process";

function has(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

export default function ensureAgeBinary(): void {
  if (has("age") && has("age-keygen")) return;
  const root = process.getuid?.() === 0;
  if (root && has("apt-get")) {
    process.stderr.write("test setup: installing Debian's age (the interop tests use the real age binary) ...\n");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "-qq", "age"], { stdio: "inherit", env }) : update;
    if (install.status === 0 && has("age")) return;
  }
  throw new Error("the interop tests need the real age binary: install it (apt-get install age, brew install age, or https://age-encryption.org) and run the tests again");
}
