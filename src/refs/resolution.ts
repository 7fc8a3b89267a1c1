/**
 * Which secret a name means for a user: the user's own scope first, then the
 * shared scope (ZenML's rule). Built once from the store's listing, so
 * thousands of references cost thousands of map look-ups, not file reads.
 */
import type { SecretInfo } from "../store/types.js";

export class SecretIndex {
  private readonly shared = new Map<string, SecretInfo>();
  private readonly own = new Map<string, Map<string, SecretInfo>>();

  constructor(secrets: Iterable<SecretInfo>) {
    for (const info of secrets) {
      if (info.scope === "shared") this.shared.set(info.name, info);
      else if (info.user !== undefined) {
        let mine = this.own.get(info.user);
        if (!mine) this.own.set(info.user, (mine = new Map()));
        mine.set(info.name, info);
      }
    }
  }

  /** The secret `name` as `user` sees it; with no user, the shared scope only. */
  resolve(name: string, user: string | undefined): SecretInfo | undefined {
    return (user === undefined ? undefined : this.own.get(user)?.get(name)) ?? this.shared.get(name);
  }

  /** Every name `user` can see (for "did you mean"). */
  visibleNames(user: string | undefined): string[] {
    const names = new Set(this.shared.keys());
    if (user !== undefined) for (const name of this.own.get(user)?.keys() ?? []) names.add(name);
    return [...names];
  }

  /** Users other than `user` who own a secret called `name` (to explain a miss). */
  ownersOf(name: string): string[] {
    return [...this.own.entries()].filter(([, mine]) => mine.has(name)).map(([user]) => user);
  }
}
