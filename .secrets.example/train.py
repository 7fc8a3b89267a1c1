#!/usr/bin/env python3
"""A training-style script for the hush demo (python3, standard library only).

Run it through hush so it gets its secrets (and its output is masked):

    hush run --with-secrets --env-file .env.hush -- python3 train.py

It prints what it received. Every secret value shows as ***** because hush
masks the child's output; the script itself sees the real values.
"""
import json
import os
import sys


def get_secret(name):
    """The secret `name` as the enclosing `hush run` passed it (no age key needed).

    hush writes what the run decrypted to a private 0600 JSON file, named by
    HUSH_RUN_SECRETS_FILE, and removes it when the run ends:
    {"<name>": {"scope": "user"|"shared", "values": {"<key>": "<value>"}}}.
    """
    path = os.environ.get("HUSH_RUN_SECRETS_FILE")
    if not path:
        sys.exit("not inside `hush run`: start me with hush run --with-secrets -- python3 train.py")
    with open(path, encoding="utf-8") as f:
        return json.load(f)[name]


def stack_config():
    """The stack's components, references resolved (a 0600 file hush removes after the run)."""
    with open(os.environ["HUSH_STACK_CONFIG"], encoding="utf-8") as f:
        return json.load(f)


def main():
    print("== environment from hush ==")
    for var in ("MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_TOKEN", "DATABASE_URL", "WANDB_API_KEY", "HF_TOKEN", "TRAINING_SEED"):
        print(f"{var:22} = {os.environ.get(var, '(not set)')}")

    config = stack_config()
    tracker = config["components"]["tracker"]
    print(f"\n== stack '{config['stack']}' from HUSH_STACK_CONFIG ==")
    print(f"tracker: {tracker['flavor']} at {tracker['tracking_uri']}, token {tracker['tracking_token']}")

    postgres = get_secret("postgres")
    print(f"\n== get_secret('postgres') ({postgres['scope']} scope) ==")
    print(f"user={postgres['values']['user']} password={postgres['values']['password']}")
    # The script has the real value: prove it without printing it.
    print(f"password length: {len(postgres['values']['password'])} characters")

    print("\n== training ==")
    for step in range(1, 4):
        print(f"step {step} loss={1 / step:.3f}", flush=True)
    print("done")


if __name__ == "__main__":
    main()
