// Verification of the hash chain, explained for an auditor. Every change made directly in the
// database shows up as at least one problem; the kind is the most likely explanation:
//
// - edited: an entry's content no longer matches its hash (a field was changed);
// - missing: a sequence number has no entry (an entry was deleted), also at the end of the log
//   when the head records a newer entry than the log still holds;
// - reordered: an entry's content is intact but it carries another sequence number than the
//   one it was written with (entries were swapped, moved or copied);
// - broken_link: an intact entry does not link to the entry before it (that entry was changed
//   and its hash recomputed, or an entry was forged into the chain).
//
// A hash chain is evidence, not a lock: someone who can write to the database and recomputes
// every hash after an edit produces a valid-looking chain. The head checkpoint and hashes kept
// outside the database (exports) are what catch that.
import { GENESIS_HASH, sequenceFromEntryId, type AuditEntry, type ChainPoint } from './audit-entry';
import { matchesOwnHash } from './hash-entry';
import { startChainWalk, type ChainBounds } from './walk-chain';

export type ChainProblemKind = 'edited' | 'missing' | 'reordered' | 'broken_link';

export interface ChainProblem {
  /** The sequence number to look at: the entry's current number, or the first one missing. */
  sequence: number;
  kind: ChainProblemKind;
  /** For `missing`: the last sequence of the gap (equal to `sequence` for a single entry). */
  through?: number;
  message: string;
}

export type ChainVerification =
  { ok: true; entries: number } | { ok: false; problems: ChainProblem[] };

/** One stored entry and the sequence it was written with, as far as its hash tells. */
interface Reading {
  entry: AuditEntry;
  written: number;
  state: 'intact' | 'moved' | 'edited';
}

/**
 * Verifies entries (in sequence order) from the checkpoint, or from the start of the log, up to
 * at least the head.
 */
export function verifyChain(
  entries: readonly AuditEntry[],
  bounds: ChainBounds = {},
): ChainVerification {
  const walk = startChainWalk(bounds);
  for (const entry of entries) if (!walk.accept(entry)) break;
  if (walk.finish()) return { ok: true, entries: walk.entries };

  const problems = diagnose(entries, bounds);
  if (problems.length === 0) {
    // The walk and the diagnosis look at the same facts; this only guards against them drifting.
    const sequence = walk.brokenAt ?? 0;
    problems.push({
      sequence,
      kind: 'broken_link',
      message: `The chain does not verify at entry ${sequence}.`,
    });
  }
  return { ok: false, problems };
}

