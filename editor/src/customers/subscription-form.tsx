// A subscription or contract as a form: the product, how it is billed, its quantity and dates,
// and for a contract its term, whether it renews, and the notice the customer must be given
// before each renewal. The server names every bad field; each message shows under its field.
import { useState } from 'react';
import { callApi } from '../api/api-client';
import { Field, useFormSubmit, TextField, FormFooter } from '../ui/field-errors';
import {
  NO_SUBSCRIPTION,
  SUBSCRIPTION_FIELD_PATHS,
  customerApiPath,
  subscriptionBodyOf,
  subscriptionFieldsOf,
  type SubscriptionFields,
  type SubscriptionView,
} from './customer-api';

const SHOWN_PATHS = Object.values(SUBSCRIPTION_FIELD_PATHS);

export function SubscriptionForm(props: {
  customerId: string;
  /** The subscription to change; a new one when left out. */
  subscription?: SubscriptionView;
  onSaved: (saved: SubscriptionView) => void;
  onCancel: () => void;
}) {
  const { subscription, customerId } = props;
  const [fields, setFields] = useState<SubscriptionFields>(
    subscription ? subscriptionFieldsOf(subscription) : NO_SUBSCRIPTION,
  );
  const [reason, setReason] = useState('');
  const set = <K extends keyof SubscriptionFields>(name: K, value: SubscriptionFields[K]) =>
    setFields((current) => ({ ...current, [name]: value }));
  const title = subscription
    ? `Change subscription ${subscription.subscription.id}`
    : 'New subscription or contract';
  const titleId = `subscription-form-${subscription?.subscription.id ?? 'new'}`;

  const { busy, problem, submit } = useFormSubmit(async () => {
    const body = {
      ...subscriptionBodyOf(fields, subscription),
      ...(reason.trim() !== '' && { reason: reason.trim() }),
      ...(subscription && { revision: subscription.revision }),
    };
    const base = `${customerApiPath(customerId)}/subscriptions`;
    const saved = subscription
      ? await callApi<SubscriptionView>(
          'PUT',
          `${base}/${encodeURIComponent(subscription.subscription.id)}`,
          body,
        )
      : await callApi<SubscriptionView>('POST', base, body);
    props.onSaved(saved);
  });

  const text = (name: keyof SubscriptionFields, label: string, hint?: string, input?: object) => (
    <TextField
      label={label}
      path={SUBSCRIPTION_FIELD_PATHS[name]}
      problem={problem}
      hint={hint}
      value={fields[name] as string}
      onChange={(value) => set(name, value as SubscriptionFields[typeof name])}
      input={input}
    />
  );

  return (
    <form
      className="card form subscription-form"
      aria-labelledby={titleId}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h3 id={titleId}>{title}</h3>
      <div className="field-grid">
        {subscription ? (
          <p>
            Id <code>{subscription.subscription.id}</code> (it never changes)
          </p>
        ) : (
          text('id', 'Subscription id', 'Such as sub-acme-platform', { autoComplete: 'off' })
        )}
        {text('product', 'Product', 'As pricing rules name it, such as platform')}
        {text('sku', 'SKU (optional)')}
        <Field label="Billed" path={SUBSCRIPTION_FIELD_PATHS.type} problem={problem}>
          {(control) => (
            <select
              {...control}
              value={fields.type}
              onChange={(event) => set('type', event.target.value as SubscriptionFields['type'])}
            >
              <option value="recurring">Every period, in advance</option>
              <option value="one_time">Once, at the start</option>
            </select>
          )}
        </Field>
        {text('quantity', 'Quantity', 'Such as 25 seats', { inputMode: 'decimal' })}
        {text('baseAmount', 'Base amount (optional)', 'What a percentage price is taken of', {
          inputMode: 'decimal',
        })}
        {text('start', 'Start (UTC day)', undefined, { type: 'date' })}
        {text('end', 'End (UTC day, optional)', 'Excluded: nothing is billed from that day', {
          type: 'date',
        })}
        {text('termMonths', 'Term in months (contracts)', 'Such as 12 for an annual contract', {
          inputMode: 'numeric',
        })}
        <label className="check">
          <input
            type="checkbox"
            checked={fields.autoRenew}
            disabled={fields.termMonths.trim() === ''}
            onChange={(event) => set('autoRenew', event.target.checked)}
          />
          Renews by itself at the end of each term
        </label>
        {text(
          'renewalNoticeDays',
          'Renewal notice (days)',
          'Days before each renewal by which the customer is told and may still cancel',
          { inputMode: 'numeric' },
        )}
      </div>
      <FormFooter
        reason={reason}
        onReason={setReason}
        problem={problem}
        shown={SHOWN_PATHS}
        busy={busy}
        save={subscription ? 'Save the subscription' : 'Add the subscription'}
        onCancel={props.onCancel}
      />
    </form>
  );
}
