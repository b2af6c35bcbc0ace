// 统一身份认证 unified identity: who is calling, as the platform understands it. The claims come from a
// verified JWT (the jurisdiction's sign-in function, or a Cognito user pool where one is still in use);
// this module only interprets them. It also names the assurance levels an upstream identity provider vouches
// for, and how they travel in a token's `acr`.
import * as z from 'zod';
import { idNumberField } from './id-number.ts';

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
  /** The assurance level of the sign-in, from the token's `acr`. */
  level?: AssuranceLevel;
}

/**
 * 认证等级 assurance levels, lowest first, as the national platform grades a sign-in: L1 registered only,
 * L2 实名 real-name (ID checked against the population register), L3 实人 real-person (face verified against
 * the ID photo), L4 in person or by an eID, L5 by a digital certificate. A token names its level in `acr`.
 */
export const assuranceLevels = ['L1', 'L2', 'L3', 'L4', 'L5'] as const;
export const assuranceLevelSchema = z.enum(assuranceLevels);
export type AssuranceLevel = z.infer<typeof assuranceLevelSchema>;

const acrPrefix = 'urn:tongban:loa:';
export const acrOf = (level: AssuranceLevel) => `${acrPrefix}${level}`;
export const acrValues = assuranceLevels.map(acrOf);
/** The level an `acr` names, or undefined for a value this platform does not issue. */
export const levelOfAcr = (acr: unknown): AssuranceLevel | undefined => {
  if (typeof acr !== 'string' || !acr.startsWith(acrPrefix)) return undefined;
  const parsed = assuranceLevelSchema.safeParse(acr.slice(acrPrefix.length));
  return parsed.success ? parsed.data : undefined;
};
export const meetsLevel = (actual: AssuranceLevel | undefined, required: AssuranceLevel) =>
  actual !== undefined && assuranceLevels.indexOf(actual) >= assuranceLevels.indexOf(required);

/** How a level reads in a refusal the portal shows. */
export const levelDescriptions: Record<AssuranceLevel, string> = {
  L1: 'a registered (不实名) sign-in',
  L2: 'a real-name (实名认证) sign-in',
  L3: 'a face-verified (实人认证) sign-in',
  L4: 'an in-person or eID-verified sign-in',
  L5: 'a digital-certificate sign-in',
};

const idNumberSchema = idNumberField();

/**
 * A verified identity as the national platform defines it, kept server-side and never put in a token: a
 * natural person (name, ID number, verified mobile) or a legal person (credit code, name, and the person
 * acting for it with their authority: 法定代表人 legal representative or 经办人 an authorised agent), with
 * the assurance level the upstream vouched for.
 */
export const verifiedIdentitySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('person'),
    /** The upstream's own, stable identifier of the account. */
    upstreamId: z.string().min(1).max(128),
    name: z.string().min(1).max(64),
    idNumber: idNumberSchema,
    mobile: z
      .string()
      .regex(/^1\d{10}$/)
      .optional(),
    level: assuranceLevelSchema,
  }),
  z.object({
    kind: z.literal('legal'),
    upstreamId: z.string().min(1).max(128),
    name: z.string().min(1).max(128),
    creditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'an 18-character unified social credit code'),
    actingPerson: z
      .object({
        name: z.string().min(1).max(64),
        idNumber: idNumberSchema,
        authority: z.enum(['legal-representative', 'agent']),
      })
      .optional(),
    level: assuranceLevelSchema,
  }),
]);
export type VerifiedIdentity = z.infer<typeof verifiedIdentitySchema>;

/**
 * Claims of the tokens the sign-in function issues: an opaque subject, roles, a staff member's department
 * and the assurance level. Nothing personal: names and ID numbers are read server-side.
 */
export const tokenClaims = { roles: 'roles', department: 'department', acr: 'acr' } as const;

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
  const role = [...groupsOf(claims[tokenClaims.roles]), ...groupsOf(claims[claimNames.groups])].find(
    (g): g is Role => roleSchema.safeParse(g).success,
  );
  if (!sub || !role) return undefined;
  const principal: Principal = { sub, role, name: optionalString(claims[claimNames.name]) ?? sub };
  const idNumber = optionalString(claims[claimNames.idNumber]);
  const creditCode = optionalString(claims[claimNames.creditCode]);
  const department =
    optionalString(claims[tokenClaims.department]) ?? optionalString(claims[claimNames.department]);
  const level = levelOfAcr(claims[tokenClaims.acr]);
  if (level) principal.level = level;
  if (idNumber) principal.idNumber = idNumber;
  if (creditCode) principal.creditCode = creditCode;
  if (department) principal.department = department;
  return principal;
};