function diagnose(
  entries: readonly AuditEntry[],
  { checkpoint, head }: ChainBounds,
): ChainProblem[] {
  const start: ChainPoint = {
    sequence: checkpoint?.sequence ?? 0,
    hash: checkpoint?.hash ?? GENESIS_HASH,
  };
  const first = start.sequence + 1;
  const readings = readEntries(
    entries.filter((entry) => !(typeof entry.sequence === 'number' && entry.sequence < first)),
    start,
  );
  const problems: ChainProblem[] = [];

  const byWritten = new Map<number, Reading[]>();
  for (const reading of readings) {
    if (!Number.isSafeInteger(reading.written)) continue;
    const group = byWritten.get(reading.written) ?? [];
    group.push(reading);
    byWritten.set(reading.written, group);
  }
  const byHash = new Map<string, Reading>();
  for (const reading of readings) {
    if (!byHash.has(reading.entry.hash)) byHash.set(reading.entry.hash, reading);
  }

  for (const reading of readings) {
    const { entry, written, state } = reading;
    if (state === 'edited') {
      const renumbered =
        Number.isSafeInteger(written) && written !== entry.sequence
          ? ` Its sequence number was also changed, from ${written} to ${String(entry.sequence)}.`
          : '';
      problems.push({
        sequence: shownSequence(reading),
        kind: 'edited',
        message:
          `Entry ${shownSequence(reading)} (${describe(entry)}) was changed after it was written: ` +
          `what it says no longer matches its hash, so at least one of its fields was edited in ` +
          `the database.${renumbered}`,
      });
    } else if (state === 'moved') {
      const original = byWritten.get(written)?.find((other) => other.state === 'intact');
      problems.push({
        sequence: shownSequence(reading),
        kind: 'reordered',
        message: original
          ? `Entry ${shownSequence(reading)} is a copy of entry ${written} (${describe(entry)}): ` +
            `an existing entry was duplicated under another sequence number.`
          : `The entry now numbered ${String(entry.sequence)} (${describe(entry)}) was written as ` +
            `entry ${written}: its content is unchanged, but its sequence number was changed, so ` +
            `it no longer stands where it was written in the log.`,
      });
    }
  }

  for (const [written, group] of byWritten) {
    const intact = group.filter((reading) => reading.state === 'intact');
    if (intact.length > 1) {
      problems.push({
        sequence: written,
        kind: 'broken_link',
        message:
          `${intact.length} entries claim sequence ${written} (ids ${intact.map((reading) => reading.entry._id).join(', ')}): ` +
          `only one of them can belong to the chain; the others were inserted.`,
      });
    }
  }

  problems.push(...findMissing([...byWritten.keys()], first, head));
  problems.push(...findBrokenLinks(readings, byWritten, byHash, start));

  if (head && head.sequence >= first) {
    const atHead = byWritten.get(head.sequence);
    const alreadyEdited = atHead?.some((reading) => reading.state === 'edited');
    if (atHead && !alreadyEdited && !atHead.some((reading) => reading.entry.hash === head.hash)) {
      problems.push({
        sequence: head.sequence,
        kind: 'edited',
        message:
          `Entry ${head.sequence} is not the entry the log recorded as its newest when it was ` +
          `written (hash ${short(head.hash)} then, ${short(atHead[0]?.entry.hash)} now): it, or ` +
          `entries before it, were rewritten and their hashes recomputed.`,
      });
    }
  }

  return problems.sort(
    (left, right) =>
      left.sequence - right.sequence ||
      KIND_ORDER.indexOf(left.kind) - KIND_ORDER.indexOf(right.kind),
  );
}

const KIND_ORDER: ChainProblemKind[] = ['missing', 'edited', 'reordered', 'broken_link'];

/**
 * Which sequence each entry was written with. An entry whose hash matches its own sequence is
 * intact. One whose hash matches another sequence was moved: that sequence is read from its id
 * (ids are the zero-padded sequence at insertion and cannot be changed in MongoDB) or, when the
 * id does not tell, from the entry it links to. Every other entry was edited.
 */
function readEntries(entries: readonly AuditEntry[], start: ChainPoint): Reading[] {
  const readings: Reading[] = [];
  const unresolved = new Map<string, Reading[]>();
  const resolved: ChainPoint[] = [start];

  for (const entry of entries) {
    const idSequence = sequenceFromEntryId(entry._id);
    const reading: Reading = { entry, written: idSequence ?? entry.sequence, state: 'edited' };
    readings.push(reading);
    if (matchesOwnHash(entry)) {
      reading.state = 'intact';
      reading.written = entry.sequence;
    } else if (
      idSequence !== undefined &&
      idSequence !== entry.sequence &&
      matchesOwnHash(entry, idSequence)
    ) {
      reading.state = 'moved';
    } else {
      const waiting = unresolved.get(entry.previousHash) ?? [];
      waiting.push(reading);
      unresolved.set(entry.previousHash, waiting);
      continue;
    }
    resolved.push({ sequence: reading.written, hash: entry.hash });
  }

  // An entry written right after a known one carries that one's sequence plus one.
  for (let point = resolved.pop(); point; point = resolved.pop()) {
    for (const reading of unresolved.get(point.hash) ?? []) {
      const candidate = point.sequence + 1;
      if (
        reading.state === 'edited' &&
        candidate !== reading.entry.sequence &&
        matchesOwnHash(reading.entry, candidate)
      ) {
        reading.state = 'moved';
        reading.written = candidate;
        resolved.push({ sequence: candidate, hash: reading.entry.hash });
      }
    }
  }
  return readings.sort((left, right) => sortKey(left) - sortKey(right));
}

