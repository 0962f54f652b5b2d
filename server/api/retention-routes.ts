// Retention: how long invoices, audit entries, raw usage and disputes are kept (read by billing
// admins, finance and admins; changed by admins, never below the floors), and the purge, which
// runs every hour and which an admin may run by hand to see what it does.
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import { AppError } from '../errors/app-error';
import {
  DEFAULT_RETENTION,
  RETENTION_CEILINGS,
  RETENTION_FIELDS,
  RETENTION_FLOORS,
  retentionIssues,
} from '../retention/retention-periods';
import {
  effectiveRetention,
  retentionDefaults,
  type EffectiveRetention,
} from '../retention/retention-settings';
import { runRetentionPurge } from '../retention/run-retention-purge';
import { saveRetentionSettings } from '../retention/save-retention-settings';
import type { AppContext } from './app-context';
import { bodyFields, changeFieldsIssues } from './change-fields';
import { callerOf } from './create-app';
import { NO_CALLER, type RouteDefinition } from './route';

const NO_MANAGE = { description: 'The caller may not manage retention (retention:manage)' };

const PERIOD_DESCRIPTIONS: Record<(typeof RETENTION_FIELDS)[number], string> = {
  invoiceYears:
    'Invoices, credit and debit notes and their PDFs: years from the end of the year of issue',
  auditLogYears: 'Audit entries: years from when each was written',
  rawUsageDays:
    'Raw usage events: days after their batch was aggregated (the daily aggregates are kept); also how old an event may be when it arrives',
  disputeYears: 'Dispute records: years from their resolution (open disputes are kept)',
};

const PERIOD_PROPERTIES = Object.fromEntries(
  RETENTION_FIELDS.map((field) => [
    field,
    {
      type: 'integer',
      minimum: RETENTION_FLOORS[field],
      maximum: RETENTION_CEILINGS[field],
      default: DEFAULT_RETENTION[field],
      description: PERIOD_DESCRIPTIONS[field],
    },
  ]),
);

const SETTINGS_BODY = {
  type: 'object',
  properties: {
    ...PERIOD_PROPERTIES,
    revision: {
      type: 'integer',
      minimum: 1,
      description: 'The revision loaded; left out to save them the first time',
    },
    reason: { type: 'string', maxLength: MAX_REASON_LENGTH },
  },
  required: [...RETENTION_FIELDS],
  additionalProperties: false,
};

function defaultsOf(context: AppContext) {
  return retentionDefaults(context.config.auditRetentionYears);
}

function settingsView(context: AppContext, effective: EffectiveRetention) {
  return {
    ...effective.periods,
    revision: effective.revision,
    updatedAt: effective.updatedAt,
    defaults: defaultsOf(context),
    floors: RETENTION_FLOORS,
  };
}

const COUNTS_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(
    ['usageEvents', 'usageBatches', 'disputes', 'invoices', 'invoicePdfs', 'auditEntries'].map(
      (name) => [name, { type: 'integer' }],
    ),
  ),
};

