/**
 * Variables that change how programs load, start or whom they trust: a name
 * that `--with-secrets` derives from a secret and its keys (`NAME_KEY`) must
 * never set one of them. Anyone can encrypt a secret to a user's public key
 * and commit it, so the key names (and, for what a committer adds, the
 * secret names) are not the user's: secret `node` with key `options` would
 * otherwise be NODE_OPTIONS=--require ./evil.js in the user's child.
 *
 * A denylist, so never complete; it is built from what the system's own
 * guards remove, not guessed:
 * - glibc's secure-exec list (sysdeps/generic/unsecvars.h, UNSECURE_ENVVARS),
 *   which the loader strips for setuid programs;
 * - sudo's default env_delete table (plugins/sudoers/env.c, initial_badenv_table);
 * - the startup variables that interpreters document and that their own
 *   "ignore the environment" switches drop (python -E, perl -T, ruby's RUBYOPT rules),
 *   and the runtimes' option variables (Java, Node, .NET, Go);
 * - variables naming a program, a config file that can name a program, or
 *   the certificates and proxies a program trusts.
 * Every name a derived export can take is upper case [A-Z0-9_], so only
 * those forms are listed.
 */

/** Why a group of variables is refused, for the one-line error. */
type Reason = string;

const LOADER: Reason = "changes which libraries programs load";
const LIBC: Reason = "changes how the C library behaves in every program";
const SHELL: Reason = "runs code in or changes every shell";
const INTERPRETER: Reason = "changes how an interpreter or runtime starts";
const PROGRAM: Reason = "chooses a program that others run";
const CONFIG: Reason = "points programs at configuration that can name commands to run";
const TRUST: Reason = "changes which servers and certificates programs trust";
const KEYS: Reason = "is read by hush or sops themselves (keys, recipients, settings)";

/** Exact names. */
const NAMES: ReadonlyMap<string, Reason> = new Map<string, Reason>([
  // glibc UNSECURE_ENVVARS (besides the LD_ prefix below).
  ["GCONV_PATH", LOADER], // iconv loads gconv modules (shared objects) from here
  ["GETCONF_DIR", LIBC],
  ["GLIBC_TUNABLES", LIBC], // CVE-2023-4911
  ["HOSTALIASES", LIBC],
  ["LOCALDOMAIN", LIBC],
  ["LOCPATH", LIBC],
  ["MALLOC_TRACE", LIBC], // writes a file of the variable's choosing
  ["NIS_PATH", LIBC],
  ["NLSPATH", LIBC],
  ["RESOLV_HOST_CONF", LIBC],
  ["RES_OPTIONS", LIBC],
  ["TMPDIR", LIBC],
  ["TZDIR", LIBC],
  // sudo's initial_badenv_table.
  ["IFS", SHELL], // re-splits every unquoted expansion
  ["CDPATH", SHELL],
  ["PATH_LOCALE", LIBC], // the BSD libc's NLSPATH
  ["ENV", SHELL], // sh/dash/ksh source this file (interactive, and POSIX-mode bash)
  ["PS4", SHELL], // expanded (with command substitution) on every `set -x` line
  ["GLOBIGNORE", SHELL],
  ["SHELLOPTS", SHELL],
  ["FPATH", SHELL], // ksh/zsh autoload functions from here
  ["NULLCMD", SHELL],
  ["READNULLCMD", SHELL],
  ["ZDOTDIR", SHELL], // zsh reads its startup files from here
  ["TMPPREFIX", SHELL],
  ["PROMPT_COMMAND", SHELL], // bash runs it before every prompt
  ["TERMINFO", LIBC],
  ["TERMINFO_DIRS", LIBC],
  ["TERMPATH", LIBC],
  ["TERMCAP", LIBC],
  ["KRB5_CONFIG", CONFIG],
  ["KRB5_KTNAME", CONFIG],
  ["JAVA_TOOL_OPTIONS", INTERPRETER], // every JVM prepends these options (-javaagent: runs code)
  // Runtimes' option and module-path variables.
  ["_JAVA_OPTIONS", INTERPRETER],
  ["JDK_JAVA_OPTIONS", INTERPRETER],
  ["CLASSPATH", INTERPRETER],
  ["JAVA_HOME", PROGRAM], // which JVM launcher scripts (gradle, mvn) start
  ["NODE_OPTIONS", INTERPRETER], // --require / --import run a module before the program
  ["NODE_PATH", INTERPRETER],
  ["NODE_REPL_EXTERNAL_MODULE", INTERPRETER],
  ["NODE_ICU_DATA", INTERPRETER],
  ["NODE_EXTRA_CA_CERTS", TRUST],
  ["NODE_TLS_REJECT_UNAUTHORIZED", TRUST], // 0 turns off certificate checks
  ["DOTNET_STARTUP_HOOKS", INTERPRETER], // loads an assembly into every .NET program
  ["GOFLAGS", INTERPRETER], // -toolexec runs a program for every tool
  ["GOTOOLCHAIN", INTERPRETER], // downloads and runs another Go toolchain
  ["GOENV", CONFIG],
  ["GOROOT", PROGRAM],
  ["GOPATH", INTERPRETER],
  ["GOPROXY", TRUST],
  ["GONOPROXY", TRUST],
  ["GOPRIVATE", TRUST],
  ["GOSUMDB", TRUST],
  ["GONOSUMDB", TRUST],
  ["GONOSUMCHECK", TRUST],
  ["GOINSECURE", TRUST],
  ["TCLLIBPATH", INTERPRETER],
  ["PHPRC", INTERPRETER],
  ["PHP_INI_SCAN_DIR", INTERPRETER],
  ["JULIA_LOAD_PATH", INTERPRETER],
  ["JULIA_DEPOT_PATH", INTERPRETER],
  ["R_PROFILE", INTERPRETER],
  ["R_PROFILE_USER", INTERPRETER],
  ["R_ENVIRON", INTERPRETER],
  ["R_ENVIRON_USER", INTERPRETER],
  ["R_LIBS", INTERPRETER],
  ["R_LIBS_USER", INTERPRETER],
  ["R_HOME", INTERPRETER],
  // Which program a name or a role runs.
  ["PATH", PROGRAM],
  ["SHELL", PROGRAM],
  ["EDITOR", PROGRAM],
  ["VISUAL", PROGRAM],
  ["PAGER", PROGRAM],
  ["MANPAGER", PROGRAM],
  ["BROWSER", PROGRAM],
  ["SSH_ASKPASS", PROGRAM],
  ["SUDO_ASKPASS", PROGRAM],
  // Where programs read configuration that can name commands (git's core.fsmonitor, kubeconfig exec plugins, AWS credential_process).
  ["HOME", CONFIG],
  ["XDG_CONFIG_HOME", CONFIG],
  ["XDG_CONFIG_DIRS", CONFIG],
  ["XDG_DATA_HOME", CONFIG],
  ["XDG_DATA_DIRS", CONFIG],
  ["KUBECONFIG", CONFIG],
  ["AWS_CONFIG_FILE", CONFIG],
  ["AWS_SHARED_CREDENTIALS_FILE", CONFIG],
  ["DOCKER_CONFIG", CONFIG],
  ["DOCKER_HOST", TRUST], // every docker command, with its secrets, goes to that daemon
  ["OPENSSL_CONF", CONFIG], // can load an engine (a shared object)
  ["OPENSSL_ENGINES", LOADER],
  ["OPENSSL_MODULES", LOADER],
  ["SSL_CERT_FILE", TRUST],
  ["SSL_CERT_DIR", TRUST],
  ["REQUESTS_CA_BUNDLE", TRUST],
  ["CURL_CA_BUNDLE", TRUST],
  ["AWS_CA_BUNDLE", TRUST],
  ["HTTP_PROXY", TRUST], // plain-HTTP requests, headers and tokens included, go through it
  ["HTTPS_PROXY", TRUST],
  ["ALL_PROXY", TRUST],
]);

