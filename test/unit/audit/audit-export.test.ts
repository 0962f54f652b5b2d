// Exports: the entries written in a half-open period [from, to), as RFC 4180 CSV for people and
// spreadsheets or as JSON that an auditor can re-verify outside Ledgerline.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../server/audit/audit-entry';
import {
  auditPeriodFilter,
  filterEntriesByPeriod,
  normaliseAuditPeriod,
  type AuditPeriodInput,
} from '../../../server/audit/audit-period';
import { buildAuditExport } from '../../../server/audit/build-audit-export';
import { canonicalJson } from '../../../server/audit/canonical-json';
import { formatAuditCsv } from '../../../server/audit/format-audit-csv';
import { aChain, edit } from './builders';

// Entries every six hours from 28 February 2028 18:00 (a leap year): 18:00, 00:00 on the 29th,
// 06:00, 12:00, 18:00, 00:00 on 1 March.
const log = aChain(6, { startAt: '2028-02-28T18:00:00.000Z', stepHours: 6 });

describe('normaliseAuditPeriod', () => {
  // prettier-ignore
  it.each<[string, AuditPeriodInput, { from: string | null; to: string | null }]>([
    ['open at both ends', {}, { from: null, to: null }],
    ['dates are midnight UTC', { from: '2028-02-29', to: '2028-03-01' }, { from: '2028-02-29T00:00:00.000Z', to: '2028-03-01T00:00:00.000Z' }],
    ['a zone offset is converted to UTC', { from: '2028-02-29T01:00+01:00' }, { from: '2028-02-29T00:00:00.000Z', to: null }],
    ['seconds and fractions are kept', { to: '2028-02-29T06:00:00.5Z' }, { from: null, to: '2028-02-29T06:00:00.500Z' }],
  ])('%s', (_description, input, period) => {
    expect(normaliseAuditPeriod(input)).toEqual(period);
  });

  // prettier-ignore
  it.each<[string, AuditPeriodInput]>([
    ['a date that does not exist', { from: '2027-02-29' }],
    ['a time without a zone (local time is ambiguous)', { from: '2028-02-29T06:00' }],
    ['a word', { to: 'yesterday' }],
    ['an empty period', { from: '2028-03-01', to: '2028-03-01' }],
    ['an inverted period', { from: '2028-03-01', to: '2028-02-29' }],
  ])('refuses %s', (_description, input) => {
    expect(() => normaliseAuditPeriod(input)).toThrow(RangeError);
  });
});

describe('filtering by period', () => {
  // prettier-ignore
  it.each<[string, AuditPeriodInput, number[]]>([
    ['no bounds: everything', {}, [1, 2, 3, 4, 5, 6]],
    ['the leap day: from its midnight, included, to the next midnight, excluded', { from: '2028-02-29', to: '2028-03-01' }, [2, 3, 4, 5]],
    ['from only', { from: '2028-02-29T12:00:00Z' }, [4, 5, 6]],
    ['to only: an entry exactly at `to` is left out', { to: '2028-02-29T06:00:00Z' }, [1, 2]],
    ['a period between two entries', { from: '2028-02-29T07:00:00Z', to: '2028-02-29T11:00:00Z' }, []],
    // 13:00 and 19:00 at +01:00 are 12:00 and 18:00 UTC: the entry at 18:00 UTC is at `to`, left out
    ['bounds with an offset', { from: '2028-02-29T13:00:00+01:00', to: '2028-02-29T19:00:00+01:00' }, [4]],
  ])('%s', (_description, input, sequences) => {
    const period = normaliseAuditPeriod(input);
    expect(filterEntriesByPeriod(log, period).map((entry) => entry.sequence)).toEqual(sequences);
  });

  it('gives the store the same bounds', () => {
    const period = normaliseAuditPeriod({ from: '2028-02-29', to: '2028-03-01' });
    expect(auditPeriodFilter(period)).toEqual({
      at: { $gte: '2028-02-29T00:00:00.000Z', $lt: '2028-03-01T00:00:00.000Z' },
    });
    expect(auditPeriodFilter(normaliseAuditPeriod({}))).toEqual({});
  });
});

