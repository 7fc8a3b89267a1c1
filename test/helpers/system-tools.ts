// vitest globalSetup: some tests run real programs that are not npm packages:
// the `age` binary (interop), `ssh-keygen` (SSH test keys) and the pre-commit
// framework (the hook manifest). On a machine where the tests run as root with
// apt (this project's machines, and CI), install the missing Debian packages
// once; anywhere else say which to install, and stop.
import { spawnSync } from "node:child_process";

interface Tool {
  /** Debian package. */
  package: string;
  /** Commands it must provide. */
  commands: string[];
  /** What needs it, for the message. */
  why: string;
}

const TOOLS: Tool[] = [
  { package: "age", commands: ["age", "age-keygen"], why: "the interop tests use the real age binary" },
  { package: "openssh-client", commands: ["ssh-keygen"], why: "the SSH key tests make their keys with ssh-keygen" },
  { package: "pre-commit", commands: ["pre-commit"], why: "the hook manifest is installed by the real pre-commit framework" },
];

function has(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

const missing = (): Tool[] => TOOLS.filter((t) => !t.commands.every(has));

export default function ensureSystemTools(): void {
  let absent = missing();
  if (absent.length === 0) return;
  if (process.getuid?.() === 0 && has("apt-get")) {
    const names = absent.map((t) => t.package);
    process.stderr.write(`test setup: installing Debian's ${names.join(", ")} (${absent.map((t) => t.why).join("; ")}) ...\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    if (update.status === 0) spawnSync("apt-get", ["install", "-y", "-qq", ...names], { stdio: "inherit", env });
    absent = missing();
    if (absent.length === 0) return;
  }
  const first = absent[0]!;
  throw new Error(
    `${first.why}: install ${absent.map((t) => t.package).join(", ")} (apt-get install, brew install, or your OS's packages) and run the tests again`,
  );
}
