export const roles = ['operator', 'pp', 'ppk', 'bendahara', 'umkm_officer', 'auditor'] as const;
export type Role = (typeof roles)[number];

/** Roles held for a pemda as a whole; the others are held for one satker each. */
export const pemdaRoles: readonly Role[] = ['operator', 'umkm_officer', 'auditor'];
export const satkerRoles: readonly Role[] = ['pp', 'ppk', 'bendahara'];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export interface User {
  id: string;
  username: string;
  name: string;
  roles: Role[];
}

export interface SatkerRef {
  code: string;
  name: string;
  pemdaCode: string;
}

/** GET /api/v1/me */
export interface Me {
  user: User;
  satkers: SatkerRef[];
  pemdaCode?: string;
}

export interface RoleGrant {
  role: Role;
  pemdaCode: string | null;
  satkerCode: string | null;
}

/** An item of GET /api/v1/admin/users */
export interface AdminUser {
  id: string;
  username: string;
  name: string;
  isActive: boolean;
  roles: RoleGrant[];
}

export interface CreateUserBody {
  username: string;
  name: string;
  password: string;
  roles: RoleGrant[];
}
