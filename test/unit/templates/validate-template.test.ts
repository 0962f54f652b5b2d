// A template version is saved (and reviewed) only if it compiles and renders the sample context of
// its purpose in strict mode; each problem names the field and, where Handlebars knows it, the
// line and column. The default templates and their samples pass, with the amounts they must show.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../server/templates/render-template';
import { readDefaultTemplates } from '../../../server/templates/seed-default-templates';
import {
  PURPOSES,
  TEMPLATE_PURPOSES,
  type TemplateDocument,
} from '../../../server/templates/template-document';
import {
  validateTemplate,
  validateTemplateContext,
} from '../../../server/templates/validate-template';

const anInvoiceTemplate = (overrides: Partial<TemplateDocument> = {}): TemplateDocument => ({
  key: 'invoice-short',
  purpose: 'invoice',
  description: 'A one-line invoice',
  source: '<p>{{invoice.number}}: {{money invoice.amountDue invoice.currency}}</p>',
  ...overrides,
});

const issuesOf = (document: unknown) => {
  const outcome = validateTemplate(document);
  return outcome.ok ? [] : outcome.issues;
};

const sampleInvoice = PURPOSES.invoice.sample as Record<string, unknown>;

describe('validateTemplate', () => {
  it('accepts a template that renders the sample invoice', () => {
    expect(validateTemplate(anInvoiceTemplate())).toEqual({
      ok: true,
      value: anInvoiceTemplate(),
    });
  });

  it.each([
    [
      'a block never closed',
      '<p>\n{{#each lines}}\n{{description}}',
      'line 3: does not parse: the template ends before a {{#block}} or an expression is closed',
    ],
    [
      'a field the context does not have',
      '<p>\n  {{customer.nmae}}</p>',
      // The column of the name, after the braces.
      'line 2, column 5: "nmae" is not a field of the context here',
    ],
    [
      'a misspelt field inside a loop',
      '{{#each lines}}<td>{{descripton}}</td>{{/each}}',
      'line 1, column 22: "descripton" is not a field of the context here',
    ],
    [
      'an unknown helper',
      '<p>{{currency invoice.amountDue}}</p>',
      'line 1, column 4: "currency" is not a helper; the helpers are money, price, number, percent, date, isZero, eq, with if, unless, each, with and lookup',
    ],
    [
      'a helper given nothing',
      '<p>\n{{money invoice.total invoice.currency}}</p>',
      'line 2, column 1: money: needs a decimal string such as "12.50", not nothing',
    ],
    [
      'an amount the template would have to round',
      '<p>{{money lines.[2].unitPrice invoice.currency}}</p>',
      'line 1, column 4: money: 0.023 has more decimals than USD has (2)',
    ],
    [
      'unescaped output',
      '<p>{{{customer.name}}}</p>',
      'line 1, column 4: {{{…}}} and {{&…}} write a value without HTML escaping; use {{…}}',
    ],
    [
      'a partial',
      '{{> header}}',
      'line 1, column 1: partials ({{> name}}) are not available in templates',
    ],
    [
      'nothing but white space',
      '{{#if invoice.purchaseOrder}}{{/if}}  \n',
      'renders nothing with this context',
    ],
  ])('refuses %s, naming $.source', (_case, source, message) => {
    expect(issuesOf(anInvoiceTemplate({ source }))).toEqual([{ path: '$.source', message }]);
  });

  it('names every schema problem before trying to render', () => {
    expect(issuesOf({ key: 'Invoice', purpose: 'receipt', source: '' })).toEqual([
      { path: '$.description', message: 'is required' },
      {
        path: '$.key',
        message:
          'must be lower-case letters, digits and dashes, starting with a letter or digit, such as "saas-pricing"',
      },
      { path: '$.purpose', message: expect.stringContaining('"invoice"') },
      { path: '$.source', message: 'must not be empty' },
    ]);
  });

  it('asks a dunning e-mail for a subject, and no other template', () => {
    const email = {
      key: 'reminder',
      purpose: 'dunning-email',
      description: 'A reminder',
      source: '<p>{{invoice.number}}</p>',
    };
    expect(issuesOf(email)).toEqual([
      { path: '$.subject', message: 'is required for a dunning e-mail' },
    ]);
    expect(issuesOf({ ...email, subject: 'Invoice {{invoice.numbr}}' })).toEqual([
      {
        path: '$.subject',
        message: 'line 1, column 11: "numbr" is not a field of the context here',
      },
    ]);
    expect(issuesOf(anInvoiceTemplate({ subject: 'Your invoice' }))).toEqual([
      { path: '$.subject', message: 'only dunning e-mails have a subject' },
    ]);
  });
});

