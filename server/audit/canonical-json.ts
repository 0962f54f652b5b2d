// The canonical JSON form that audit hashes are computed over: object keys sorted by UTF-16 code
// units, no whitespace, strings and numbers written as JSON.stringify writes them. For the values
// an audit entry holds this is the JSON Canonicalization Scheme (RFC 8785), so a third party can
// recompute an exported entry's hash with any JCS library.

/**
 * The canonical form of a JSON value. A key whose value is `undefined` is left out, as a stored
 * document would leave it out; anything JSON cannot represent exactly (a non-finite number, a
 * Date, `undefined` in an array) is refused, because it would not survive storage unchanged.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value
      .map((item: unknown) => {
        if (item === undefined) throw new TypeError('an array item is undefined');
        return canonicalJson(item);
      })
      .join(',')}]`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(
    `a ${typeof value === 'object' ? 'non-plain object' : typeof value} has no JSON form`,
  );
}
