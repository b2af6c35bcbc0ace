// Sign-in entities in the single table: key templates and the access patterns they serve.
//
//   OIDC#<model>#<id> / OIDC          one OpenID Provider artefact (session, interaction, grant, code, refresh
//                                     token …) with its payload; `expiresAt` lets DynamoDB TTL remove it
//   OIDC#SessionUid#<uid> / OIDC      a session's uid → its id (oidc-provider looks sessions up by uid)
//   OIDC#Grant#<grantId> / <model>#<id>   every artefact issued under a grant: revoking the grant (sign-out,
//                                     a reused refresh token) deletes them all with one query
//   OIDC#KEYS / <kid>                 a token-signing key that has signed (public JWK, KMS key ARN): the JWKS
//                                     keeps publishing it after the alias moves, so tokens verify until expiry
//   OIDC#COOKIE-KEYS / OIDC           the secret that signs the provider's cookies, made on first use
//   IDP#<provider>#<upstream id> / SUBJECT   an upstream account → tongban's opaque subject
//   ACCOUNT#<sub> / PROFILE           the verified identity of a subject (natural or legal person): name, ID
//                                     number or credit code, mobile, the person acting, assurance level,
//                                     roles. Never in a token, never in a log
export const artefactKey = (model: string, id: string) => ({ pk: `OIDC#${model}#${id}`, sk: 'OIDC' });
export const sessionUidKey = (uid: string) => ({ pk: `OIDC#SessionUid#${uid}`, sk: 'OIDC' });
export const grantMemberKey = (grantId: string, model: string, id: string) => ({
  pk: grantPartition(grantId),
  sk: `${model}#${id}`,
});
export const grantPartition = (grantId: string) => `OIDC#Grant#${grantId}`;
export const signingKeysPartition = 'OIDC#KEYS';
export const signingKeyKey = (kid: string) => ({ pk: signingKeysPartition, sk: kid });
export const cookieKeysKey = { pk: 'OIDC#COOKIE-KEYS', sk: 'OIDC' } as const;
export const upstreamSubjectKey = (provider: string, upstreamId: string) => ({
  pk: `IDP#${provider}#${upstreamId}`,
  sk: 'SUBJECT',
});
// ACCOUNT#<sub> / PROFILE is read by every HTTP function: its key lives in functions/lib/principals.ts.
