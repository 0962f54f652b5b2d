// Who issues the invoices: read by whoever reads invoices, set by billing admins and admins.
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import { AppError } from '../errors/app-error';
import {
  findSellerSettings,
  saveSellerSettings,
  type SellerSettingsRecord,
} from '../invoicing/seller-settings';
import { SCHEMA_IDS } from '../rating/validation';
import { bodyFields, changeFieldsIssues } from './change-fields';
import { callerOf } from './create-app';
import { NO_CALLER, type RouteDefinition } from './route';

const NO_READ = { description: 'The caller may not read invoices' };

const SELLER_BODY = {
  type: 'object',
  properties: {
    seller: { $ref: `${SCHEMA_IDS.templateContext}#/$defs/seller` },
    paymentTermsDays: { type: 'integer', minimum: 0, maximum: 365 },
    revision: {
      type: 'integer',
      minimum: 1,
      description: 'The revision loaded; left out to create them',
    },
    reason: { type: 'string', maxLength: MAX_REASON_LENGTH },
  },
  required: ['seller', 'paymentTermsDays'],
  additionalProperties: false,
};

function settingsView(settings: SellerSettingsRecord) {
  return {
    seller: settings.seller,
    paymentTermsDays: settings.paymentTermsDays,
    updatedAt: settings.updatedAt,
    revision: settings.revision,
  };
}

export const sellerSettingsRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/settings/seller',
    permission: 'invoices:read',
    operation: {
      operationId: 'getSellerSettings',
      summary: 'Who issues the invoices, and the payment terms',
      tags: ['invoicing'],
      responses: {
        '200': { description: 'The seller settings', schema: { type: 'object' } },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'The seller settings are not set yet' },
      },
    },
    handle: async (context, _request, response) => {
      const settings = await findSellerSettings(context.store);
      if (settings === null) throw new AppError('not_found', 'the seller settings are not set yet');
      response.json(settingsView(settings));
    },
  },
  {
    method: 'put',
    path: '/api/v1/settings/seller',
    permission: 'settings:write',
    operation: {
      operationId: 'saveSellerSettings',
      summary: 'Set who issues the invoices, and the payment terms',
      description:
        'The seller (template-context.schema.json#/$defs/seller: legal name, address, tax id, e-mail, website, payment instructions) every invoice prints, and the days from issue to due date. Without revision the settings are created (409 if they exist); with it, changed under it (409 when changed since). Invoices already printed keep their PDF. Audited as settings.changed.',
      tags: ['invoicing'],
      requestBody: { schema: SELLER_BODY },
      responses: {
        '200': { description: 'The settings as they are now', schema: { type: 'object' } },
        '400': { description: 'A field is invalid; errors names it' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not change settings (settings:write)' },
        '409': {
          description: 'The settings exist (no revision given) or changed since the revision given',
        },
      },
    },
    handle: async (context, request, response) => {
      const { seller, paymentTermsDays, revision, reason, ...rest } = bodyFields(request.body);
      const issues = changeFieldsIssues({ reason, revision }, false).filter(
        (issue) => issue.path !== '$.revision',
      );
      issues.push(
        ...Object.keys(rest).map((name) => ({
          path: `$.${name}`,
          message: 'is not a field of the seller settings',
        })),
      );
      if (revision !== undefined && !(Number.isInteger(revision) && (revision as number) >= 1)) {
        issues.push({
          path: '$.revision',
          message: 'must be the revision you loaded, a whole number',
        });
      }
      if (issues.length > 0)
        throw new AppError('invalid_request', 'the settings are invalid', { issues });
      const caller = callerOf(request);
      const saved = await saveSellerSettings({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        seller,
        paymentTermsDays,
        ...(revision !== undefined && { revision: revision as number }),
        ...(reason !== undefined && { reason: reason as string }),
      });
      response.json(settingsView(saved));
    },
  },
];