function findMissing(
  present: number[],
  first: number,
  head: ChainPoint | null | undefined,
): ChainProblem[] {
  const sequences = present.filter((sequence) => sequence >= first).sort((a, b) => a - b);
  const last = sequences.at(-1) ?? first - 1;
  const problems: ChainProblem[] = [];
  let expected = first;
  for (const sequence of sequences) {
    if (sequence > expected) problems.push(missing(expected, sequence - 1, ''));
    expected = sequence + 1;
  }
  if (head && head.sequence > last) {
    const end =
      last >= first ? `the log now ends at entry ${last}` : 'the log now holds none of them';
    problems.push(
      missing(
        last + 1,
        head.sequence,
        ` The log recorded entry ${head.sequence} as appended, but ${end}: the newest entries were deleted.`,
      ),
    );
  }
  return problems;
}

function missing(from: number, through: number, why: string): ChainProblem {
  const what =
    from === through
      ? `Entry ${from} is missing: it was deleted from the log.`
      : `Entries ${from} to ${through} (${through - from + 1} entries) are missing: they were deleted from the log.`;
  return { sequence: from, through, kind: 'missing', message: `${what}${why}` };
}

function findBrokenLinks(
  readings: Reading[],
  byWritten: Map<number, Reading[]>,
  byHash: Map<string, Reading>,
  start: ChainPoint,
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  for (const reading of readings) {
    const { entry, written, state } = reading;
    if (state === 'edited') continue;
    const before =
      written === start.sequence + 1
        ? [start.hash]
        : byWritten.get(written - 1)?.map((previous) => previous.entry.hash);
    if (before === undefined || before.includes(entry.previousHash)) continue;
    // An edited predecessor already explains a link that no longer matches.
    if (byWritten.get(written - 1)?.every((previous) => previous.state === 'edited')) continue;

    const linkedTo = byHash.get(entry.previousHash);
    const sequence = shownSequence(reading);
    if (linkedTo && linkedTo.written !== written - 1) {
      problems.push({
        sequence,
        kind: 'reordered',
        message:
          `Entry ${sequence} was written right after entry ${linkedTo.written}, but entry ` +
          `${written - 1} now stands before it: entries were renumbered and their hashes recomputed.`,
      });
    } else if (written === start.sequence + 1) {
      problems.push({
        sequence,
        kind: 'broken_link',
        message:
          start.sequence === 0
            ? `Entry ${sequence} does not start the log: the first entry links to no entry ` +
              `(a previous hash of 64 zeros), this one to ${short(entry.previousHash)}.`
            : `Entry ${sequence} does not continue from the retention checkpoint: entries up to ` +
              `${start.sequence} were purged, the last with hash ${short(start.hash)}, but this ` +
              `entry links to ${short(entry.previousHash)}.`,
      });
    } else {
      problems.push({
        sequence,
        kind: 'broken_link',
        message:
          `Entry ${sequence} does not follow entry ${written - 1}: it was written after an entry ` +
          `with hash ${short(entry.previousHash)}, but entry ${written - 1} has hash ` +
          `${short(before[0])}. Entry ${written - 1} was changed and its hash recomputed, or ` +
          `one of the two was inserted.`,
      });
    }
  }
  return problems;
}

/** The number an auditor finds the entry under in the database. */
function shownSequence({ entry, written }: Reading): number {
  return Number.isSafeInteger(entry.sequence) ? entry.sequence : written;
}

function sortKey(reading: Reading): number {
  const sequence = shownSequence(reading);
  return Number.isFinite(sequence) ? sequence : Number.MAX_SAFE_INTEGER;
}

/** "policy.approved of policy_version pv-1 by user u-7 at 2026-03-01T10:00:00.000Z" */
function describe(entry: AuditEntry): string {
  const action = String(entry.action);
  const target = `${String(entry.target?.type)} ${String(entry.target?.id)}`;
  const actor = `${String(entry.actor?.type)} ${String(entry.actor?.id)}`;
  return `${action} of ${target} by ${actor} at ${String(entry.at)}`;
}

function short(hash: string | undefined): string {
  return typeof hash === 'string' ? `${hash.slice(0, 12)}…` : 'none';
}
