/**
 * The sops flags that several of sops's commands share and hush reads the same
 * way: `--decryption-order` (decrypt, edit, set, unset, rotate, exec-env,
 * exec-file) and the output layout, `--indent` and `--config` (the
 * `.sops.yaml` whose `stores:` section applies). Declarations and flag
 * parsing only; the files layer does the rest.
 */
import type { Command } from "commander";
import { HushError } from "../../errors.js";

/** `--decryption-order` (else SOPS_DECRYPTION_ORDER). */
export interface OrderFlags {
  decryptionOrder?: string;
}
/** `--indent` and `--config`: the layout of what a command writes. */
export interface LayoutFlags {
  indent?: string;
  config?: string;
}

/** What `--decryption-order` means to hush, in every command's help. */
export const DECRYPTION_ORDER_HELP =
  "comma-separated key types to try in order (also SOPS_DECRYPTION_ORDER; default age,pgp). hush opens age keys only: age entries are always tried and other key types are skipped, so the order is checked as sops checks it (a type named twice is exit 112) and changes nothing else";

export function decryptionOrderOption(cmd: Command): Command {
  return cmd.option("--decryption-order <types>", DECRYPTION_ORDER_HELP);
}

export function indentOption(cmd: Command): Command {
  return cmd.option("--indent <n>", "spaces per level of YAML and JSON output (JSON: -1 is a TAB), over .sops.yaml's stores section");
}

/** `--indent` and `--config` (the .sops.yaml whose stores section lays out the output). */
export function layoutOptions(cmd: Command): Command {
  return indentOption(cmd).option("--config <file>", "use this .sops.yaml's stores section (also SOPS_CONFIG)");
}

export function orderSetting(flags: OrderFlags): { decryptionOrder?: string } {
  return flags.decryptionOrder !== undefined ? { decryptionOrder: flags.decryptionOrder } : {};
}

/** `--indent` as sops's integer flag takes it. @throws HushError USAGE */
export function indentFlag(flags: LayoutFlags): { indent?: number } {
  if (flags.indent === undefined) return {};
  if (!/^[+-]?\d+$/.test(flags.indent.trim()))
    throw new HushError("USAGE", `--indent ${JSON.stringify(flags.indent)} is not an integer`, { hint: "e.g. --indent 2" });
  return { indent: Number.parseInt(flags.indent, 10) };
}

export function layoutSettings(flags: LayoutFlags): { indent?: number; configFile?: string } {
  return { ...indentFlag(flags), ...(flags.config !== undefined ? { configFile: flags.config } : {}) };
}
