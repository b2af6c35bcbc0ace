// 统一身份认证 unified identity: who is calling, as the platform understands it. The claims come from a
// verified JWT (Cognito in AWS, the development issuer in the local cloud); this module only interprets them.
import * as z from 'zod';

export const roles = ['citizen', 'enterprise', 'agent', 'clerk', 'reviewer', 'supervisor', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Staff roles act for a department; the others act for themselves (or, for agents, for a principal). */
export const staffRoles: ReadonlySet<Role> = new Set(['clerk', 'reviewer', 'supervisor', 'admin']);

export interface Principal {
  sub: string;
  role: Role;
  name: string;
  /** 身份证号 of a natural person; never logged. */
  idNumber?: string;
  /** 统一社会信用代码 of an enterprise. */
  creditCode?: string;
  /** Department code for staff. */
  department?: string;
}

/**
 * Claim names follow Cognito ID tokens, so the same mapping serves AWS and the local issuer: the role is a
 * user-pool group, the rest are standard or custom attributes.
 */
export const claimNames = {
  groups: 'cognito:groups',
  name: 'name',
  idNumber: 'custom:idNumber',
  creditCode: 'custom:creditCode',
  department: 'custom:department',
} as const;

/**
 * API Gateway hands claims over as strings, and renders an array claim as `[a b]`; tokens verified in
 * process keep real arrays. Both shapes are accepted.
 */
const groupsOf = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
};

const optionalString = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** Returns the principal, or undefined when the claims carry no subject or no known role. */
export const principalFromClaims = (claims: Record<string, unknown>): Principal | undefined => {
  const sub = optionalString(claims.sub);
  const role = groupsOf(claims[claimNames.groups]).find((g): g is Role => roleSchema.safeParse(g).success);
  if (!sub || !role) return undefined;
  const principal: Principal = { sub, role, name: optionalString(claims[claimNames.name]) ?? sub };
  const idNumber = optionalString(claims[claimNames.idNumber]);
  const creditCode = optionalString(claims[claimNames.creditCode]);
  const department = optionalString(claims[claimNames.department]);
  if (idNumber) principal.idNumber = idNumber;
  if (creditCode) principal.creditCode = creditCode;
  if (department) principal.department = department;
  return principal;
};
