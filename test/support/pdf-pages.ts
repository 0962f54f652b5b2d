// What a test can read from a PDF without a PDF library: that it is one, and its page count (the
// root page tree's /Count, the largest in the file since every subtree counts fewer).
export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 5).toString('latin1') === '%PDF-';
}

export function pageCount(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Count (\d+)/g)].map((match) =>
    Number(match[1]),
  );
  return counts.length === 0 ? 0 : Math.max(...counts);
}
