/** A `.hush.yaml` as loaded, for unit tests that need no file: alice, bob and ci, shared with everyone, no escrow. */
import type { HushConfig } from "../../src/config/hush-config.js";
import { ALICE, BOB, CI } from "./keys.js";

export function testConfig(over: Partial<HushConfig> = {}): HushConfig {
  return {
    root: "/r",
    file: "/r/.hush.yaml",
    version: 1,
    secretsDir: "secrets",
    stacksDir: "stacks",
    defaultScope: "user",
    defaultStack: "default",
    users: { alice: { recipients: [ALICE.recipient] }, bob: { recipients: [BOB.recipient] }, ci: { recipients: [CI.recipient] } },
    sharedReaders: ["*"],
    escrow: [],
    ...over,
  };
}
