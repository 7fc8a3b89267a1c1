// vitest globalSetup: the SSH tests make their keys with the real `ssh-keygen`.
// As test/helpers/age-binary.ts does for age: on a machine where the tests run
// as root with apt (this project's machines, and CI), install Debian's
// openssh-client once; anywhere else say how, and stop.
import { spawnSync } from "node:child_process";

function has(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

export default function ensureSshKeygen(): void {
  if (has("ssh-keygen")) return;
  const root = process.getuid?.() === 0;
  if (root && has("apt-get")) {
    process.stderr.write("test setup: installing Debian's openssh-client (the SSH key tests use the real ssh-keygen) ...\n");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "-qq", "openssh-client"], { stdio: "inherit", env }) : update;
    if (install.status === 0 && has("ssh-keygen")) return;
  }
  throw new Error("the SSH key tests need ssh-keygen: install it (apt-get install openssh-client, or your OS's OpenSSH) and run the tests again");
}
