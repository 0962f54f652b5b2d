// Fixture builders for the audit tests: entries sealed by the real code, so that a test shows
// only the tampering it is about (`aChain(5)`, then edit entry 3).
import type { AuditEntry, ChainPoint, NewAuditEntry } from '../../../server/audit/audit-entry';
import { GENESIS_HASH } from '../../../server/audit/audit-entry';
import { buildAuditEntry } from '../../../server/audit/build-audit-entry';
import { hashEntry } from '../../../server/audit/hash-entry';

export const A_CONTENT_HASH = 'ab'.repeat(32);

/** An approval of a policy version, the most typical entry. */
export function aNewEntry(overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    actor: { type: 'user', id: 'u-approver' },
    action: 'policy.approved',
    target: { type: 'policy_version', id: 'pv-pricing-3' },
    reason: 'Matches the 2026 price list',
    contentHashes: { version: A_CONTENT_HASH },
    details: { fromStatus: 'in_review', toStatus: 'approved' },
    ...overrides,
  };
}

export interface ChainOptions {
  /** The chain continues from this point (a purge checkpoint); from the genesis otherwise. */
  after?: ChainPoint;
  /** The first entry's time; each next entry is one hour later. */
  startAt?: string;
  stepHours?: number;
}

/** `length` valid entries; entry n is `aNewEntry` with reason "change n". */
export function aChain(
  length: number,
  { after, startAt = '2026-03-01T10:00:00.000Z', stepHours = 1 }: ChainOptions = {},
): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous: ChainPoint = after ?? { sequence: 0, hash: GENESIS_HASH };
  for (let index = 0; index < length; index += 1) {
    const sequence = previous.sequence + 1;
    const entry = buildAuditEntry({
      entry: aNewEntry({ reason: `change ${sequence}` }),
      sequence,
      previousHash: previous.hash,
      at: new Date(Date.parse(startAt) + index * stepHours * 3_600_000).toISOString(),
    });
    entries.push(entry);
    previous = entry;
  }
  return entries;
}

/** The chain's head: its last entry, as the head checkpoint records it. */
export function headOf(entries: AuditEntry[]): ChainPoint {
  const last = entries.at(-1);
  if (!last) throw new Error('an empty chain has no head');
  return { sequence: last.sequence, hash: last.hash };
}

// ---------------------------------------------------------------- tampering, as done in the database

/** Changes fields of one entry and leaves its hash as it was. */
export function edit(
  entries: AuditEntry[],
  sequence: number,
  change: Partial<AuditEntry>,
): AuditEntry[] {
  return entries.map((entry) => (entry.sequence === sequence ? { ...entry, ...change } : entry));
}

/** Changes fields of one entry and recomputes its hash, as someone who knows the scheme would. */
export function editAndRehash(
  entries: AuditEntry[],
  sequence: number,
  change: Partial<AuditEntry>,
): AuditEntry[] {
  return entries.map((entry) => {
    if (entry.sequence !== sequence) return entry;
    const changed = { ...entry, ...change };
    return { ...changed, hash: hashEntry(changed) };
  });
}

export function remove(entries: AuditEntry[], ...sequences: number[]): AuditEntry[] {
  return entries.filter((entry) => !sequences.includes(entry.sequence));
}

/** Swaps the sequence numbers of two entries (their ids stay), then reads them back in order. */
export function swapSequences(entries: AuditEntry[], first: number, second: number): AuditEntry[] {
  return inSequenceOrder(
    entries.map((entry) =>
      entry.sequence === first
        ? { ...entry, sequence: second }
        : entry.sequence === second
          ? { ...entry, sequence: first }
          : entry,
    ),
  );
}

export function inSequenceOrder(entries: AuditEntry[]): AuditEntry[] {
  return [...entries].sort((left, right) => left.sequence - right.sequence);
}
