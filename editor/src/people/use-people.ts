// Names for the ids that versions, simulations and audit entries keep. Every screen asks for the
// ids it shows; names found once are kept for the rest of the visit, so moving between screens
// asks again only for ids not seen yet.
import { useEffect, useState } from 'react';
import { callApi } from '../api/api-client';
import type { Person } from '../../../server/auth/find-people';

/** null: asked, and the id is nobody's (a deleted record, or an id from another system). */
const known = new Map<string, Person | null>();
/** Ids whose lookup failed: shown as they are, rather than waiting for a name forever. */
const unanswered = new Set<string>();
const LOOKUP_ID = /^(usr|key)_[0-9a-f]{24}$/;
/** The server's limit per request. */
const BATCH = 200;

/** A name for each id: a user's display name, an API key's name, the platform for `system`. */
export type NameOf = (id: string) => string;

export function usePeople(ids: readonly string[]): NameOf {
  const [, setFound] = useState(0);
  const missing = [...new Set(ids.filter((id) => awaited(id) && !unanswered.has(id)))].sort();
  const wanted = missing.join(',');

  useEffect(() => {
    if (wanted === '') return;
    let live = true;
    const batches = chunks(wanted.split(','), BATCH);
    void Promise.all(
      batches.map((batch) =>
        callApi<{ people: Person[] }>('GET', `/api/v1/people?ids=${batch.join(',')}`).then(
          ({ people }) => {
            for (const id of batch) known.set(id, null);
            for (const person of people) known.set(person.id, person);
          },
        ),
      ),
    ).then(
      () => live && setFound((count) => count + 1),
      // A name is a courtesy on top of the id: when the lookup fails the screen shows the ids,
      // which are what the records hold.
      () => {
        for (const id of wanted.split(',')) if (!known.has(id)) unanswered.add(id);
        if (live) setFound((count) => count + 1);
      },
    );
    return () => {
      live = false;
    };
  }, [wanted]);

  return nameOf;
}

export function nameOf(id: string): string {
  if (id === 'system') return 'Ledgerline (system)';
  // A moment while the name is on its way, rather than an id that then turns into a name.
  if (awaited(id) && !unanswered.has(id)) return '…';
  const person = known.get(id);
  if (!person) return id;
  return person.kind === 'user' ? person.displayName : `API key “${person.name}”`;
}

function awaited(id: string): boolean {
  return LOOKUP_ID.test(id) && !known.has(id);
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

/** The user name behind a user id, once looked up; undefined before. */
export function usernameOf(id: string): string | undefined {
  const person = known.get(id);
  return person?.kind === 'user' ? person.username : undefined;
}
