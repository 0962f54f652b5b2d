// Small request bodies made of string fields (a sign-in, a code): declared once, read both by the
// OpenAPI document (as a JSON Schema) and by the check that answers 400 naming each bad field.
import type { ValidationIssue } from '../rating/validation';

export interface StringField {
  required: boolean;
  maxLength: number;
  description: string;
}

export type StringFields = Readonly<Record<string, StringField>>;

/** The JSON Schema of a body with these fields and no others. */
export function stringFieldsSchema(fields: StringFields): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(fields).map(([name, field]) => [
        name,
        {
          type: 'string',
          ...(field.required && { minLength: 1 }),
          maxLength: field.maxLength,
          description: field.description,
        },
      ]),
    ),
    required: Object.keys(fields).filter((name) => fields[name]!.required),
    additionalProperties: false,
  };
}

/** Every way the body departs from stringFieldsSchema(fields); empty when it conforms. */
export function stringFieldsIssues(body: unknown, fields: StringFields): ValidationIssue[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ path: '$', message: 'must be a JSON object' }];
  }
  const values = body as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const value = values[name];
    const path = fieldPath(name);
    if (value === undefined) {
      if (field.required) issues.push({ path, message: 'is required' });
    } else if (typeof value !== 'string') {
      issues.push({ path, message: 'must be a string' });
    } else if (field.required && value === '') {
      issues.push({ path, message: 'must not be empty' });
    } else if (value.length > field.maxLength) {
      issues.push({ path, message: `must be at most ${field.maxLength} characters` });
    }
  }
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(fields, name)) {
      issues.push({ path: fieldPath(name), message: 'is not a field of this request' });
    }
  }
  return issues;
}

/** $.username, or $["a name"] for a name that is not an identifier. */
function fieldPath(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$.${name}` : `$[${JSON.stringify(name)}]`;
}
