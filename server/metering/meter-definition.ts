// A meter as billing admins write it (rules/schemas/meter.schema.json), checked by the schema
// and by what the schema cannot say: uniqueBy belongs to unique_count meters, and there the
// counted dimension is not also a dimension usage is grouped by (each value would be its own line
// of one).
import { SCHEMA_IDS, type ValidationIssue, type ValidationOutcome } from '../rating/validation';
import { validateAgainstSchema } from '../rating/validation/schema-validator';
import { toOutcome } from '../rating/validation/validation-outcome';
import type { Aggregation } from '../rating/types';

export interface MeterDefinitionInput {
  id: string;
  name: string;
  unit?: string;
  description?: string;
  aggregation: Aggregation;
  uniqueBy?: string;
  dimensions?: string[];
}

export function validateMeterDefinition(
  document: unknown,
): ValidationOutcome<MeterDefinitionInput> {
  const schemaIssues = validateAgainstSchema(SCHEMA_IDS.meter, document);
  if (schemaIssues.length > 0) return { ok: false, issues: schemaIssues };
  const meter = document as MeterDefinitionInput;
  const issues: ValidationIssue[] = [];
  if (meter.aggregation === 'unique_count' && meter.uniqueBy === undefined) {
    issues.push({
      path: '$.uniqueBy',
      message: 'a unique_count meter needs the dimension whose distinct values it counts',
    });
  }
  if (meter.aggregation !== 'unique_count' && meter.uniqueBy !== undefined) {
    issues.push({
      path: '$.uniqueBy',
      message: `only unique_count meters count distinct values; this one aggregates by ${meter.aggregation}`,
    });
  }
  if (meter.uniqueBy !== undefined && meter.dimensions?.includes(meter.uniqueBy)) {
    issues.push({
      path: '$.dimensions',
      message: `"${meter.uniqueBy}" is the counted dimension and cannot also group usage`,
    });
  }
  return toOutcome(document, issues);
}