describe('formatAuditCsv', () => {
  const [first] = aChain(1) as [AuditEntry];
  /** The one data row, without the header row and the final CRLF. */
  const rowFor = (change: Partial<AuditEntry>) => {
    const csv = formatAuditCsv([{ ...first, ...change }]);
    return csv.slice(csv.indexOf('\r\n') + 2, -2);
  };

  it('writes a header row and one CRLF-terminated row per entry', () => {
    const csv = formatAuditCsv(aChain(2));
    expect(csv.split('\r\n')).toEqual([
      'sequence,at,actor_type,actor_id,action,target_type,target_id,reason,content_hashes,details,previous_hash,hash',
      expect.stringMatching(
        /^1,2026-03-01T10:00:00.000Z,user,u-approver,policy.approved,policy_version,pv-pricing-3,change 1,/,
      ),
      expect.stringMatching(/^2,2026-03-01T11:00:00.000Z,/),
      '',
    ]);
  });

  it('writes content hashes and details as JSON, quoted', () => {
    expect(rowFor({ reason: 'ok' })).toBe(
      `1,2026-03-01T10:00:00.000Z,user,u-approver,policy.approved,policy_version,pv-pricing-3,ok,` +
        `"{""version"":""${'ab'.repeat(32)}""}",` +
        `"{""fromStatus"":""in_review"",""toStatus"":""approved""}",` +
        `${'0'.repeat(64)},${first.hash}`,
    );
  });

  it('leaves absent fields empty', () => {
    expect(rowFor({ reason: undefined, contentHashes: undefined, details: undefined })).toBe(
      `1,2026-03-01T10:00:00.000Z,user,u-approver,policy.approved,policy_version,pv-pricing-3,,,,${'0'.repeat(64)},${first.hash}`,
    );
  });

  // prettier-ignore
  it.each<[string, string, string]>([
    ['a plain reason', 'price list 2026', 'price list 2026'],
    ['a comma', 'approved, with notes', '"approved, with notes"'],
    ['a quote', 'the "gold" plan', '"the ""gold"" plan"'],
    ['a line break', 'line one\nline two', '"line one\nline two"'],
    ['a carriage return and line feed', 'one\r\ntwo', '"one\r\ntwo"'],
    // Security: a cell starting like a formula is neutralised with an apostrophe.
    ['a formula', '=HYPERLINK("http://evil.example")', `"'=HYPERLINK(""http://evil.example"")"`],
    ['a leading plus', '+1 approver', "'+1 approver"],
    ['a leading minus', '-5% discount', "'-5% discount"],
    ['a leading at sign', '@ops please check', "'@ops please check"],
  ])('quotes %s', (_description, reason, field) => {
    const fields = `${rowFor({ reason, contentHashes: undefined, details: undefined })}`;
    expect(fields).toBe(
      `1,2026-03-01T10:00:00.000Z,user,u-approver,policy.approved,policy_version,pv-pricing-3,${field},,,${'0'.repeat(64)},${first.hash}`,
    );
  });
});

describe('buildAuditExport', () => {
  const period = normaliseAuditPeriod({ from: '2028-02-29', to: '2028-03-01' });

  it('exports CSV with a content type and a file name', () => {
    const exported = buildAuditExport({ entries: log, period, format: 'csv' });
    expect(exported).toMatchObject({
      format: 'csv',
      contentType: 'text/csv; charset=utf-8; header=present',
      fileName: 'audit-log_2028-02-29_2028-03-01.csv',
      entries: 4,
    });
    expect(exported.body.split('\r\n').map((row) => row.split(',')[0])).toEqual([
      'sequence',
      '2',
      '3',
      '4',
      '5',
      '',
    ]);
  });

  it('exports JSON that re-verifies outside Ledgerline: SHA-256 of the canonical entry without its hash', () => {
    const exported = buildAuditExport({
      entries: log,
      period: normaliseAuditPeriod({}),
      format: 'json',
    });
    expect(exported).toMatchObject({
      contentType: 'application/json; charset=utf-8',
      fileName: 'audit-log_start_now.json',
      entries: 6,
    });
    const document = JSON.parse(exported.body) as {
      from: null;
      to: null;
      hashing: string;
      entries: Array<Record<string, unknown>>;
    };
    expect(document.from).toBeNull();
    expect(document.entries).toHaveLength(6);
    let previousHash = '0'.repeat(64);
    for (const exportedEntry of document.entries) {
      const { hash, ...content } = exportedEntry;
      expect(Object.keys(exportedEntry)).not.toContain('_id');
      expect(content.previousHash).toBe(previousHash);
      expect(createHash('sha256').update(canonicalJson(content)).digest('hex')).toBe(hash);
      previousHash = hash as string;
    }
  });

  it('exports the period asked for, in sequence order', () => {
    const shuffled = [log[4], log[1], log[5], log[0], log[3], log[2]] as AuditEntry[];
    const exported = buildAuditExport({ entries: shuffled, period, format: 'json' });
    const document = JSON.parse(exported.body) as {
      from: string;
      to: string;
      entries: AuditEntry[];
    };
    expect(document.from).toBe('2028-02-29T00:00:00.000Z');
    expect(document.to).toBe('2028-03-01T00:00:00.000Z');
    expect(document.entries.map((entry) => entry.sequence)).toEqual([2, 3, 4, 5]);
  });

  it('exports an edited entry as it now reads (the export does not verify; verification does)', () => {
    const exported = buildAuditExport({
      entries: edit(log, 2, { reason: 'edited' }),
      period,
      format: 'csv',
    });
    expect(exported.body).toContain(',edited,');
  });
});
