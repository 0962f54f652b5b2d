// Verification names what was done to the log directly in the database: an entry edited,
// deleted, or moved to another place; and a chain re-linked after an edit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ChainPoint } from '../../../server/audit/audit-entry';
import { verifyChain, type ChainProblem } from '../../../server/audit/verify-chain';
import { startChainWalk } from '../../../server/audit/walk-chain';
import {
  aChain,
  edit,
  editAndRehash,
  headOf,
  inSequenceOrder,
  remove,
  swapSequences,
} from './builders';

const chain = aChain(5);
const head = headOf(chain);
const entry = (sequence: number) => chain[sequence - 1] as AuditEntry;

type Found = [sequence: number, kind: ChainProblem['kind']];

function problemsOf(
  entries: AuditEntry[],
  bounds: { checkpoint?: ChainPoint; head?: ChainPoint } = { head },
): Found[] {
  const verification = verifyChain(entries, bounds);
  return verification.ok
    ? []
    : verification.problems.map((problem) => [problem.sequence, problem.kind]);
}

describe('verifyChain on an intact log', () => {
  it('counts the entries', () => {
    expect(verifyChain(chain, { head })).toEqual({ ok: true, entries: 5 });
  });

  it('accepts an empty log', () => {
    expect(verifyChain([])).toEqual({ ok: true, entries: 0 });
  });

  it('accepts a head that lags one entry behind (an append stopped before moving it)', () => {
    expect(verifyChain(chain, { head: headOf(chain.slice(0, 4)) })).toEqual({
      ok: true,
      entries: 5,
    });
  });

  it('continues from a retention checkpoint', () => {
    const purged = aChain(15);
    const checkpoint = headOf(purged.slice(0, 10));
    expect(verifyChain(purged.slice(10), { checkpoint, head: headOf(purged) })).toEqual({
      ok: true,
      entries: 5,
    });
  });

  it('skips entries a stopped purge left behind the checkpoint', () => {
    const purged = aChain(15);
    expect(verifyChain(purged.slice(7), { checkpoint: headOf(purged.slice(0, 10)) })).toEqual({
      ok: true,
      entries: 5,
    });
  });
});

describe('verifyChain on a tampered log', () => {
  // prettier-ignore
  it.each<[string, AuditEntry[], Found[]]>([
    // an entry edited in place: its content no longer matches its hash
    ['the reason of entry 3 changed', edit(chain, 3, { reason: 'nothing to see' }), [[3, 'edited']]],
    ['the actor of entry 1 changed', edit(chain, 1, { actor: { type: 'user', id: 'u-someone-else' } }), [[1, 'edited']]],
    ['the time of entry 5 changed', edit(chain, 5, { at: '2026-01-01T00:00:00.000Z' }), [[5, 'edited']]],
    ['a content hash of entry 2 changed', edit(chain, 2, { contentHashes: { version: 'cd'.repeat(32) } }), [[2, 'edited']]],
    ['the previous hash of entry 4 changed', edit(chain, 4, { previousHash: '1'.repeat(64) }), [[4, 'edited']]],
    ['the hash of entry 2 replaced', edit(chain, 2, { hash: 'f'.repeat(64) }), [[2, 'edited']]],
    ['the actor of entry 3 removed', edit(chain, 3, { actor: null as never }), [[3, 'edited']]],
    // an entry edited and its hash recomputed: its successor no longer links to it
    ['entry 3 edited and rehashed', editAndRehash(chain, 3, { reason: 'nothing to see' }), [[4, 'broken_link']]],
    // the newest entry edited and rehashed: only the head notices
    ['entry 5 edited and rehashed', editAndRehash(chain, 5, { reason: 'nothing to see' }), [[5, 'edited']]],
    // deleted entries: gaps in the sequence
    ['entry 3 deleted', remove(chain, 3), [[3, 'missing']]],
    ['entries 2 to 4 deleted', remove(chain, 2, 3, 4), [[2, 'missing']]],
    ['the first entry deleted', remove(chain, 1), [[1, 'missing']]],
    ['the newest entry deleted', remove(chain, 5), [[5, 'missing']]],
    ['every entry deleted', [], [[1, 'missing']]],
    // moved entries: intact content under another sequence number
    ['entries 3 and 4 swapped', swapSequences(chain, 3, 4), [[3, 'reordered'], [4, 'reordered']]],
    ['entries 1 and 5 swapped', swapSequences(chain, 1, 5), [[1, 'reordered'], [5, 'reordered']]],
    ['entry 3 deleted and entry 4 renumbered 3', inSequenceOrder([...remove(chain, 3, 4), { ...entry(4), sequence: 3 }]), [[3, 'missing'], [3, 'reordered']]],
    ['entry 2 copied to the end as entry 6', [...chain, { ...entry(2), _id: 'copy', sequence: 6 }], [[6, 'reordered']]],
  ])('%s', (_description, tampered, expected) => {
    expect(problemsOf(tampered)).toEqual(expected);
  });

  it('finds entries moved whose ids do not tell their place, by the entries they link to', () => {
    const withOtherIds = chain.map((original) => ({
      ...original,
      _id: `moved-${original.sequence}`,
    }));
    expect(problemsOf(swapSequences(withOtherIds, 3, 4))).toEqual([
      [3, 'reordered'],
      [4, 'reordered'],
    ]);
  });

  it('finds entries renumbered and rehashed by their links', () => {
    const swapped = swapSequences(chain, 3, 4);
    const rehashed = editAndRehash(editAndRehash(swapped, 3, {}), 4, {});
    expect(problemsOf(rehashed)).toEqual([
      [3, 'broken_link'],
      [4, 'reordered'],
      [5, 'broken_link'],
    ]);
  });

  it('finds two intact entries claiming one sequence (a fork)', () => {
    const fork = aChain(3).map((original) => ({ ...original }));
    const forked = inSequenceOrder([
      ...chain,
      { ...editAndRehash(fork, 3, { reason: 'fork' })[2]!, _id: 'fork' },
    ]);
    expect(problemsOf(forked)).toEqual([[3, 'broken_link']]);
  });

  it('finds a chain that does not continue from the retention checkpoint', () => {
    const purged = aChain(15);
    expect(
      problemsOf(purged.slice(10), { checkpoint: { sequence: 10, hash: 'e'.repeat(64) } }),
    ).toEqual([[11, 'broken_link']]);
  });

  it('finds entries purged without a checkpoint', () => {
    expect(problemsOf(aChain(15).slice(10), {})).toEqual([[1, 'missing']]);
  });

  it('cannot see the newest entries deleted without the head: the head is what catches it', () => {
    expect(verifyChain(remove(chain, 5), {})).toEqual({ ok: true, entries: 4 });
  });
});