/** Prefixes: whole families of variables read by one program. */
const PREFIXES: ReadonlyArray<readonly [string, Reason]> = [
  ["LD_", LOADER], // glibc/musl loader: LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT... (sudo deletes LD_*)
  ["DYLD_", LOADER], // macOS dyld: DYLD_INSERT_LIBRARIES... (sudo deletes DYLD_*)
  ["_RLD", LOADER], // IRIX/Tru64 loaders (sudo deletes _RLD*)
  ["LDR_", LOADER], // AIX (sudo)
  ["BASH", SHELL], // BASH_ENV (sourced by every non-interactive bash), BASHOPTS, BASH_LOADABLES_PATH, BASH_FUNC_*...
  ["PYTHON", INTERPRETER], // PYTHONSTARTUP, PYTHONPATH, PYTHONHOME, PYTHONWARNINGS (imports a module)...: all that `python -E` ignores
  ["PERL", INTERPRETER], // PERL5OPT, PERL5LIB, PERLLIB, PERL5DB, PERLIO_DEBUG (sudo)
  ["RUBY", INTERPRETER], // RUBYOPT, RUBYLIB (sudo), RUBYSHELL
  ["LUA_", INTERPRETER], // LUA_INIT runs code; LUA_PATH, LUA_CPATH
  ["CORECLR_", INTERPRETER], // .NET profilers: CORECLR_PROFILER_PATH loads a library
  ["COR_", INTERPRETER],
  ["GIT_", PROGRAM], // GIT_SSH_COMMAND, GIT_EXEC_PATH, GIT_ASKPASS, GIT_CONFIG_* (core.fsmonitor runs a command)...
  ["PIP_", TRUST], // PIP_INDEX_URL: packages, and their setup code, from another index
  ["NPM_CONFIG_", CONFIG], // npm config (script-shell, registry, userconfig...)
  ["CGO_", INTERPRETER], // compiler and linker flags
  ["SOPS_", KEYS], // SOPS_AGE_KEY_CMD runs a command; SOPS_AGE_RECIPIENTS encrypts to someone else
  ["HUSH_", KEYS], // HUSH_STACK_CONFIG, HUSH_RUN_SECRETS, HUSH_USER...: hush's own
];

/**
 * Why `variable` must not be set from a name derived from a secret, or
 * undefined when it may be.
 */
export function startupVariableReason(variable: string): string | undefined {
  const exact = NAMES.get(variable);
  if (exact) return exact;
  for (const [prefix, reason] of PREFIXES) if (variable.startsWith(prefix)) return reason;
  return undefined;
}
