// Where a JSON path of a server error ($.rules[0].event.params.amount) is in the editor's text,
// so a problem can be marked and jumped to.
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

/** $.rules[0].event.params["a b"] -> ['rules', 0, 'event', 'params', 'a b'] */
export function pathSegments(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const pattern = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\['((?:[^'\\]|\\.)*)'\]/g;
  const rest = path.startsWith('$') ? path.slice(1) : path;
  for (const match of rest.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[3] ?? match[4] ?? '');
  }
  return segments;
}

/**
 * Where the deepest value that exists along the path starts (a missing member is reported at the
 * object that lacks it), or the start of the document.
 */
export function offsetOfPath(text: string, path: string): number {
  const root = parseTree(text);
  if (!root) return 0;
  const segments = pathSegments(path);
  let node: Node | undefined;
  for (let depth = segments.length; depth >= 0 && node === undefined; depth--) {
    node = findNodeAtLocation(root, segments.slice(0, depth));
  }
  const found = node ?? root;
  // A member's value: point at the member name, which is what the reader looks for.
  const member = found.parent?.type === 'property' ? found.parent : found;
  return member.offset;
}
