// Paths shown to users: `$.rules[0].event.params.tiers[1].upTo`, `$.meters['api-calls'].uniqueBy`.

/** A property name, or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatJsonPath(segments: readonly PathSegment[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += `.${segment}`;
    else path += `['${segment.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  }
  return path;
}

/**
 * Turns an ajv instance path (a JSON pointer such as `/rules/0/name`) into segments. The document
 * is walked alongside, so `0` is an index only inside an array: a meter named "0" stays a name.
 */
export function segmentsFromPointer(pointer: string, document: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const name = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^(0|[1-9][0-9]*)$/.test(name)) {
      const index = Number(name);
      segments.push(index);
      current = current[index];
    } else {
      segments.push(name);
      current =
        current !== null && typeof current === 'object'
          ? (current as Record<string, unknown>)[name]
          : undefined;
    }
  }
  return segments;
}
