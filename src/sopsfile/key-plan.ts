/**
 * What `updatekeys` changes in a file's key groups (spec §7): pure, no keys.
 * With the same shape (group count and threshold) each group gains and loses
 * entries on its own and every share stays; a new shape needs new shares, so
 * every entry is re-wrapped.
 */
import type { Metadata } from "../sops/metadata.js";

export interface KeyPlan {
  /** Recipients in no group of the file now (across groups). */
  added: string[];
  /** Recipients in no wanted group. */
  removed: string[];
  /** Per wanted group, when the shape stays: its new recipients (to wrap that group's share for). */
  addedByGroup: string[][];
  /** Per current group, when the shape stays: the recipients it loses. */
  removedByGroup: string[][];
  /** The number of groups or the threshold changes: new shares for everyone. */
  regroup: boolean;
  changed: boolean;
}

/** @param groups the wanted recipients per key group (one group: a plain recipient list) */
export function planKeyUpdate(metadata: Metadata, groups: readonly (readonly string[])[], threshold?: number): KeyPlan {
  const wanted = groups.map((g) => [...new Set(g.map((r) => r.trim()).filter(Boolean))]);
  const current = metadata.keyGroups.map((g) => [...new Set(g.age.map((e) => e.recipient))]);
  const all = (list: string[][]) => new Set(list.flat());
  const wantedAll = all(wanted);
  const currentAll = all(current);
  const added = [...wantedAll].filter((r) => !currentAll.has(r));
  const removed = [...currentAll].filter((r) => !wantedAll.has(r));
  const thresholdOf = (count: number, t: number | undefined) => (count > 1 ? (t ?? count) : 1);
  const regroup =
    Math.max(current.length, 1) !== wanted.length || thresholdOf(wanted.length, threshold) !== thresholdOf(current.length, metadata.shamirThreshold);
  if (regroup) return { added, removed, addedByGroup: [], removedByGroup: [], regroup, changed: true };
  const addedByGroup = wanted.map((g, i) => g.filter((r) => !(current[i] ?? []).includes(r)));
  const removedByGroup = current.map((g, i) => g.filter((r) => !(wanted[i] ?? []).includes(r)));
  const changed = addedByGroup.some((g) => g.length > 0) || removedByGroup.some((g) => g.length > 0);
  return { added, removed, addedByGroup, removedByGroup, regroup, changed };
}
