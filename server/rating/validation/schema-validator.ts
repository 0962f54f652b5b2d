// One ajv instance for the process: every schema is added once and each validator is compiled on
// first use and reused, since validation runs on every API request.
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { formatSchemaErrors } from './format-schema-errors';
import { isValidInstant } from './instant';
import { SCHEMA_DOCUMENTS } from './schema-documents';
import type { ValidationIssue } from './validation-outcome';

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

function sharedAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({
      strict: true,
      allErrors: true,
      discriminator: true,
      // Errors carry the failing schema and value, so messages can name what was expected and found.
      verbose: true,
    });
    ajv.addFormat('instant', { type: 'string', validate: isValidInstant });
    ajv.addSchema([...SCHEMA_DOCUMENTS]);
  }
  return ajv;
}

function validatorFor(schemaId: string): ValidateFunction {
  let validate = validators.get(schemaId);
  if (!validate) {
    validate = sharedAjv().getSchema(schemaId);
    if (!validate) throw new Error(`no schema with $id ${schemaId}`);
    validators.set(schemaId, validate);
  }
  return validate;
}

/** Validates a document against one schema (by `$id`); an empty list means it conforms. */
export function validateAgainstSchema(schemaId: string, document: unknown): ValidationIssue[] {
  const validate = validatorFor(schemaId);
  if (validate(document)) return [];
  return formatSchemaErrors({ errors: validate.errors ?? [], document });
}
