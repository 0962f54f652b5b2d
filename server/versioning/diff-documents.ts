// What changed between two versions of a policy, as a list a reviewer reads top to bottom: each
// entry names the JSON path and the value before and after. Rules are matched by name, not by
// position, so moving a rule or inserting one above another does not show every later rule as
// changed; within a rule, arrays (tiers, conditions) are compared position by position.

export type DocumentChange =
  | { kind: 'added'; path: string; after: unknown }
  | { kind: 'removed'; path: string; before: unknown }
  | { kind: 'changed'; path: string; before: unknown; after: unknown }
  | { kind: 'moved'; path: string; from: number; to: number };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function child(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Arrays whose items all have a distinct string `name` are compared by name. */
function namedItems(value: Json[]): Map<string, { item: Json; index: number }> | undefined {
  const byName = new Map<string, { item: Json; index: number }>();
  for (const [index, item] of value.entries()) {
    if (!isObject(item) || typeof item.name !== 'string' || byName.has(item.name)) return undefined;
    byName.set(item.name, { item, index });
  }
  return byName;
}

function diffArrays(before: Json[], after: Json[], path: string, changes: DocumentChange[]): void {
  const named = [namedItems(before), namedItems(after)] as const;
  if (named[0] && named[1]) {
    const [old, current] = named;
    for (const [name, { item, index }] of old) {
      const path_ = `${path}[${JSON.stringify(name)}]`;
      const now = current.get(name);
      if (now === undefined) changes.push({ kind: 'removed', path: path_, before: item });
      else {
        if (now.index !== index)
          changes.push({ kind: 'moved', path: path_, from: index, to: now.index });
        diffValues(item, now.item, path_, changes);
      }
    }
    for (const [name, { item }] of current) {
      if (!old.has(name))
        changes.push({ kind: 'added', path: `${path}[${JSON.stringify(name)}]`, after: item });
    }
    return;
  }
  const length = Math.max(before.length, after.length);
  for (let index = 0; index < length; index++) {
    const path_ = `${path}[${index}]`;
    if (index >= after.length)
      changes.push({ kind: 'removed', path: path_, before: before[index] });
    else if (index >= before.length)
      changes.push({ kind: 'added', path: path_, after: after[index] });
    else diffValues(before[index]!, after[index]!, path_, changes);
  }
}

function diffValues(before: Json, after: Json, path: string, changes: DocumentChange[]): void {
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) {
      if (!(key in after))
        changes.push({ kind: 'removed', path: child(path, key), before: before[key] });
      else diffValues(before[key]!, after[key]!, child(path, key), changes);
    }
    for (const key of Object.keys(after)) {
      if (!(key in before))
        changes.push({ kind: 'added', path: child(path, key), after: after[key] });
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    diffArrays(before, after, path, changes);
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    changes.push({ kind: 'changed', path, before, after });
  }
}

export function diffDocuments(before: unknown, after: unknown): DocumentChange[] {
  const changes: DocumentChange[] = [];
  diffValues(before as Json, after as Json, '$', changes);
  return changes;
}