describe('verifyChain messages, for an auditor', () => {
  const messageOf = (tampered: AuditEntry[]) => {
    const verification = verifyChain(tampered, { head });
    return verification.ok ? [] : verification.problems.map((problem) => problem.message);
  };

  it('says which entry was edited and what it was', () => {
    expect(messageOf(edit(chain, 3, { reason: 'nothing to see' }))).toEqual([
      'Entry 3 (policy.approved of policy_version pv-pricing-3 by user u-approver at ' +
        '2026-03-01T12:00:00.000Z) was changed after it was written: what it says no longer ' +
        'matches its hash, so at least one of its fields was edited in the database.',
    ]);
  });

  it('names the missing sequence numbers', () => {
    expect(messageOf(remove(chain, 2, 3, 4))).toEqual([
      'Entries 2 to 4 (3 entries) are missing: they were deleted from the log.',
    ]);
    const verification = verifyChain(remove(chain, 2, 3, 4), { head });
    expect(verification.ok ? undefined : verification.problems[0]?.through).toBe(4);
  });

  it('says the newest entries were deleted', () => {
    expect(messageOf(remove(chain, 4, 5))).toEqual([
      'Entries 4 to 5 (2 entries) are missing: they were deleted from the log. The log recorded ' +
        'entry 5 as appended, but the log now ends at entry 3: the newest entries were deleted.',
    ]);
  });

  it('says where a moved entry was written', () => {
    expect(messageOf(swapSequences(chain, 3, 4))[0]).toBe(
      'The entry now numbered 3 (policy.approved of policy_version pv-pricing-3 by user ' +
        'u-approver at 2026-03-01T13:00:00.000Z) was written as entry 4: its content is ' +
        'unchanged, but its sequence number was changed, so it no longer stands where it was ' +
        'written in the log.',
    );
  });

  it('says a broken link points at a rewritten predecessor', () => {
    const [message] = messageOf(editAndRehash(chain, 3, { reason: 'nothing to see' }));
    expect(message).toMatch(
      /^Entry 4 does not follow entry 3: it was written after an entry with hash [0-9a-f]{12}…, but entry 3 has hash [0-9a-f]{12}…\. Entry 3 was changed and its hash recomputed/,
    );
  });
});

// Any one change made directly to the stored entries is found, and named at the entry changed.
describe('verifyChain against any single tampering', () => {
  type Tampering =
    | { kind: 'edit'; sequence: number; reason: string }
    | { kind: 'delete'; sequence: number }
    | { kind: 'swap'; sequence: number; other: number };

  const tampering = (length: number): fc.Arbitrary<Tampering> =>
    fc.oneof(
      fc.record({
        kind: fc.constant('edit' as const),
        sequence: fc.integer({ min: 1, max: length }),
        reason: fc.string(),
      }),
      fc.record({
        kind: fc.constant('delete' as const),
        sequence: fc.integer({ min: 1, max: length }),
      }),
      fc
        .tuple(fc.integer({ min: 1, max: length }), fc.integer({ min: 1, max: length }))
        .filter(([left, right]) => left !== right)
        .map(([sequence, other]) => ({ kind: 'swap' as const, sequence, other })),
    );

  it('is detected, at the sequence tampered with, and the walk agrees', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 12 })
          .chain((length) => fc.tuple(fc.constant(length), tampering(length))),
        ([length, change]) => {
          const log = aChain(length);
          const tampered =
            change.kind === 'edit'
              ? edit(log, change.sequence, {
                  reason: `${log[change.sequence - 1]?.reason ?? ''}${change.reason}!`,
                })
              : change.kind === 'delete'
                ? remove(log, change.sequence)
                : swapSequences(log, change.sequence, change.other);
          const bounds = { head: headOf(log) };
          const verification = verifyChain(tampered, bounds);

          const walk = startChainWalk(bounds);
          for (const stored of tampered) if (!walk.accept(stored)) break;
          expect(walk.finish()).toBe(false);

          expect(verification.ok).toBe(false);
          const found = verification.ok
            ? []
            : verification.problems.map((problem) => problem.sequence);
          expect(found).toContain(change.sequence);
          if (change.kind === 'swap') expect(found).toContain(change.other);
        },
      ),
      { numRuns: 300 },
    );
  });
});
