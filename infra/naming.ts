// Every physical name is namespaced by the jurisdiction id, so the stacks of several jurisdictions deploy
// side by side in one account and region, and the local cloud uses the very same names.
import { apiName, tenantPrefix } from '../functions/lib/names.ts';
import { type ResourceVariable, stateMachineSpecs } from '../functions/manifest.ts';
import { partitionOf } from '../shared/jurisdiction.ts';

/**
 * Where tongban's OpenID Provider (the sign-in function) serves its issuer, under the API's endpoint:
 * discovery at `<API endpoint>/oidc/.well-known/openid-configuration`. Its access tokens name
 * `names(id).api` as their audience.
 */
export const oidcIssuerPath = '/oidc';

export const prefix = tenantPrefix;

export const names = (jurisdictionId: string) => {
  const p = prefix(jurisdictionId);
  return {
    stack: p,
    table: p,
    /** Bucket names are global: in AWS the account and region are appended. */
    licenceBucket: `${p}-licences`,
    /** Derived, replaceable files such as the search snapshot. */
    assetBucket: `${p}-assets`,
    /** 申请材料 applicants' uploaded materials. */
    materialBucket: `${p}-materials`,
    userPool: `${p}-users`,
    /** Also the audience of the access tokens the API accepts (see functions/sign-in). */
    api: apiName(jurisdictionId),
    eventBus: p,
    signingKeyAlias: `alias/${p}-seal`,
    /** The SM2 key the departments' seal certificates certify (OFD licences); China Regions and locally. */
    sm2SealKeyAlias: `alias/${p}-seal-sm2`,
    /** The sign-in function's RSA key (RS256 tokens), renewed like the seal: a new key behind the alias. */
    tokenKeyAlias: `alias/${p}-tokens`,
    /** Envelope encryption of personal data in the table (SYMMETRIC_DEFAULT: AES, SM4 in China). */
    personalDataKeyAlias: `alias/${p}-personal-data`,
    /** SSM parameters holding the upstream identity providers' secrets (SecureString), one per name. */
    secretParameterPrefix: `/${p}/secrets/`,
    function: (name: string) => `${p}-${name}`,
    stateMachine: (name: string) => `${p}-${name}`,
  };
};

/**
 * The value of each resource variable where no CloudFormation reference resolves (the local cloud, the
 * bundle benchmark): the resources' own names, and the review state machine's ARN in `region` and `account`.
 */
export const resourceNames = (
  jurisdictionId: string,
  region: string,
  account: string,
): Record<ResourceVariable, string> => {
  const n = names(jurisdictionId);
  const arnOf = (binding: string) => {
    const machine = stateMachineSpecs.find((m) => (m.startBinding ?? 'workflow:start') === binding);
    return machine
      ? `arn:${partitionOf(region)}:states:${region}:${account}:stateMachine:${n.stateMachine(machine.name)}`
      : '';
  };
  return {
    TABLE_NAME: n.table,
    LICENCE_BUCKET_NAME: n.licenceBucket,
    ASSET_BUCKET_NAME: n.assetBucket,
    MATERIALS_BUCKET_NAME: n.materialBucket,
    STATE_MACHINE_ARN: arnOf('workflow:start'),
    TICKET_STATE_MACHINE_ARN: arnOf('ticket-workflow:start'),
    SIGNING_KEY_ID: n.signingKeyAlias,
    SM2_SIGNING_KEY_ID: n.sm2SealKeyAlias,
    TOKEN_KEY_ID: n.tokenKeyAlias,
    PERSONAL_DATA_KEY_ID: n.personalDataKeyAlias,
    SECRET_PARAMETER_PREFIX: n.secretParameterPrefix,
    EVENT_BUS_NAME: n.eventBus,
  };
};
