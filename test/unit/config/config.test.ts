import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config/config';

describe('loadConfig', () => {
  it('has defaults that run on a fresh machine: the embedded store, port 3000', () => {
    expect(loadConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      mongodbUri: undefined,
      logLevel: 'info',
      approvalsRequired: 1,
      auditRetentionYears: 7,
      chromiumPath: '/usr/bin/chromium',
      pdfPages: 2,
      invoiceRunWindow: undefined,
      smtpUrl: undefined,
      mailFrom: undefined,
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      MONGODB_URI: 'mongodb://db:27017/ledgerline',
      LOG_LEVEL: 'warn',
      APPROVALS_REQUIRED: '2',
      DATA_DIR: '/var/lib/ledgerline',
      CHROMIUM_PATH: '/opt/chromium/chrome',
      PDF_PAGES: '4',
      INVOICE_RUN_AT: '02:30',
      SMTP_URL: 'smtps://billing:pw@mail.example.com:465',
      MAIL_FROM: '"Billing" <billing@example.com>',
    });
    expect(config).toMatchObject({
      port: 8080,
      mongodbUri: 'mongodb://db:27017/ledgerline',
      logLevel: 'warn',
      approvalsRequired: 2,
      dataDir: '/var/lib/ledgerline',
      chromiumPath: '/opt/chromium/chrome',
      pdfPages: 4,
      invoiceRunWindow: { from: 150, until: 1440 },
      smtpUrl: 'smtps://billing:pw@mail.example.com:465',
      mailFrom: '"Billing" <billing@example.com>',
    });
  });

  it('refuses to start on bad values, naming every one, without echoing the URI', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '80a',
        LOG_LEVEL: 'loud',
        APPROVALS_REQUIRED: '0',
        MONGODB_URI: 'postgres://u:secret@h',
        PDF_PAGES: '0',
        INVOICE_RUN_AT: '25:00',
        // Below the legal floor of the retention settings.
        AUDIT_RETENTION_YEARS: '5',
        SMTP_URL: 'http://u:secret@mail.example.com',
        MAIL_FROM: 'billing',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'LOG_LEVEL="loud": expected one of fatal, error, warn, info, debug, trace, silent',
      'MONGODB_URI: expected a mongodb:// or mongodb+srv:// connection string',
      'PORT="80a": expected a whole number from 0 to 65535',
      'APPROVALS_REQUIRED="0": expected a whole number from 1 to 10',
      'AUDIT_RETENTION_YEARS="5": expected a whole number from 6 to 100',
      'PDF_PAGES="0": expected a whole number from 1 to 16',
      'SMTP_URL: expected an smtp:// or smtps:// URL, such as smtp://mail.example.com:587',
      'MAIL_FROM="billing": expected an e-mail address, optionally with a name: "Billing" <billing@example.com>',
      'INVOICE_RUN_AT="25:00": expected a time of day HH:MM or a window HH:MM-HH:MM (UTC)',
    ]);
    expect((error as Error).message).not.toContain('secret');
  });
});
