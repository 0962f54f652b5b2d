// The source diff a reviewer reads: removed lines numbered in the older version, added lines in
// the newer one, shared lines left out.
import { describe, expect, it } from 'vitest';
import { diffTemplateSource } from '../../../server/templates/diff-template-source';

describe('diffTemplateSource', () => {
  it('finds nothing between equal sources', () => {
    expect(diffTemplateSource('<p>\n{{x}}\n</p>', '<p>\n{{x}}\n</p>')).toEqual([]);
  });

  it('lists a changed line as removed then added, at its line numbers', () => {
    const before = [
      '<h1>Invoice</h1>',
      '<p>{{invoice.number}}</p>',
      '<p>Due {{date invoice.dueDate}}</p>',
      '</body>',
    ];
    const after = [
      '<h1>Invoice</h1>',
      '<p>No. {{invoice.number}}</p>',
      '<p>Due {{date invoice.dueDate}}</p>',
      '</body>',
    ];
    expect(diffTemplateSource(before.join('\n'), after.join('\n'))).toEqual([
      { kind: 'removed', line: 2, text: '<p>{{invoice.number}}</p>' },
      { kind: 'added', line: 2, text: '<p>No. {{invoice.number}}</p>' },
    ]);
  });

  it('numbers lines inserted and deleted in the middle by the version they belong to', () => {
    // a b c d e -> a x b d e y: x added at 2, c removed at 3, y added at 6.
    expect(diffTemplateSource('a\nb\nc\nd\ne', 'a\nx\nb\nd\ne\ny')).toEqual([
      { kind: 'added', line: 2, text: 'x' },
      { kind: 'removed', line: 3, text: 'c' },
      { kind: 'added', line: 6, text: 'y' },
    ]);
  });

  it('shows a very large rewrite as removed and added whole', () => {
    const before = Array.from({ length: 2100 }, (_, index) => `old ${index}`).join('\n');
    const after = Array.from({ length: 2000 }, (_, index) => `new ${index}`).join('\n');
    const changes = diffTemplateSource(before, after);
    expect(changes).toHaveLength(4100);
    expect(changes[0]).toEqual({ kind: 'removed', line: 1, text: 'old 0' });
    expect(changes[2100]).toEqual({ kind: 'added', line: 1, text: 'new 0' });
  });
});
