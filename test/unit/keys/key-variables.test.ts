import { describe, expect, it } from "vitest";
import { KEY_VARIABLES, withoutKeyVariables } from "../../../src/keys/key-variables.js";

describe("withoutKeyVariables", () => {
  it("drops every variable that holds, names or produces a private key, keeps the rest and the public recipients", () => {
    const env: NodeJS.ProcessEnv = { PATH: "/bin", SOPS_AGE_RECIPIENTS: "age1x", ...Object.fromEntries(KEY_VARIABLES.map((k) => [k, "v"])) };
    expect(withoutKeyVariables(env)).toEqual({ PATH: "/bin", SOPS_AGE_RECIPIENTS: "age1x" });
    expect(KEY_VARIABLES).toEqual(["SOPS_AGE_KEY", "SOPS_AGE_KEY_FILE", "SOPS_AGE_KEY_CMD", "SOPS_AGE_SSH_PRIVATE_KEY_FILE", "SOPS_AGE_SSH_PRIVATE_KEY_CMD"]);
    expect(env.SOPS_AGE_KEY).toBe("v"); // a copy
  });
});
