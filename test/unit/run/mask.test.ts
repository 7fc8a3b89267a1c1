import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createMaskStream, createMasker, MASK, maskerFactory, maskForms, maskPatterns, MIN_MASKED_LINE_LENGTH } from "../../../src/run/mask.js";

const RUNS = Number(process.env.HUSH_PROPERTY_RUNS ?? 200);

/** Feeds `chunks` one by one and joins what comes out. */
function maskChunks(values: string[], chunks: Uint8Array[]): Buffer {
  const masker = createMasker(values);
  return Buffer.concat([...chunks.map((c) => masker.push(c)), masker.end()]);
}

function maskText(values: string[], text: string, chunkSize = Infinity): string {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize === Infinity ? bytes.length : chunkSize) {
    chunks.push(bytes.subarray(i, Math.min(bytes.length, i + (chunkSize === Infinity ? bytes.length : chunkSize))));
  }
  return maskChunks(values, chunks).toString();
}

/** The obvious, slow definition: mark every byte any occurrence covers (of every form of a value, see maskForms), replace each overlapping run with one mask. */
function referenceMask(values: string[], input: Buffer): Buffer {
  const patterns = maskPatterns(values).map((p) => Buffer.from(p));
  const ranges: Array<[number, number]> = [];
  for (const p of patterns) {
    for (let i = input.indexOf(p); i >= 0; i = input.indexOf(p, i + 1)) ranges.push([i, i + p.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of ranges) {
    const last = merged.at(-1);
    if (last && s < last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const parts: Buffer[] = [];
  let from = 0;
  for (const [s, e] of merged) {
    parts.push(input.subarray(from, s), MASK);
    from = e;
  }
  parts.push(input.subarray(from));
  return Buffer.concat(parts);
}

describe("createMasker", () => {
  it("replaces a value with *****", () => {
    expect(maskText(["hunter22"], "password is hunter22!\n")).toBe("password is *****!\n");
  });

  it("masks every occurrence, including adjacent ones", () => {
    expect(maskText(["s3cr3t"], "s3cr3ts3cr3t and s3cr3t")).toBe("********** and *****");
  });

  it("leaves values shorter than 4 characters alone", () => {
    expect(maskText(["abc", "xy"], "abc xy abcd")).toBe("abc xy abcd");
  });

  it("counts characters, not bytes, for the minimum length", () => {
    expect(maskText(["äö"], "xäöx")).toBe("xäöx"); // 2 characters, 4 bytes
    expect(maskText(["äöüß"], "xäöüßx")).toBe("x*****x");
  });

  it("catches a value split across writes, down to one byte per write", () => {
    expect(maskText(["correct-horse"], "token=correct-horse;", 1)).toBe("token=*****;");
    expect(maskText(["correct-horse"], "token=correct-horse;", 3)).toBe("token=*****;");
  });

  it("holds back only what could still become a value, and releases it when it cannot", () => {
    const masker = createMasker(["abcdef"]);
    expect(masker.push(Buffer.from("xxabc")).toString()).toBe("xx");
    expect(masker.push(Buffer.from("dX")).toString()).toBe("abcdX");
    expect(masker.push(Buffer.from("plain")).toString()).toBe("plain");
    expect(masker.end().toString()).toBe("");
  });

  it("flushes a partial match at the end of the stream", () => {
    expect(maskText(["abcdef"], "tail abcd")).toBe("tail abcd");
  });

  it("lets the longest of overlapping values win", () => {
    expect(maskText(["pass", "password123"], "x password123 pass")).toBe("x ***** *****");
    expect(maskText(["sword123", "pass"], "password1234")).toBe("*****4");
    expect(maskText(["word1234", "pass"], "password1234")).toBe("**********"); // adjacent, not overlapping
  });

  it("masks the union of overlapping values so no fragment leaks", () => {
    expect(maskText(["abcd", "cdef"], "_abcdef_")).toBe("_*****_");
    expect(maskText(["bcde", "abcdefgh"], "abcdefgX")).toBe("a*****fgX");
  });

  it("is binary-safe: bytes that are not secret pass unchanged", () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect(maskChunks(["secret-value"], [binary.subarray(0, 1000), binary.subarray(1000)]).equals(binary)).toBe(true);
  });

  it("masks values in very long lines", () => {
    const filler = "x".repeat(1_000_000);
    const out = maskText(["needle-1234"], `${filler}needle-1234${filler}`, 65536);
    expect(out.length).toBe(2_000_005);
    expect(out.includes("needle")).toBe(false);
  });

  it("masks multi-line values and UTF-8 values", () => {
    expect(maskText(["line1\nline2"], "a line1\nline2 b")).toBe("a ***** b");
    expect(maskText(["пароль"], "my пароль!", 1)).toBe("my *****!");
  });

  it("passes everything through when no value is long enough", () => {
    expect(maskText([], "anything")).toBe("anything");
  });

  it("agrees with the slow definition for any values, input and chunking", () => {
    const alphabet = fc.constantFrom(..."abcab\n".split(""));
    const text = (min: number, max: number) => fc.array(alphabet, { minLength: min, maxLength: max }).map((a) => a.join(""));
    fc.assert(
      fc.property(
        fc.array(text(1, 7), { minLength: 1, maxLength: 6 }),
        text(0, 80),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        (values, input, cuts) => {
          const bytes = Buffer.from(input);
          const chunks: Buffer[] = [];
          for (let i = 0, k = 0; i < bytes.length; k++) {
            const size = cuts[k % cuts.length]!;
            chunks.push(bytes.subarray(i, i + size));
            i += size;
          }
          expect(maskChunks(values, chunks).equals(referenceMask(values, bytes))).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("createMasker against the slow definition", () => {
  // Secrets that often share a leading string (the scanner's skip search jumps
  // to it), inputs that embed whole and cut-off secrets among noise and raw
  // bytes, and arbitrary chunkings (empty chunks included).
  const char = fc.constantFrom("a", "b", "k", "-", "é", "\n", "\u0000");
  const str = (min: number, max: number) => fc.array(char, { minLength: min, maxLength: max }).map((a) => a.join(""));
  const secrets = fc
    .tuple(str(0, 4), fc.array(fc.tuple(fc.boolean(), str(1, 8)), { minLength: 1, maxLength: 8 }))
    .map(([lead, tails]) => tails.map(([shared, tail]) => (shared ? lead + tail : tail)));
  const piece = (values: string[]) =>
    fc.oneof(
      fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b.map((x) => [0x61, 0x62, 0x6b, 0x2d, 0xc3, 0xa9, 0x00, 0xff][x % 8]!))),
      fc.tuple(fc.constantFrom(...values), fc.nat(12)).map(([v, cut]) => Buffer.from(v).subarray(0, cut === 0 ? undefined : cut)),
    );
  const scenario = secrets.chain((values) =>
    fc.tuple(
      fc.constant(values),
      fc.array(piece(values), { maxLength: 20 }).map((p) => Buffer.concat(p)),
      fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 8 }),
    ),
  );

  function split(bytes: Buffer, cuts: number[]): Buffer[] {
    const chunks: Buffer[] = [];
    let i = 0;
    for (let k = 0; k < 2 * bytes.length + 4 && i < bytes.length; k++) {
      const size = cuts[k % cuts.length]!;
      chunks.push(bytes.subarray(i, i + size));
      i += size;
    }
    if (i < bytes.length || chunks.length === 0) chunks.push(bytes.subarray(i)); // all-zero cuts
    return chunks;
  }

  /** Length of the longest suffix of `seen` that starts some pattern (the tail that may still grow into one). */
  function pendingTail(patterns: Buffer[], seen: Buffer): number {
    for (let len = Math.min(seen.length, Math.max(0, ...patterns.map((p) => p.length))); len > 0; len--) {
      const tail = seen.subarray(seen.length - len);
      if (patterns.some((p) => p.length >= len && p.subarray(0, len).equals(tail))) return len;
    }
    return 0;
  }

  it("gives the same output for every split of the input", () => {
    fc.assert(
      fc.property(scenario, ([values, bytes, cuts]) => {
        expect(maskChunks(values, split(bytes, cuts)).equals(referenceMask(values, bytes))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("writes every byte that cannot be part of a match without waiting for more input", () => {
    fc.assert(
      fc.property(scenario, ([values, bytes, cuts]) => {
        const patterns = maskPatterns(values).map((p) => Buffer.from(p));
        const masker = createMasker(values);
        const out: Buffer[] = [];
        let seen = 0;
        for (const chunk of split(bytes, cuts)) {
          out.push(masker.push(chunk));
          seen += chunk.length;
          const prefix = bytes.subarray(0, seen);
          // Released: everything before the pending tail, except a masked run that reaches into it.
          let cut = seen - pendingTail(patterns, prefix);
          for (const p of patterns) {
            for (let i = prefix.indexOf(p); i >= 0; i = prefix.indexOf(p, i + 1)) if (i < cut && i + p.length > cut) cut = Math.min(cut, i);
          }
          // Masked runs chain: re-check until no occurrence straddles the cut.
          for (let moved = true; moved; ) {
            moved = false;
            for (const p of patterns) {
              for (let i = prefix.indexOf(p); i >= 0; i = prefix.indexOf(p, i + 1)) {
                if (i < cut && i + p.length > cut) {
                  cut = i;
                  moved = true;
                }
              }
            }
          }
          expect(Buffer.concat(out).equals(referenceMask(values, prefix.subarray(0, cut)))).toBe(true);
        }
        out.push(masker.end());
        expect(Buffer.concat(out).equals(referenceMask(values, bytes))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("createMaskStream", () => {
  it("masks through a Transform, including the held tail at the end", async () => {
    const stream = createMaskStream(["topsecret"]);
    const out: Buffer[] = [];
    stream.on("data", (c: Buffer) => out.push(c));
    const done = new Promise((r) => stream.on("end", r));
    for (const piece of ["a top", "sec", "ret b top"]) stream.write(Buffer.from(piece));
    stream.end();
    await done;
    expect(Buffer.concat(out).toString()).toBe("a ***** b top");
  });
});

describe("maskerFactory", () => {
  it("gives maskers that share the values but not their state (stdout and stderr of one run)", () => {
    const newMasker = maskerFactory(["topsecret"]);
    const stdout = newMasker();
    const stderr = newMasker();
    // Half a value on each stream is not a value on either.
    const out = [stdout.push(Buffer.from("x top"))];
    const err = [stderr.push(Buffer.from("secret y"))];
    out.push(stdout.end());
    err.push(stderr.end());
    expect([Buffer.concat(out).toString(), Buffer.concat(err).toString()]).toEqual(["x top", "secret y"]);
    const both = [newMasker(), newMasker()].map((m) => Buffer.concat([m.push(Buffer.from("a topsec")), m.push(Buffer.from("ret b")), m.end()]).toString());
    expect(both).toEqual(["a ***** b", "a ***** b"]);
  });

  it("passes bytes through unchanged when no value is long enough", () => {
    const m = maskerFactory(["abc", ""])();
    expect(Buffer.concat([m.push(Buffer.from("abc abc")), m.end()]).toString()).toBe("abc abc");
  });
});

describe("maskForms: the encodings of a value a child prints", () => {
  it("a plain value is only itself; a short one is nothing", () => {
    expect(maskForms("hunter22")).toEqual(["hunter22"]);
    expect(maskForms("abc")).toEqual([]);
    // Trimmed, it is 3 characters: not a form of its own.
    expect(maskForms('a"\\\n')).toEqual(['a"\\\n', 'a\\"\\\\\\n']);
  });

  it("adds the JSON string escaping (JSON.stringify) and its ASCII-only form (Python's json.dumps)", () => {
    const value = 'pa"ss\\wörd😀';
    const forms = maskForms(value);
    expect(forms).toContain(JSON.stringify(value).slice(1, -1));
    expect(forms).toContain('pa\\"ss\\\\w\\u00f6rd\\ud83d\\ude00');
  });

  it(`adds each line of a multi-line value from ${MIN_MASKED_LINE_LENGTH} characters, without its blanks`, () => {
    const forms = maskForms("-----BEGIN KEY-----\r\n  MIIEvQIBADANBgkqhkiG9w0B  \nshort line\n}\n");
    expect(forms).toContain("-----BEGIN KEY-----");
    expect(forms).toContain("MIIEvQIBADANBgkqhkiG9w0B");
    expect(forms).not.toContain("short line");
    expect(forms).not.toContain("}");
  });

  it("adds the value without its surrounding blanks (a value read from a file ends in a newline)", () => {
    expect(maskForms("tok-123\n")).toContain("tok-123");
    expect(maskForms("ab \n")).not.toContain("ab");
  });
});

describe("the masker on encoded values", () => {
  it("masks a value printed JSON-escaped, as a child prints HUSH_STACK_CONFIG", () => {
    const value = 'q"uo\\te';
    const printed = JSON.stringify({ password: value }, null, 2);
    expect(maskText([value], printed)).toBe('{\n  "password": "*****"\n}');
    expect(maskText([value], printed, 1)).toBe('{\n  "password": "*****"\n}');
  });

  it("masks each line of a PEM key printed one line at a time, and the whole key printed whole", () => {
    const body = ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", "VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDu", "Bg=="];
    const pem = ["-----BEGIN PRIVATE KEY-----", ...body, "-----END PRIVATE KEY-----", ""].join("\n");
    const printed = ["-----BEGIN PRIVATE KEY-----", ...body, "-----END PRIVATE KEY-----"].map((l) => `log: ${l}`).join("\n");
    expect(maskText([pem], printed, 7)).toBe(["*****", "*****", "*****", "Bg==", "*****"].map((l) => `log: ${l}`).join("\n"));
    expect(maskText([pem], `x ${pem}y`)).toBe("x *****y");
  });
});
