// A customer's profile as a form: who it is, the facts tax and pricing rules read (country,
// currency, tax id, type, segment), and where it is billed (e-mail, address, anchor day). The
// server checks it whole and names every bad field; each message shows under its field.
import { useState } from 'react';
import { callApi } from '../api/api-client';
import { Field, useFormSubmit, TextField, FormFooter } from '../ui/field-errors';
import {
  CUSTOMER_FIELD_PATHS,
  NO_CUSTOMER,
  customerApiPath,
  fieldsOf,
  profileOf,
  type CustomerFields,
  type CustomerView,
} from './customer-api';

const SHOWN_PATHS = Object.values(CUSTOMER_FIELD_PATHS).flat();

export function CustomerForm(props: {
  title: string;
  /** The customer to change; a new one when left out. */
  customer?: CustomerView;
  onSaved: (saved: CustomerView) => void;
  onCancel: () => void;
}) {
  const { customer } = props;
  const [fields, setFields] = useState<CustomerFields>(customer ? fieldsOf(customer) : NO_CUSTOMER);
  const [reason, setReason] = useState('');
  const set = <K extends keyof CustomerFields>(name: K, value: CustomerFields[K]) =>
    setFields((current) => ({ ...current, [name]: value }));

  const { busy, problem, submit } = useFormSubmit(async () => {
    const body = {
      ...profileOf(fields, customer),
      ...(reason.trim() !== '' && { reason: reason.trim() }),
      ...(customer && { revision: customer.revision }),
    };
    const saved = customer
      ? await callApi<CustomerView>('PUT', customerApiPath(customer.id), body)
      : await callApi<CustomerView>('POST', '/api/v1/customers', body);
    props.onSaved(saved);
  });

  const text = (name: keyof CustomerFields, label: string, hint?: string, input?: object) => (
    <TextField
      label={label}
      path={CUSTOMER_FIELD_PATHS[name]}
      problem={problem}
      hint={hint}
      value={fields[name] as string}
      onChange={(value) => set(name, value as CustomerFields[typeof name])}
      input={input}
    />
  );

  return (
    <form
      className="card form customer-form"
      aria-labelledby="customer-form-title"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h2 id="customer-form-title">{props.title}</h2>
      <fieldset className="field-group">
        <legend>Customer</legend>
        {customer ? (
          <p>
            Id <code>{customer.id}</code> (it never changes)
          </p>
        ) : (
          text('id', 'Id', 'Letters, digits, “.”, “_” and “-”, such as acme-corp', {
            autoComplete: 'off',
            maxLength: 64,
          })
        )}
        {text('name', 'Name', 'As documents print it', { maxLength: 200 })}
        <Field label="Type" path={CUSTOMER_FIELD_PATHS.type} problem={problem}>
          {(control) => (
            <select
              {...control}
              value={fields.type}
              onChange={(event) => set('type', event.target.value as CustomerFields['type'])}
            >
              <option value="">Not said</option>
              <option value="business">Business</option>
              <option value="individual">Individual</option>
            </select>
          )}
        </Field>
        {text('segment', 'Segment', 'Rules may read it, such as enterprise')}
      </fieldset>
      <fieldset className="field-group">
        <legend>Tax and currency</legend>
        {text('country', 'Country', 'Two letters, such as US or DE: the billing address’s', {
          maxLength: 2,
          autoComplete: 'country',
        })}
        {text('region', 'Tax region', 'Such as US-WA, for state taxes')}
        {text('currency', 'Billing currency', 'ISO 4217, such as USD', { maxLength: 3 })}
        {text('taxId', 'Tax id', 'Such as the EU VAT id DE123456789')}
        <label className="check">
          <input
            type="checkbox"
            checked={fields.taxExempt}
            onChange={(event) => set('taxExempt', event.target.checked)}
          />
          Tax exempt (holds an exemption certificate)
        </label>
      </fieldset>
      <fieldset className="field-group">
        <legend>Billing</legend>
        {text('email', 'Billing e-mail', 'Where invoices are sent', {
          type: 'email',
          autoComplete: 'email',
        })}
        <Field
          label="Address lines"
          path={CUSTOMER_FIELD_PATHS.addressLines}
          problem={problem}
          hint="One line per street line"
        >
          {(control) => (
            <textarea
              {...control}
              rows={2}
              value={fields.addressLines}
              onChange={(event) => set('addressLines', event.target.value)}
            />
          )}
        </Field>
        {text('city', 'City')}
        {text('postalCode', 'Postal code')}
        {text('addressRegion', 'State or region (printed)')}
        {text('locale', 'Document language', 'Such as en-US or de-DE; en-US when empty')}
        {text(
          'anchorDay',
          'Anchor day',
          'The day of the month periods start on, 1 to 28; the 1st when empty',
          {
            inputMode: 'numeric',
          },
        )}
        {text('promoCodes', 'Promotion codes', 'Separated by commas, such as SPRING26')}
      </fieldset>
      <FormFooter
        reason={reason}
        onReason={setReason}
        problem={problem}
        shown={SHOWN_PATHS}
        busy={busy}
        save={customer ? 'Save the profile' : 'Create the customer'}
        onCancel={props.onCancel}
      />
    </form>
  );
}
