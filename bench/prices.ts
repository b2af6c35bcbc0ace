// The price table the cost bench multiplies by: AWS list prices, on-demand, no free tier, for us-east-1 in
// USD and for the China (Ningxia) Region, cn-northwest-1, operated by NWCD, in CNY. One place, dated, each
// price with the page it is read from. Prices change: update the date with the figures.
//
// China prices: the Ningxia price list is published in CNY on amazonaws.cn and differs from the global one
// service by service. None below has yet been checked against it: `basis: 'unverified'` is the Ningxia
// price as last known (Lambda's), `basis: 'estimate'` the USD price converted at `usdToCny` (most China
// prices sit at or above that). Check each against the page named in `sources` and mark it 'listed'.

export const priceDate = '2026-12-07';

/** Only for CNY prices marked as estimates: the USD list price converted at this rate. */
export const usdToCny = 7.1;

export const sources = {
  'us-east-1': {
    lambda: 'https://aws.amazon.com/lambda/pricing/',
    stepFunctions: 'https://aws.amazon.com/step-functions/pricing/',
    dynamodb: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    eventbridge: 'https://aws.amazon.com/eventbridge/pricing/',
    s3: 'https://aws.amazon.com/s3/pricing/',
    apiGateway: 'https://aws.amazon.com/api-gateway/pricing/',
    kms: 'https://aws.amazon.com/kms/pricing/',
    cloudwatch: 'https://aws.amazon.com/cloudwatch/pricing/',
    sqs: 'https://aws.amazon.com/sqs/pricing/',
    secretsManager: 'https://aws.amazon.com/secrets-manager/pricing/',
  },
  'cn-northwest-1': {
    lambda: 'https://www.amazonaws.cn/en/lambda/pricing/',
    stepFunctions: 'https://www.amazonaws.cn/en/step-functions/pricing/',
    dynamodb: 'https://www.amazonaws.cn/en/dynamodb/pricing/',
    eventbridge: 'https://www.amazonaws.cn/en/eventbridge/pricing/',
    s3: 'https://www.amazonaws.cn/en/s3/pricing/',
    apiGateway: 'https://www.amazonaws.cn/en/api-gateway/pricing/',
    kms: 'https://www.amazonaws.cn/en/kms/pricing/',
    cloudwatch: 'https://www.amazonaws.cn/en/cloudwatch/pricing/',
    sqs: 'https://www.amazonaws.cn/en/sqs/pricing/',
    secretsManager: 'https://www.amazonaws.cn/en/secrets-manager/pricing/',
  },
} as const;

export interface Price {
  /** What one unit is. */
  unit: string;
  /** USD in us-east-1, per `per` units. */
  usd: number;
  /** CNY in cn-northwest-1, per `per` units: read from the Ningxia page, or not yet (see above). */
  cny: { value: number; basis: 'listed' | 'unverified' | 'estimate' };
  per: number;
}

const estimate = (usd: number) => ({
  value: Number((usd * usdToCny).toPrecision(6)),
  basis: 'estimate' as const,
});

export const prices = {
  /** Lambda, Arm (the functions run on arm64). */
  lambdaRequests: {
    unit: 'Lambda invocation',
    per: 1_000_000,
    usd: 0.2,
    cny: { value: 1.36, basis: 'unverified' },
  },
  lambdaArmGbSeconds: {
    unit: 'GB-second (Arm)',
    per: 1,
    usd: 0.0000133334,
    cny: { value: 0.0000907816, basis: 'unverified' },
  },
  /** Standard workflows. */
  stateTransitions: { unit: 'state transition', per: 1_000, usd: 0.025, cny: estimate(0.025) },
  /** On-demand capacity (the table is PAY_PER_REQUEST). */
  dynamoWriteUnits: { unit: 'write request unit', per: 1_000_000, usd: 0.625, cny: estimate(0.625) },
  dynamoReadUnits: { unit: 'read request unit', per: 1_000_000, usd: 0.125, cny: estimate(0.125) },
  dynamoStorage: { unit: 'GB-month', per: 1, usd: 0.25, cny: estimate(0.25) },
  dynamoPitr: { unit: 'GB-month (point-in-time recovery)', per: 1, usd: 0.2, cny: estimate(0.2) },
  /** Custom events put on a bus. */
  eventBridgeEvents: { unit: 'custom event', per: 1_000_000, usd: 1.0, cny: estimate(1.0) },
  s3Tier1: { unit: 'PUT, COPY, POST or LIST request', per: 1_000, usd: 0.005, cny: estimate(0.005) },
  s3Tier2: { unit: 'GET or other request', per: 1_000, usd: 0.0004, cny: estimate(0.0004) },
  s3Storage: { unit: 'GB-month (Standard)', per: 1, usd: 0.023, cny: estimate(0.023) },
  /** HTTP APIs, first 300 million a month. */
  apiRequests: { unit: 'HTTP API request', per: 1_000_000, usd: 1.0, cny: estimate(1.0) },
  kmsKeys: { unit: 'customer managed key-month', per: 1, usd: 1.0, cny: estimate(1.0) },
  /** Sign, Verify and GetPublicKey on the seals' ECC and SM2 keys are asymmetric requests. */
  kmsAsymmetricRequests: { unit: 'asymmetric request', per: 10_000, usd: 0.15, cny: estimate(0.15) },
  kmsRequests: { unit: 'symmetric request', per: 10_000, usd: 0.03, cny: estimate(0.03) },
  alarms: { unit: 'standard-resolution metric alarm-month', per: 1, usd: 0.1, cny: estimate(0.1) },
  dashboards: { unit: 'dashboard-month', per: 1, usd: 3.0, cny: estimate(3.0) },
  logIngestion: { unit: 'GB of logs ingested', per: 1, usd: 0.5, cny: estimate(0.5) },
  logStorage: { unit: 'GB-month of logs stored', per: 1, usd: 0.03, cny: estimate(0.03) },
  secrets: { unit: 'secret-month', per: 1, usd: 0.4, cny: estimate(0.4) },
  sqsRequests: { unit: 'standard queue request', per: 1_000_000, usd: 0.4, cny: estimate(0.4) },
} as const satisfies Record<string, Price>;

export type PriceName = keyof typeof prices;

/** The cost of `quantity` units in each currency. */
export const cost = (name: PriceName, quantity: number) => {
  const price: Price = prices[name];
  return { usd: (quantity / price.per) * price.usd, cny: (quantity / price.per) * price.cny.value };
};

/** Whether any CNY price behind these lines is not yet read from the Ningxia page. */
export const cnyEstimated = (names: readonly PriceName[]) =>
  names.some((name) => (prices[name] as Price).cny.basis !== 'listed');
