import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeRunFiles } from "../../../src/run/run-files.js";
import { tempDir } from "../../helpers/tmp.js";

const db = { name: "db", scope: "shared" as const, values: { password: "pg-Pa55word" } };
/** A private dir under the test's temp dir, as privateTempDir makes one. */
const makeDir = () => mkdtempSync(join(tempDir(), "hush-run-"));

describe("writeRunFiles", () => {
  it("writes stack.json and secrets.json, 0600, side by side in a 0700 dir, and names them by variable", () => {
    const files = writeRunFiles({ stack: { stack: "default", components: { a: 1 } }, secrets: [db] }, makeDir);
    const { HUSH_STACK_CONFIG: stack, HUSH_RUN_SECRETS_FILE: secrets } = files.variables;
    expect(Object.keys(files.variables).sort()).toEqual(["HUSH_RUN_SECRETS_FILE", "HUSH_STACK_CONFIG"]);
    expect(dirname(stack!)).toBe(files.dir);
    expect(dirname(secrets!)).toBe(files.dir);
    expect(JSON.parse(readFileSync(secrets!, "utf8"))).toEqual({ db: { scope: "shared", values: { password: "pg-Pa55word" } } });
    expect(statSync(stack!).mode & 0o777).toBe(0o600);
    expect(statSync(secrets!).mode & 0o777).toBe(0o600);
    expect(statSync(files.dir!).mode & 0o777).toBe(0o700);
    files.remove();
  });

  it("makes no dir and sets no variable when there is nothing to hand over", () => {
    let made = 0;
    const files = writeRunFiles({ secrets: [] }, () => {
      made++;
      return makeDir();
    });
    expect(made).toBe(0);
    expect(files.dir).toBeUndefined();
    expect(files.variables).toEqual({});
  });

  it("writes only secrets.json without a stack, only stack.json without secrets", () => {
    const secretsOnly = writeRunFiles({ secrets: [db] }, makeDir);
    expect(Object.keys(secretsOnly.variables)).toEqual(["HUSH_RUN_SECRETS_FILE"]);
    secretsOnly.remove();
    const stackOnly = writeRunFiles({ stack: { stack: "s", components: {} }, secrets: [] }, makeDir);
    expect(Object.keys(stackOnly.variables)).toEqual(["HUSH_STACK_CONFIG"]);
    stackOnly.remove();
  });

  it("removes the dir, also when the child left files beside them; removing twice is harmless", () => {
    const files = writeRunFiles({ stack: { stack: "s", components: {} }, secrets: [db] }, makeDir);
    writeFileSync(join(files.dir!, "left-by-child.txt"), "x");
    files.remove();
    files.remove();
    expect(existsSync(files.dir!)).toBe(false);
  });

  it("does not keep an exit handler after removal", () => {
    const before = process.listenerCount("exit");
    const files = writeRunFiles({ secrets: [db] }, makeDir);
    expect(process.listenerCount("exit")).toBe(before + 1);
    files.remove();
    expect(process.listenerCount("exit")).toBe(before);
  });
});
