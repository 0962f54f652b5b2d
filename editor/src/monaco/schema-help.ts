// What the JSON Schemas say about one place of a document: the schemas that apply there, the
// values they allow (enum, const), the members they describe, and the description to show. The
// editor's completion and hover use it. The policy schemas choose a condition's shape with
// if/then/else on the document's own content, which Monaco's JSON language does not follow for
// completion; this walk evaluates those `if`s against the document. No Monaco here, so it is
// tested on its own.

export type Schema = { [keyword: string]: unknown } | boolean;
export type Segment = string | number;
type SchemaObject = { [keyword: string]: unknown };

const isObject = (value: unknown): value is SchemaObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The schema with every $ref made absolute against its $id: Monaco's JSON language looks refs up
 * among the registered schemas by absolute address only, and leaves a ref it cannot find
 * unchecked (ajv resolves "common.schema.json#/..." against the $id itself).
 */
export function withAbsoluteRefs(node: unknown, base: string): unknown {
  if (Array.isArray(node)) return node.map((item) => withAbsoluteRefs(item, base));
  if (!isObject(node)) return node;
  return Object.fromEntries(
    Object.entries(node).map(([name, value]) => [
      name,
      name === '$ref' && typeof value === 'string'
        ? new URL(value, base).href
        : withAbsoluteRefs(value, base),
    ]),
  );
}

/** Schemas by $id, their $refs absolute, to resolve "https://…/x.schema.json#/$defs/y". */
export class SchemaIndex {
  private readonly byId = new Map<string, SchemaObject>();

  constructor(schemas: readonly { $id: string }[]) {
    for (const schema of schemas) {
      this.byId.set(schema.$id, withAbsoluteRefs(schema, schema.$id) as SchemaObject);
    }
  }

  get(id: string): SchemaObject | undefined {
    return this.byId.get(id);
  }

  resolve(ref: string): Schema | undefined {
    const [id = '', pointer = ''] = ref.split('#');
    let node: unknown = this.byId.get(id);
    for (const part of pointer.split('/').filter(Boolean)) {
      if (!isObject(node)) return undefined;
      node = node[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    }
    return isObject(node) || typeof node === 'boolean' ? node : undefined;
  }
}

/** Whether `value` passes an `if` schema, as far as these schemas use it; undefined: unknown. */
function passesIf(condition: Schema, value: unknown): boolean | undefined {
  if (typeof condition === 'boolean') return condition;
  if (value === undefined) return undefined;
  if (!isObject(value)) return false;
  const required = Array.isArray(condition.required) ? (condition.required as string[]) : [];
  if (!required.every((name) => name in value)) return false;
  const properties = isObject(condition.properties) ? condition.properties : {};
  for (const [name, rule] of Object.entries(properties)) {
    if (isObject(rule) && 'const' in rule && name in value && value[name] !== rule.const) {
      return false;
    }
  }
  return true;
}

const MAX_DEPTH = 24;

/** The schema and every schema it brings in at the same place ($ref, *Of, the if branch taken). */
function expand(index: SchemaIndex, schema: Schema, value: unknown, depth = 0): SchemaObject[] {
  if (!isObject(schema) || depth > MAX_DEPTH) return [];
  const found: SchemaObject[] = [schema];
  const more = (next: unknown) => {
    if (isObject(next) || typeof next === 'boolean') {
      found.push(...expand(index, next, value, depth + 1));
    }
  };
  if (typeof schema.$ref === 'string') more(index.resolve(schema.$ref));
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[keyword];
    if (Array.isArray(list)) list.forEach(more);
  }
  if (schema.if !== undefined) {
    const passes = passesIf(schema.if as Schema, value);
    if (passes !== false) more(schema.then);
    if (passes !== true) more(schema.else);
  }
  return found;
}

function children(schema: SchemaObject, segment: Segment): Schema[] {
  if (typeof segment === 'number') {
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems[segment] : undefined;
    const items = prefix ?? schema.items;
    return isObject(items) || typeof items === 'boolean' ? [items] : [];
  }
  const properties = isObject(schema.properties) ? schema.properties : {};
  if (segment in properties) return [properties[segment] as Schema];
  const patterns = isObject(schema.patternProperties) ? schema.patternProperties : {};
  const matching = Object.entries(patterns)
    .filter(([pattern]) => new RegExp(pattern, 'u').test(segment))
    .map(([, sub]) => sub as Schema);
  if (matching.length > 0) return matching;
  return isObject(schema.additionalProperties) ? [schema.additionalProperties] : [];
}

/** Every schema that applies at `path` of `document`, under the root schema `rootId`. */
export function schemasAt(
  index: SchemaIndex,
  rootId: string,
  document: unknown,
  path: readonly Segment[],
): SchemaObject[] {
  const root = index.get(rootId);
  if (!root) return [];
  let value: unknown = document;
  let current = expand(index, root, value);
  for (const segment of path) {
    const parent = value;
    value = isObject(parent) || Array.isArray(parent) ? (parent as never)[segment] : undefined;
    current = current.flatMap((schema) =>
      children(schema, segment).flatMap((child) => expand(index, child, value)),
    );
  }
  return current;
}

/** The values the schemas allow here (enum and const), each once, in the schemas' order. */
export function allowedValues(schemas: readonly SchemaObject[]): unknown[] {
  const values: unknown[] = [];
  const seen = new Set<string>();
  for (const schema of schemas) {
    const candidates = Array.isArray(schema.enum)
      ? schema.enum
      : 'const' in schema
        ? [schema.const]
        : [];
    for (const value of candidates) {
      const key = JSON.stringify(value);
      if (!seen.has(key)) {
        seen.add(key);
        values.push(value);
      }
    }
  }
  return values;
}

/** The members the schemas describe here, with the description of each (first one found). */
export function memberNames(
  schemas: readonly SchemaObject[],
  index: SchemaIndex,
): { name: string; description: string | undefined }[] {
  const members = new Map<string, string | undefined>();
  for (const schema of schemas) {
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const [name, sub] of Object.entries(properties)) {
      if (sub === true) continue;
      const description = describe(expand(index, sub as Schema, undefined));
      if (!members.has(name) || members.get(name) === undefined) members.set(name, description);
    }
  }
  return [...members].map(([name, description]) => ({ name, description }));
}

/** The first description (or title) of the schemas that apply here. */
export function describe(schemas: readonly SchemaObject[]): string | undefined {
  for (const schema of schemas) {
    if (typeof schema.description === 'string') return schema.description;
  }
  for (const schema of schemas) {
    if (typeof schema.title === 'string') return schema.title;
  }
  return undefined;
}