describe('renderTemplate', () => {
  it('escapes every value: a customer name is text, never markup', () => {
    const rendered = renderTemplate({
      template: { source: '<p>{{customer.name}}</p>' },
      context: { customer: { name: '<script>alert(1)</script> & Co' } },
    });
    expect(rendered).toEqual({
      ok: true,
      html: '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</p>',
      subject: null,
    });
  });

  it.each([
    ['en-US', 'USD', '1442.91', '{{money amount currency}}', '$1,442.91'],
    ['de-DE', 'EUR', '1442.91', '{{money amount currency}}', '1.442,91\u00a0€'], // Intl separates with a no-break space
    ['en-US', 'JPY', '1654', '{{money amount currency}}', '¥1,654'],
    ['en-US', 'BHD', '12.345', '{{money amount currency}}', 'BHD\u00a012.345'],
    ['en-US', 'USD', '-22.05', '{{money amount currency}}', '-$22.05'],
    // 17 significant digits: a JS number would print 12345678901234568.
    [
      'en-US',
      'USD',
      '12345678901234567.89',
      '{{money amount currency}}',
      '$12,345,678,901,234,567.89',
    ],
    ['en-US', 'USD', '0.023', '{{price amount currency}}', '$0.023'],
    ['en-US', 'USD', '0.5', '{{price amount currency}}', '$0.50'],
    ['en-US', 'USD', '1250.5', '{{number amount}}', '1,250.5'],
    ['en-US', 'USD', '10.25', '{{percent amount}}', '10.25%'],
    ['en-US', 'USD', '0.00', '{{#if (isZero amount)}}zero{{/if}}', 'zero'],
  ])('formats in %s %s: %s with %s as %s', (locale, currency, amount, source, expected) => {
    const rendered = renderTemplate({
      template: { source },
      context: { locale, currency, amount },
    });
    expect(rendered).toEqual({ ok: true, html: expected, subject: null });
  });

  it('formats dates in UTC for the locale', () => {
    const render = (locale: string, value: string) =>
      renderTemplate({ template: { source: '{{date value}}' }, context: { locale, value } });
    expect(render('en-US', '2026-04-01')).toMatchObject({ html: 'April 1, 2026' });
    expect(render('en-GB', '2026-04-01T23:30:00-05:00')).toMatchObject({ html: '2 April 2026' });
  });
});

describe('the default templates', () => {
  it('has a sample context of every purpose that matches its schema', () => {
    for (const purpose of TEMPLATE_PURPOSES) {
      expect({
        purpose,
        issues: validateTemplateContext(purpose, PURPOSES[purpose].sample, '$'),
      }).toEqual({ purpose, issues: [] });
    }
  });

  it('names the bad fields of a context, under the path given', () => {
    const { invoice: _invoice, ...withoutInvoice } = sampleInvoice;
    expect(
      validateTemplateContext('invoice', { ...withoutInvoice, locale: 'English' }, '$.context'),
    ).toEqual([
      { path: '$.context.invoice', message: 'is required' },
      { path: '$.context.locale', message: expect.any(String) },
    ]);
  });

  it('are valid, including the two e-mails the example dunning policy names', async () => {
    const templates = (await readDefaultTemplates('templates')) as TemplateDocument[];
    expect(templates.map((template) => `${template.key} ${template.purpose}`)).toEqual([
      'invoice invoice',
      'credit-note credit-note',
      'statement statement',
      'payment-reminder dunning-email',
      'dispute-follow-up dunning-email',
    ]);
    const dunning = readFileSync('rules/examples/dunning/policies/dunning.json', 'utf8');
    const named = [...dunning.matchAll(/"template": "([a-z-]+)"/g)].map(([, name]) => name);
    expect(named.sort()).toEqual(['dispute-follow-up', 'payment-reminder']);
    for (const template of templates) {
      expect({ key: template.key, issues: issuesOf(template) }).toEqual({
        key: template.key,
        issues: [],
      });
    }
  });

  it('render the sample amounts as the customer must read them', async () => {
    const templates = (await readDefaultTemplates('templates')) as TemplateDocument[];
    const render = (key: string) => {
      const template = templates.find((candidate) => candidate.key === key)!;
      const rendered = renderTemplate({ template, context: PURPOSES[template.purpose].sample });
      if (!rendered.ok) throw new Error(JSON.stringify(rendered.issues));
      return rendered;
    };
    // 1190.70 + 220.50 + 31.71 = 1442.91; nothing paid yet.
    const invoice = render('invoice').html;
    expect(invoice).toContain(
      '<tr class="due"><td>Amount due</td><td class="number">$1,442.91</td></tr>',
    );
    expect(invoice).toContain('−$120.00'); // the 10% commitment discount on 1200.00
    expect(invoice).toContain('$0.023'); // the storage unit price, unrounded
    expect(invoice).toContain(
      '<td>WA sales tax</td><td class="number">10.25%</td><td class="number">$1,308.76</td><td class="number">$134.15</td>',
    );
    expect(invoice).toContain('April 15, 2026');
    expect(invoice).not.toContain('Paid</td>');
    // 20.00 + 10.25% tax 2.05
    expect(render('credit-note').html).toContain('Total credited</td><td class="number">$22.05');
    // 1310.40 + 1442.91 - 1310.40 - 22.05
    expect(render('statement').html).toContain(
      'Closing balance</td><td></td><td></td><td class="number">$1,420.86',
    );
    const reminder = render('payment-reminder');
    expect(reminder.subject).toBe('Payment reminder: invoice INV-2026-000042 is 5 days overdue');
    expect(reminder.html).toContain('Pay $1,420.86 now');
    expect(render('dispute-follow-up').subject).toBe(
      'Your dispute of invoice INV-2026-000042: what we need from you',
    );
  });
});
