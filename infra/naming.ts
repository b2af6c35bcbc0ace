// Every physical name is namespaced by the jurisdiction id, so the stacks of several jurisdictions deploy
// side by side in one account and region, and the local cloud uses the very same names.
export const prefix = (jurisdictionId: string) => `tongban-${jurisdictionId}`;

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
    api: `${p}-api`,
    eventBus: p,
    signingKeyAlias: `alias/${p}-seal`,
    function: (name: string) => `${p}-${name}`,
    stateMachine: (name: string) => `${p}-${name}`,
  };
};
