"""Secrets inside `hush run`, for Python jobs: the standard library only.

    from hush_secrets import get_secret, stack_config

    password = get_secret("postgres", "password")      # one value (str)
    postgres = get_secret("postgres")                  # every key the run read (dict)
    tracker = stack_config()["components"]["tracker"]  # the stack, references filled in

`hush run` hands the job two private files (0600, in a 0700 directory, in
memory where the system has it) and only their paths in the environment:
HUSH_RUN_SECRETS_FILE (the secrets the run decrypted) and HUSH_STACK_CONFIG
(the stack's components). No age key and no .hush.yaml are needed. Processes
the job starts inherit the paths, so this works in them too while the run lasts.

The same checks as hush's own Node `getSecret`: the file must be a regular
file, owned by you and readable by no one else, else it is not trusted.
Copy this file next to your training script, or import it from the installed
package (node_modules/hush-secrets/python).
"""
import json
import os
import stat

__all__ = ["HushSecretError", "get_secret", "stack_config", "in_run"]

SECRETS_VARIABLE = "HUSH_RUN_SECRETS_FILE"
STACK_VARIABLE = "HUSH_STACK_CONFIG"


class HushSecretError(LookupError):
    """A secret, a key or the run's files cannot be found (the message says which, never a value)."""


def in_run():
    """True inside `hush run` (the run's secrets file is named in the environment)."""
    return bool(os.environ.get(SECRETS_VARIABLE))


def _private_json(variable, what):
    path = os.environ.get(variable)
    if not path:
        raise HushSecretError(f"{variable} is not set: start this job with `hush run --with-secrets -- ...` to get {what}")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise HushSecretError(f"cannot open {path} ({variable}): {error.strerror}; it exists only while the run lasts") from None
    with os.fdopen(fd, "r", encoding="utf-8") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise HushSecretError(f"{path} ({variable}) is not a regular file; not trusted")
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            raise HushSecretError(f"{path} ({variable}) is not a private file of yours (owner or mode); not trusted")
        try:
            return json.load(f)
        except ValueError:
            raise HushSecretError(f"{path} ({variable}) is not hush's JSON; not trusted") from None


def get_secret(name, key=None):
    """The secret `name` as the run read it: a dict of its keys, or with `key`, that one value (str).

    Raises HushSecretError naming what is missing (never a value)."""
    secrets = _private_json(SECRETS_VARIABLE, "its secrets")
    entry = secrets.get(name)
    if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
        known = ", ".join(sorted(secrets)) or "none"
        raise HushSecretError(f'secret "{name}" is not in this run (it has: {known}); name it in --with-secrets or reference it from the stack')
    values = entry["values"]
    if key is None:
        return dict(values)
    if key not in values:
        raise HushSecretError(f'secret "{name}" has no key "{key}" in this run (keys: {", ".join(sorted(values)) or "none"})')
    return values[key]


def stack_config():
    """The run's stack: {"stack": NAME, "components": {...}}, every reference filled in."""
    return _private_json(STACK_VARIABLE, "its stack config")