export const retentionRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/settings/retention',
    permission: 'retention:read',
    operation: {
      operationId: 'getRetentionSettings',
      summary: 'How long invoices, audit entries, raw usage and disputes are kept',
      description:
        'The periods in force: the saved settings, else the defaults (revision null), the audit log’s being AUDIT_RETENTION_YEARS. With the defaults and the floors.',
      tags: ['operations'],
      responses: {
        '200': { description: 'The retention settings', schema: { type: 'object' } },
        '401': NO_CALLER,
        '403': { description: 'The caller may not read retention settings' },
      },
    },
    handle: async (context, _request, response) => {
      response.json(
        settingsView(context, await effectiveRetention(context.store, defaultsOf(context))),
      );
    },
  },
  {
    method: 'put',
    path: '/api/v1/settings/retention',
    permission: 'retention:manage',
    operation: {
      operationId: 'saveRetentionSettings',
      summary: 'Change how long records are kept',
      description:
        'All four periods, each within its floor and ceiling (400 naming each one outside). Without revision the settings are saved the first time (409 if they were); with it, changed under it (409 when changed since). A change applies from the next page of a purge. Audited as settings.changed with each period before and after.',
      tags: ['operations'],
      requestBody: { schema: SETTINGS_BODY },
      responses: {
        '200': {
          description: 'The retention settings as they are now',
          schema: { type: 'object' },
        },
        '400': { description: 'A field is invalid; errors names it' },
        '401': NO_CALLER,
        '403': NO_MANAGE,
        '409': {
          description: 'Saved already (no revision given) or changed since the revision given',
        },
      },
    },
    handle: async (context, request, response) => {
      const { revision, reason, ...values } = bodyFields(request.body);
      const issues = changeFieldsIssues({ reason, revision }, false).filter(
        (issue) => issue.path !== '$.revision',
      );
      if (revision !== undefined && !(Number.isInteger(revision) && (revision as number) >= 1)) {
        issues.push({
          path: '$.revision',
          message: 'must be the revision you loaded, a whole number',
        });
      }
      for (const name of Object.keys(values)) {
        if (!(RETENTION_FIELDS as readonly string[]).includes(name))
          issues.push({ path: `$.${name}`, message: 'is not a field of the retention settings' });
      }
      issues.push(...retentionIssues(values));
      if (issues.length > 0)
        throw new AppError('invalid_request', 'the retention settings are invalid', { issues });
      const caller = callerOf(request);
      await saveRetentionSettings({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        values,
        defaults: defaultsOf(context),
        ...(revision !== undefined && { revision: revision as number }),
        ...(reason !== undefined && { reason: reason as string }),
      });
      response.json(
        settingsView(context, await effectiveRetention(context.store, defaultsOf(context))),
      );
    },
  },
  {
    method: 'post',
    path: '/api/v1/retention/purge',
    permission: 'retention:manage',
    operation: {
      operationId: 'runRetentionPurge',
      summary: 'Purge what is past its retention now, and say what went',
      description:
        'What the hourly purge does, at once: raw usage events of batches aggregated more than rawUsageDays ago, resolved disputes past disputeYears, invoices past invoiceYears (never a draft, one referenced by a credit or debit note, or one with a dispute still kept) with their PDFs, and audit entries past auditLogYears. Answers the counts and the cut-offs used. Each category that deleted something is audited as retention.purged, the audit log as audit.purged.',
      tags: ['operations'],
      requestBody: {
        schema: {
          type: 'object',
          properties: { reason: { type: 'string', maxLength: MAX_REASON_LENGTH } },
          additionalProperties: false,
        },
      },
      responses: {
        '200': {
          description: 'What the run deleted',
          schema: {
            type: 'object',
            properties: {
              runId: { type: 'string' },
              counts: COUNTS_SCHEMA,
              cutoffs: { type: 'object' },
              auditLog: { enum: ['purged', 'nothing_to_purge', 'refused', 'conflict'] },
            },
            required: ['runId', 'counts', 'cutoffs', 'auditLog'],
          },
        },
        '400': { description: 'A field is invalid; errors names it' },
        '401': NO_CALLER,
        '403': NO_MANAGE,
      },
    },
    handle: async (context, request, response) => {
      const { reason, ...rest } = bodyFields(request.body);
      const issues = changeFieldsIssues({ reason }, false);
      for (const name of Object.keys(rest))
        issues.push({ path: `$.${name}`, message: 'is not a field of this request' });
      if (issues.length > 0)
        throw new AppError('invalid_request', 'the purge request is invalid', { issues });
      const caller = callerOf(request);
      const outcome = await runRetentionPurge({
        store: context.store,
        clock: context.clock,
        blobs: context.blobs,
        actor: { type: caller.type, id: caller.id },
        trigger: 'manual',
        auditRetentionYears: context.config.auditRetentionYears,
        ...(reason !== undefined && { reason: reason as string }),
      });
      response.json(outcome);
    },
  },
];
