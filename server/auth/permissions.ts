// What each role and each API key scope may do. Routes ask for a permission, never for a role,
// so this table is the whole access policy and the role x route matrix test reads it.

export const ROLES = [
  'billing_admin',
  'approver',
  'finance',
  'revops',
  'support',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'policy:read',
  'policy:write',
  'policy:submit',
  'policy:review',
  'policy:publish',
  'template:read',
  'template:write',
  'template:submit',
  'template:review',
  'template:publish',
  'simulation:run',
  'customer:read',
  /** Create customers and change their profile: facts, billing address and e-mail, promo codes. */
  'customer:write',
  'rate',
  /** Define meters and change their names, units and dimensions. */
  'meter:write',
  /** Report usage events. */
  'usage:write',
  /** Start invoice runs: finalize, number and issue invoices. */
  'invoice:run',
  'invoices:read',
  /** Deliver an issued invoice again, or for the first time (e-mail, webhooks). */
  'invoice:deliver',
  /** Add, change, disable and delete the webhook endpoints invoices are sent to. */
  'webhook:manage',
  /** Change who issues invoices (the seller's name, address, tax id, payment terms). */
  'settings:write',
  /** Record a customer's dispute of an invoice, and resolve it. */
  'dispute:write',
  /** See how long invoices, audit entries, raw usage and disputes are kept. */
  'retention:read',
  /** Change those periods (never below their legal floors) and run the purge by hand. */
  'retention:manage',
  'audit:read',
  'audit:export',
  'user:manage',
  'api_key:manage',
  /** The names behind the user and API key ids that versions and audit entries record. */
  'people:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  billing_admin: [
    'policy:read',
    'policy:write',
    'policy:submit',
    'policy:publish',
    'template:read',
    'template:write',
    'template:submit',
    'template:publish',
    'simulation:run',
    'customer:read',
    'customer:write',
    'meter:write',
    'usage:write',
    'invoice:run',
    'rate',
    'invoices:read',
    'invoice:deliver',
    'webhook:manage',
    'settings:write',
    'dispute:write',
    'retention:read',
    'people:read',
  ],
  approver: [
    'policy:read',
    'policy:review',
    'policy:publish',
    'template:read',
    'template:review',
    'template:publish',
    'simulation:run',
    'customer:read',
    'rate',
    'audit:read',
    'people:read',
  ],
  finance: [
    'policy:read',
    'template:read',
    'simulation:run',
    'customer:read',
    'rate',
    'invoice:run',
    'invoices:read',
    'dispute:write',
    'retention:read',
    'invoice:deliver',
    'audit:read',
    'audit:export',
    'people:read',
  ],
  revops: [
    'policy:read',
    'template:read',
    'simulation:run',
    'customer:read',
    'customer:write',
    'rate',
    'invoices:read',
    'people:read',
  ],
  support: [
    'policy:read',
    'template:read',
    'customer:read',
    'rate',
    'invoices:read',
    'people:read',
  ],
  admin: [
    'policy:read',
    'template:read',
    'audit:read',
    'audit:export',
    'user:manage',
    'api_key:manage',
    'settings:write',
    'retention:read',
    'retention:manage',
    'webhook:manage',
    'people:read',
  ],
};

/** Scopes a service API key can hold, each granting one permission. */
export const API_KEY_SCOPES = ['rate', 'usage:write', 'invoices:read', 'policies:read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const SCOPE_PERMISSION: Record<ApiKeyScope, Permission> = {
  rate: 'rate',
  'usage:write': 'usage:write',
  'invoices:read': 'invoices:read',
  'policies:read': 'policy:read',
};

/** Roles whose sign-in needs a second factor: they can change who may do what, or approve. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['admin', 'approver'];

export type Principal = UserPrincipal | ApiKeyPrincipal;
export interface UserPrincipal {
  type: 'user';
  id: string;
  roles: readonly Role[];
  /** Whether the session passed a TOTP check. */
  mfa: boolean;
}
export interface ApiKeyPrincipal {
  type: 'api_key';
  id: string;
  scopes: readonly ApiKeyScope[];
}

/** Whether any of these roles needs a second factor to sign in. */
export function requiresMfa(roles: readonly Role[]): boolean {
  return roles.some((role) => MFA_REQUIRED_ROLES.includes(role));
}

export function permissionsOf(principal: Principal): ReadonlySet<Permission> {
  if (principal.type === 'api_key') {
    return new Set(principal.scopes.map((scope) => SCOPE_PERMISSION[scope]));
  }
  return new Set(principal.roles.flatMap((role) => ROLE_PERMISSIONS[role]));
}

export function can(principal: Principal, permission: Permission): boolean {
  return permissionsOf(principal).has(permission);
}
