// The signed-in user as the server describes the session, and what the user's roles allow: the
// same permission table the server enforces, so the app shows only what the user may do (the
// server still refuses everything else).
import { can, type Permission, type Role } from '../../../server/auth/permissions';

export interface Session {
  user: { id: string; roles: Role[]; mfa: boolean };
  csrfToken: string;
  expiresAt: string;
}

export function sessionCan(session: Session, permission: Permission): boolean {
  return can({ type: 'user', ...session.user }, permission);
}
