// The names a function itself must know, shared with the stack (infra/naming.ts builds every physical name
// from these), so the API's audience in a token and the authorizer's expected audience cannot drift.
export const tenantPrefix = (jurisdictionId: string) => `tongban-${jurisdictionId}`;

/** The HTTP API's name, which is also the audience of the access tokens it accepts. */
export const apiName = (jurisdictionId: string) => `${tenantPrefix(jurisdictionId)}-api`;
