/**
 * Line prompts for `-i/--interactive`: hidden input on a terminal, plain
 * lines when stdin is a pipe (so scripts and tests can answer). Prompts go to
 * stderr; nothing typed is echoed or logged.
 */
import { HushError } from "../errors.js";

export interface LineReader {
  /** The next answer, or undefined at end of input. */
  ask(prompt: string, options?: { hidden?: boolean }): Promise<string | undefined>;
}

/** A reader over process.stdin: a TTY gets prompts and hidden echo; a pipe is read line by line. */
export function stdinLineReader(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WritableStream = process.stderr): LineReader {
  return input.isTTY ? new TerminalReader(input, output) : new PipeReader(input);
}

/** Every line of a pipe (read once, at first ask); a final line without a newline counts. */
class PipeReader implements LineReader {
  private lines?: string[];
  constructor(private readonly input: NodeJS.ReadableStream) {}

  async ask(): Promise<string | undefined> {
    this.lines ??= splitLines(await readAll(this.input));
    return this.lines.shift();
  }
}

class TerminalReader implements LineReader {
  constructor(
    private readonly input: NodeJS.ReadStream,
    private readonly output: NodeJS.WritableStream,
  ) {}

  ask(prompt: string, options: { hidden?: boolean } = {}): Promise<string | undefined> {
    this.output.write(prompt);
    const input = this.input;
    const hidden = options.hidden ?? false;
    return new Promise((resolve, reject) => {
      let answer = "";
      const done = (value: string | undefined, error?: Error): void => {
        input.off("data", onData);
        input.setRawMode(false);
        input.pause();
        this.output.write("\n");
        if (error) reject(error);
        else resolve(value);
      };
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString("utf8")) {
          if (ch === "\r" || ch === "\n") {
            done(answer);
            return;
          }
          if (ch === "\u0003") {
            done(undefined, new HushError("USAGE", "cancelled"));
            return;
          }
          if (ch === "\u0004") {
            done(answer === "" ? undefined : answer);
            return;
          }
          if (ch === "\u007f" || ch === "\b") {
            answer = [...answer].slice(0, -1).join("");
            if (!hidden) this.output.write("\b \b");
            continue;
          }
          answer += ch;
          if (!hidden) this.output.write(ch);
        }
      };
      input.setRawMode(true);
      input.resume();
      input.on("data", onData);
    });
  }
}

/** Reads a whole stream as bytes. */
export async function readAll(input: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

function splitLines(bytes: Buffer): string[] {
  const text = bytes.toString("utf8");
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
