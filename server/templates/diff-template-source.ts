// What changed in a template's source between two versions, line by line, as a reviewer reads
// it: each removed line with its number in the older version, each added line with its number in
// the newer one (a longest common subsequence of lines). The lines both versions share at the
// start and end are skipped first; if what is left is still too large to compare within a
// reasonable memory (over 4 million line pairs), it is shown as removed and added whole.
export type SourceLineChange =
  { kind: 'removed'; line: number; text: string } | { kind: 'added'; line: number; text: string };

const MAX_PAIRS = 4_000_000;

export function diffTemplateSource(before: string, after: string): SourceLineChange[] {
  const old = before.split('\n');
  const now = after.split('\n');
  let start = 0;
  while (start < old.length && start < now.length && old[start] === now[start]) start++;
  let oldEnd = old.length;
  let newEnd = now.length;
  while (oldEnd > start && newEnd > start && old[oldEnd - 1] === now[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  const a = old.slice(start, oldEnd);
  const b = now.slice(start, newEnd);
  const changes: SourceLineChange[] = [];
  const removed = (index: number) =>
    changes.push({ kind: 'removed', line: start + index + 1, text: a[index]! });
  const added = (index: number) =>
    changes.push({ kind: 'added', line: start + index + 1, text: b[index]! });
  if (a.length * b.length > MAX_PAIRS) {
    a.forEach((_, index) => removed(index));
    b.forEach((_, index) => added(index));
    return changes;
  }
  // common[i][j]: the longest common subsequence of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] =
        a[i] === b[j]
          ? common[(i + 1) * width + j + 1]! + 1
          : Math.max(common[(i + 1) * width + j]!, common[i * width + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (
      i < a.length &&
      (j === b.length || common[(i + 1) * width + j]! >= common[i * width + j + 1]!)
    ) {
      // On a tie the removal comes first: a changed line reads as old, then new.
      removed(i++);
    } else {
      added(j++);
    }
  }
  return changes;
}
