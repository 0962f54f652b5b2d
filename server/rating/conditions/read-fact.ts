// Reading a fact the way json-rules-engine 7.3.1's almanac does for runtime facts passed to
// `engine.run(facts)` with `allowUndefinedFacts: true`:
//   - a fact the run was not given is `undefined`;
//   - with a `path`, an object (or array) fact is queried with jsonpath-plus
//     `JSONPath({ path, json, wrap: false })`, while any other fact value (number, string, null,
//     missing) is returned unchanged, as if there were no path.
// Facts are data (plain objects, arrays and primitives, as parsed from JSON); a function-valued
// fact, which the engine would call, is outside what rating passes in.
import { JSONPath } from 'jsonpath-plus';
import type { Facts } from './compile-condition';

export type FactReader = (facts: Facts) => unknown;

export interface CompiledFactReader {
  read: FactReader;
  /** Reading can throw only when the path is handed to jsonpath-plus (filters, bad syntax, ...). */
  canThrow: boolean;
}

/** `fact` and `path` as written in a condition leaf or in a `{ fact, path }` value. */
export function compileFactReader({
  fact,
  path,
}: {
  fact: unknown;
  path: unknown;
}): CompiledFactReader {
  const lookup = compileFactLookup(fact);
  // The almanac resolves a path only when it is truthy: "" means no path.
  if (!path) return { read: lookup, canThrow: false };

  const chain = typeof path === 'string' ? propertyChainOf(path) : undefined;
  const query = chain ? compilePropertyChain(chain) : compileJsonPathQuery(path);
  const read: FactReader = (facts) => {
    const value = lookup(facts);
    return value !== null && typeof value === 'object' ? query(value) : value;
  };
  return { read, canThrow: chain === undefined };
}

function compileFactLookup(fact: unknown): FactReader {
  // The almanac keeps runtime facts in a Map keyed by their (string) names, so a non-string fact
  // name never matches, and names such as "toString" match only a fact the run was given.
  if (typeof fact !== 'string') return () => undefined;
  if (fact in Object.prototype) {
    return (facts) => (Object.hasOwn(facts, fact) ? facts[fact] : undefined);
  }
  return (facts) => facts[fact];
}

// ---------------------------------------------------------------- simple paths

const SPECIAL_SEGMENTS = new Set(['*', '..', '^', '~', '$']);
const SLICE_SEGMENT = /^(-?\d*):(-?\d*):?(\d*)$/u;
const SPECIAL_PREFIX = /^(?:\?\(|[(@`])/u;

/**
 * The property names of a path that only walks down named properties or indexes (`$.a.b`,
 * `$.items[0]`, `$['a.b']`), or undefined for any other path. The path is split by jsonpath-plus
 * itself, so both agree on what each segment is.
 */
function propertyChainOf(path: string): string[] | undefined {
  let segments: unknown[];
  try {
    segments = JSONPath.toPathArray(path);
  } catch {
    // jsonpath-plus fails on some paths (e.g. "constructor", through its parse cache); the
    // general query below fails the same way when it runs.
    return undefined;
  }
  // jsonpath-plus drops the root marker when more follows it.
  if (segments[0] === '$' && segments.length > 1) segments = segments.slice(1);
  return segments.every(isPlainSegment) ? (segments as string[]) : undefined;
}

/** A segment jsonpath-plus follows as a plain own property, with no wildcard, filter, slice or union. */
function isPlainSegment(segment: unknown): boolean {
  return (
    typeof segment === 'string' &&
    !SPECIAL_SEGMENTS.has(segment) &&
    !SLICE_SEGMENT.test(segment) &&
    !SPECIAL_PREFIX.test(segment) &&
    !segment.includes(',')
  );
}

/**
 * jsonpath-plus (wrap: false) follows a plain segment only from a truthy value that has it as an
 * own property (a string has its indexes and `length`), and yields undefined when a step is
 * missing; a single match, array or not, is returned as is.
 */
function compilePropertyChain(chain: readonly string[]): (json: object) => unknown {
  const [first, second] = chain;
  if (chain.length === 1 && first !== undefined) {
    return (json) =>
      Object.hasOwn(json, first) ? (json as Record<string, unknown>)[first] : undefined;
  }
  if (chain.length === 2 && first !== undefined && second !== undefined) {
    return (json) => stepInto(stepInto(json, first), second);
  }
  return (json) => {
    let value: unknown = json;
    for (const segment of chain) {
      value = stepInto(value, segment);
      if (value === undefined) return undefined;
    }
    return value;
  };
}

function stepInto(value: unknown, segment: string): unknown {
  return value && Object.hasOwn(value, segment)
    ? (value as Record<string, unknown>)[segment]
    : undefined;
}

// ---------------------------------------------------------------- other paths

function compileJsonPathQuery(path: unknown): (json: object) => unknown {
  return (json) => JSONPath({ path: path as string, json, wrap: false });
}
