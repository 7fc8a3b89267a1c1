// A temp git repository laid out as hush expects, with sops-shaped secret
// files (no real ciphertext: enough for every rule below DECRYPTABLE).
import { ALICE, BOB, CI } from "../../helpers/keys.js";
import { gitRepo } from "../../helpers/git.js";
import { sopsText } from "./sops-text.js";

export const HUSH_YAML = `version: 1
secrets_dir: secrets
stacks_dir: stacks
default_scope: user
default_stack: prod
users:
  alice: { recipients: [${ALICE.recipient}], email: test@example.com }
  bob: { recipients: [${BOB.recipient}] }
  ci: { recipients: [${CI.recipient}] }
shared:
  readers: ["*"]
`;

export const ALL = [ALICE.recipient, BOB.recipient, CI.recipient];

export const PROD = `components:
  tracker:
    flavor: mlflow
    username: "{{mlflow.username}}"
    password: "{{mlflow.password}}"
env:
  TOKEN: "{{token.value}}"
`;

export function hushRepo(extra: Record<string, string> = {}): string {
  return gitRepo({
    ".hush.yaml": HUSH_YAML,
    "secrets/shared/mlflow.yaml": sopsText(["username", "password"], { recipients: ALL }),
    "secrets/users/alice/token.yaml": sopsText(["value"], { recipients: [ALICE.recipient] }),
    "stacks/prod.yaml": PROD,
    ...extra,
  });
}
