import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  DUNNING_FACT_NAMES,
  RATING_FACT_NAMES,
  SCHEMA_DOCUMENTS,
  schemaFor,
  validateRatingResult,
} from '../../../server/rating/validation';
import { toInstant, toMillis } from '../../../server/rating/time';
import { isValidInstant, parseInstant } from '../../../server/rating/validation/instant';
import { aRatingResult, withValueAt } from './builders';

type Json = Record<string, unknown>;

function resolveLocalRef(ref: string, document: Json): Json | undefined {
  const [file, pointer = ''] = ref.split('#');
  const target = file
    ? SCHEMA_DOCUMENTS.find((schema) => schema.$id.endsWith(`/${file}`))
    : document;
  let node: unknown = target;
  for (const part of pointer.split('/').filter(Boolean)) node = (node as Json | undefined)?.[part];
  return node as Json | undefined;
}

/** Every `properties` entry, with its path, anywhere in a schema. */
function* propertiesOf(node: unknown, path: string): Generator<[string, Json]> {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* propertiesOf(item, `${path}/${index}`);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, schema] of Object.entries(value)) {
        if (schema !== true) yield [`${path}/properties/${name}`, schema as Json];
      }
    }
    yield* propertiesOf(value, `${path}/${key}`);
  }
}

describe('schema documents', () => {
  it('compiles every schema with ajv in strict mode', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true, discriminator: true });
    ajv.addFormat('instant', { type: 'string', validate: isValidInstant });
    ajv.addSchema([...SCHEMA_DOCUMENTS]);
    for (const schema of SCHEMA_DOCUMENTS) expect(ajv.getSchema(schema.$id)).toBeTypeOf('function');
  });

  it.each(SCHEMA_DOCUMENTS.map((schema) => [schema.$id, schema] as const))(
    '%s has a title and a description on every property',
    (id, schema) => {
      expect(id).toMatch(/^https:\/\/ledgerline\.dev\/schemas\/[a-z-]+\.schema\.json$/);
      expect(schema.title).toBeTruthy();
      const undocumented = [...propertiesOf(schema, '#')]
        .filter(([, property]) => {
          if (typeof property.description === 'string') return false;
          const target =
            typeof property.$ref === 'string' ? resolveLocalRef(property.$ref, schema) : undefined;
          return typeof target?.description !== 'string';
        })
        .map(([path]) => path);
      expect(undocumented).toEqual([]);
    },
  );

  it('gives the schema of each policy kind', () => {
    expect(schemaFor('pricing').$id).toBe(
      'https://ledgerline.dev/schemas/pricing-policy.schema.json',
    );
    expect(schemaFor('discount').title).toBe('Discount policy');
    expect(schemaFor('tax').title).toBe('Tax policy');
    expect(schemaFor('dunning').title).toBe('Dunning policy');
  });

  it('names the facts rules can use', () => {
    expect(RATING_FACT_NAMES).toEqual([
      'customer',
      'line',
      'subscription',
      'period',
      'date',
      'promoCodes',
    ]);
    expect(DUNNING_FACT_NAMES).toEqual(['customer', 'invoice', 'date']);
  });
});

describe('facts.schema.json, the facts rules see, as the editor explains them', () => {
  const factsSchema = SCHEMA_DOCUMENTS.find((schema) => schema.$id.endsWith('/facts.schema.json'))!;

  function descriptionAt(pointer: string): string {
    const node = resolveLocalRef(pointer, factsSchema);
    expect(node, pointer).toBeDefined();
    return String(node!.description);
  }

  it('writes every date-time it shows as the rating writes instants: no .000 milliseconds', () => {
    const shown = JSON.stringify(factsSchema).match(/\d{4}-\d\d-\d\dT[\d:.]+Z/g) ?? [];
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((instant) => toInstant(toMillis(instant)) !== instant)).toEqual([]);
  });

  it.each([
    [
      '#/$defs/ratingFacts/properties/date',
      'An ISO 8601 string in UTC such as "2026-03-01T00:00:00Z", with milliseconds only when the instant has them',
    ],
    [
      '#/$defs/line/properties/kind',
      'proration_credit: the credit for unused time after a plan change, priced and discounted like the charge it refunds;',
    ],
    [
      '#/$defs/line/properties/product',
      "Set for subscription lines only (recurring, one_time, proration_credit): usage lines have meter instead, and a usage line's subscription is in the subscription fact and line.subscriptionId.",
    ],
    ['#/$defs/line/properties/meter', 'Set for usage lines only.'],
    [
      '#/$defs/line/properties/dimensions',
      'Empty ({}) for usage without dimensions and for every other line.',
    ],
    [
      '#/$defs/line/properties/term',
      '1 for the first term (and the only one of a subscription without termMonths)',
    ],
    ['#/$defs/period/properties/start', 'as written in the rating request, such as "2026-03-01"'],
  ])('%s says: %s', (pointer, text) => {
    expect(descriptionAt(pointer)).toContain(text);
  });
});

describe('validateRatingResult', () => {
  it('accepts a rating result', () => {
    expect(validateRatingResult(aRatingResult()).ok).toBe(true);
  });

  it('reports an amount given as a number', () => {
    expect(
      validateRatingResult(withValueAt(aRatingResult(), ['lines', 0, 'taxes', 0, 'amount'], 693.5)),
    ).toEqual({
      ok: false,
      issues: [
        {
          path: '$.lines[0].taxes[0].amount',
          message: 'must be a decimal string such as "12.50", not a number',
        },
      ],
    });
  });
});

describe('instants', () => {
  it.each([
    ['2026-03-01', Date.UTC(2026, 2, 1)],
    ['2026-03-01T09:30:00Z', Date.UTC(2026, 2, 1, 9, 30)],
    ['2026-03-01T10:30:00+01:00', Date.UTC(2026, 2, 1, 9, 30)],
    ['2026-02-28T23:30:00-01:00', Date.UTC(2026, 2, 1, 0, 30)],
    ['2026-03-01T09:30:00.250Z', Date.UTC(2026, 2, 1, 9, 30, 0, 250)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
  ])('parses %s', (text, time) => {
    expect(parseInstant(text)).toBe(time);
  });

  it.each([
    '2026-02-29',
    '2100-02-29',
    '2026-13-01',
    '2026-04-31',
    '2026-03-01T24:00:00Z',
    '2026-03-01T23:59:60Z',
    '2026-03-01T10:00:00+24:00',
    '2026-03-01T10:00:00',
    '2026-03-01 10:00:00Z',
    '1 March 2026',
  ])('rejects %s', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });
});
