// The jurisdiction's upstream identity providers, built from its config. An upstream's address may be
// overridden by `IDP_ENDPOINT_URL_<ID>` (the id upper-cased, dashes as underscores), as the AWS SDK's
// `AWS_ENDPOINT_URL_<SERVICE>` overrides a service's: the origin of each of its URLs is replaced, the paths
// kept. That is how a test double of a province (or a province's staging system) stands in for it.
import type { IdentityConfig, IdentityProviderConfig } from '../../../shared/jurisdiction.ts';
import type { SecretSource } from '../secrets.ts';
import { oidcProvider } from './oidc.ts';
import type { IdentityProvider } from './port.ts';
import { ticketProvider } from './ticket.ts';

const overrideVariable = (id: string) => `IDP_ENDPOINT_URL_${id.toUpperCase().replaceAll('-', '_')}`;

const at = (url: string, origin: string | undefined) => {
  if (!origin) return url;
  const original = new URL(url);
  return new URL(`${original.pathname}${original.search}`, origin).href;
};

const build = (config: IdentityProviderConfig, secrets: SecretSource): IdentityProvider => {
  const origin = process.env[overrideVariable(config.id)];
  switch (config.kind) {
    case 'ticket':
      return ticketProvider({
        id: config.id,
        name: config.name,
        loginUrl: at(config.loginUrl, origin),
        exchangeUrl: at(config.exchangeUrl, origin),
        appId: config.appId,
        accessCode: () => secrets(config.accessCodeSecret),
      });
    case 'oidc':
      return oidcProvider({
        id: config.id,
        name: config.name,
        issuer: at(config.issuer, origin),
        clientId: config.clientId,
        clientSecret: () => secrets(config.clientSecretSecret),
        level: config.level,
      });
  }
};

export const identityProviders = (config: IdentityConfig, secrets: SecretSource) =>
  new Map(config.providers.map((p) => [p.id, build(p, secrets)] as const));
