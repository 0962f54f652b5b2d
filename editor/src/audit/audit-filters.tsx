// The filters of the audit view: a period of whole UTC days (both ends included, as people say
// "from the 1st through the 31st"), an action, who acted and what it was done to.
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, actionLabel, type AuditFilters } from './audit-api';
import type { NameOf } from '../people/use-people';

/** The actions by family (policy, template, user...), for a select with groups. */
const ACTION_GROUPS = [...new Set(AUDIT_ACTIONS.map(familyOf))].map(
  (family) => [family, AUDIT_ACTIONS.filter((action) => familyOf(action) === family)] as const,
);

function familyOf(action: string): string {
  return action.slice(0, action.indexOf('.'));
}

export function AuditFiltersForm(props: {
  filters: AuditFilters;
  onChange: (filters: AuditFilters) => void;
  nameOf: NameOf;
}) {
  const { filters, onChange, nameOf } = props;
  const set = (field: keyof AuditFilters) => (value: string) =>
    onChange({ ...filters, [field]: value });
  const actorName = filters.actor.trim() ? nameOf(filters.actor.trim()) : '';
  return (
    <div className="filters" role="search" aria-label="Audit filters">
      <label>
        From (UTC)
        <input
          type="date"
          value={filters.fromDate}
          max={filters.throughDate || undefined}
          onChange={(event) => set('fromDate')(event.target.value)}
        />
      </label>
      <label>
        Through (UTC)
        <input
          type="date"
          value={filters.throughDate}
          min={filters.fromDate || undefined}
          onChange={(event) => set('throughDate')(event.target.value)}
        />
      </label>
      <label>
        Action
        <select value={filters.action} onChange={(event) => set('action')(event.target.value)}>
          <option value="">Any action</option>
          {ACTION_GROUPS.map(([family, actions]) => (
            <optgroup key={family} label={family.replace('_', ' ')}>
              {actions.map((action) => (
                <option key={action} value={action}>
                  {actionLabel(action)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        Who (user or key id)
        <input
          type="search"
          value={filters.actor}
          maxLength={200}
          placeholder="usr_…, key_… or system"
          onChange={(event) => set('actor')(event.target.value)}
        />
        {actorName && actorName !== filters.actor.trim() && (
          <span className="muted">{actorName}</span>
        )}
      </label>
      <label>
        Target type
        <select
          value={filters.targetType}
          onChange={(event) => set('targetType')(event.target.value)}
        >
          <option value="">Any target</option>
          {AUDIT_TARGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {type.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <label>
        Target id
        <input
          type="search"
          value={filters.target}
          maxLength={200}
          placeholder="pricing-cloud@3, usr_…"
          onChange={(event) => set('target')(event.target.value)}
        />
      </label>
    </div>
  );
}
