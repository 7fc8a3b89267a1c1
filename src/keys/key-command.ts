/**
 * SOPS_AGE_KEY_CMD (stdout: a key file) and SOPS_AGE_SSH_PRIVATE_KEY_CMD
 * (stdout: an SSH private key), spec §6.3: split as sops splits them
 * (google/shlex: see splitCommandLine), run with no shell, once per process
 * and command string.
 * Messages name the command, never its output.
 */
import { execFile } from "node:child_process";
import { HushError } from "../errors.js";
import { splitCommandLine } from "../sys/shell-words.js";

const outputs = new Map<string, Promise<string>>();

/**
 * The stdout of `command` (the value of `variable`), run once per process
 * (the same string later returns the same output or the same failure).
 * @throws HushError KEY_COMMAND_FAILED (unterminated quote, not found, non-zero exit); the message names the command only
 */
export function keyCommandOutput(command: string, env: NodeJS.ProcessEnv, variable = "SOPS_AGE_KEY_CMD"): Promise<string> {
  const key = `${variable}\0${command}`;
  let output = outputs.get(key);
  if (!output) {
    output = run(command, env, variable);
    outputs.set(key, output);
  }
  return output;
}

function run(command: string, env: NodeJS.ProcessEnv, variable: string): Promise<string> {
  const words = splitCommandLine(command);
  const fail = (why: string, cause?: unknown) => new HushError("KEY_COMMAND_FAILED", `${variable} \`${command}\` ${why}`, { hint: `fix or unset ${variable}`, cause });
  if (!words?.length) return Promise.reject(fail(words ? "is empty" : "has an unterminated quote or a trailing backslash"));
  return new Promise((resolve, reject) => {
    // stderr goes to ours, as sops does: it may prompt or explain; it is not captured into any message.
    const child = execFile(words[0]!, words.slice(1), { env, encoding: "utf8", maxBuffer: 1 << 20 }, (error, stdout) => {
      if (!error) return resolve(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return reject(fail(`cannot run: ${words[0]} not found`));
      const status = (error as { code?: unknown }).code;
      reject(fail(typeof status === "number" ? `exited with status ${status}` : `failed (${error.signal ?? code ?? "error"})`));
    });
    child.stderr?.pipe(process.stderr);
  });
}
