// The price table the cost bench multiplies by: AWS list prices, on-demand, no free tier, for us-east-1 in
// USD and for the China (Ningxia) Region, cn-northwest-1, operated by NWCD, in CNY. One place, dated, each
// price with the page it is read from and whether it was checked there (`checks`). Prices change: update
// the date with the figures, and a check's date with each price read again.
//
// China prices: the Ningxia price list is published in CNY on amazonaws.cn and differs from the global one
// service by service. `basis: 'listed'` is read from the Ningxia page, `'unverified'` is the Ningxia price
// as last known but not found on the page, `'estimate'` the USD price converted at `usdToCny` (most China
// prices sit at or above that). A price not checked says so in its `checks`, with what was found instead.

export const priceDate = '2026-12-08';

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

/** Whether a price was read on its page: the page's address, and the date it was checked, or `false`. */
export interface Check {
  source: string;
  checked: string | false;
  /** What the page said, or why the price could not be checked there and what was found instead. */
  note: string;
}

export interface Price {
  /** What one unit is. */
  unit: string;
  /** USD in us-east-1, per `per` units. */
  usd: number;
  /** CNY in cn-northwest-1, per `per` units: read from the Ningxia page, or not yet (see above). */
  cny: { value: number; basis: 'listed' | 'unverified' | 'estimate' };
  per: number;
  checks: { usd: Check; cny: Check };
}

/** The date the prices below marked checked were read on their pages. */
const checkedOn = '2026-12-08';

const us = (service: keyof (typeof sources)['us-east-1'], note: string, checked = true): Check => ({
  source: sources['us-east-1'][service],
  checked: checked ? checkedOn : false,
  note,
});
const cn = (service: keyof (typeof sources)['cn-northwest-1'], note: string, checked = false): Check => ({
  source: sources['cn-northwest-1'][service],
  checked: checked ? checkedOn : false,
  note,
});
const notOnNingxiaPage = 'not found on the Ningxia page: the USD price converted (see basis)';

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
    checks: {
      usd: {
        source:
          'https://aws.amazon.com/cn/blogs/china/new-for-aws-lambda-1ms-billing-granularity-adds-cost-savings',
        checked: checkedOn,
        note: "AWS's own worked example for US East (N. Virginia): 0.20 USD per million requests; the pricing page's table did not come through",
      },
      cny: cn('lambda', 'the Ningxia Lambda page was not found; the price as last known, unchecked'),
    },
  },
  lambdaArmGbSeconds: {
    unit: 'GB-second (Arm)',
    per: 1,
    usd: 0.0000133334,
    cny: { value: 0.0000907816, basis: 'unverified' },
    checks: {
      usd: us(
        'lambda',
        "not checked: the page's per-ms table did not come through; a third-party summary of it gives $0.0000133334 for the first 7.5 billion Arm GB-seconds",
        false,
      ),
      cny: cn('lambda', 'the Ningxia Lambda page was not found; the price as last known, unchecked'),
    },
  },
  /** Standard workflows. */
  stateTransitions: {
    unit: 'state transition',
    per: 1_000,
    usd: 0.025,
    cny: estimate(0.025),
    checks: {
      usd: us('stepFunctions', 'state transitions pricing table: US East (N. Virginia) $0.0250 per 1,000'),
      cny: cn('stepFunctions', notOnNingxiaPage),
    },
  },
  /** On-demand capacity (the table is PAY_PER_REQUEST). */
  dynamoWriteUnits: {
    unit: 'write request unit',
    per: 1_000_000,
    usd: 0.625,
    cny: { value: 11.1538, basis: 'listed' },
    checks: {
      usd: us(
        'dynamodb',
        "not checked: the on-demand page's definitions came through, its price table did not",
        false,
      ),
      cny: cn(
        'dynamodb',
        "on-demand capacity, China (Beijing) and China (Ningxia): 'Write requests: ¥ 11.1538 for e[very million]' — the copy read was cut there, and is undated: it may predate the on-demand price cut of November 2024",
        true,
      ),
    },
  },
  dynamoReadUnits: {
    unit: 'read request unit',
    per: 1_000_000,
    usd: 0.125,
    cny: estimate(0.125),
    checks: {
      usd: us('dynamodb', "not checked: the on-demand page's price table did not come through", false),
      cny: cn(
        'dynamodb',
        'the read price was cut off the copy of the Ningxia page read: the USD price converted',
      ),
    },
  },
  dynamoStorage: {
    unit: 'GB-month',
    per: 1,
    usd: 0.25,
    cny: estimate(0.25),
    checks: {
      usd: us('dynamodb', 'not checked: the price table did not come through', false),
      cny: cn('dynamodb', notOnNingxiaPage),
    },
  },
  dynamoPitr: {
    unit: 'GB-month (point-in-time recovery)',
    per: 1,
    usd: 0.2,
    cny: estimate(0.2),
    checks: {
      usd: us('dynamodb', 'not checked: the price table did not come through', false),
      cny: cn('dynamodb', notOnNingxiaPage),
    },
  },
  /** Custom events put on a bus. */
  eventBridgeEvents: {
    unit: 'custom event',
    per: 1_000_000,
    usd: 1.0,
    cny: estimate(1.0),
    checks: {
      usd: us('eventbridge', 'not checked: the page was not found', false),
      cny: cn('eventbridge', notOnNingxiaPage),
    },
  },
  s3Tier1: {
    unit: 'PUT, COPY, POST or LIST request',
    per: 1_000,
    usd: 0.005,
    cny: estimate(0.005),
    checks: {
      usd: us('s3', 'not checked: the page was not found', false),
      cny: cn('s3', notOnNingxiaPage),
    },
  },
  s3Tier2: {
    unit: 'GET or other request',
    per: 1_000,
    usd: 0.0004,
    cny: estimate(0.0004),
    checks: {
      usd: us('s3', 'not checked: the page was not found', false),
      cny: cn('s3', notOnNingxiaPage),
    },
  },
  s3Storage: {
    unit: 'GB-month (Standard)',
    per: 1,
    usd: 0.023,
    cny: estimate(0.023),
    checks: {
      usd: us('s3', 'not checked: the page was not found', false),
      cny: cn('s3', notOnNingxiaPage),
    },
  },
  /** HTTP APIs, first 300 million a month. */
  apiRequests: {
    unit: 'HTTP API request',
    per: 1_000_000,
    usd: 1.0,
    cny: estimate(1.0),
    checks: {
      usd: us('apiGateway', 'not checked: the page was not found', false),
      cny: cn('apiGateway', notOnNingxiaPage),
    },
  },
  kmsKeys: {
    unit: 'customer managed key-month',
    per: 1,
    usd: 1.0,
    cny: estimate(1.0),
    checks: {
      usd: us(
        'kms',
        "'Each AWS KMS key that you create in KMS costs $1/month', symmetric or asymmetric; a key with automatic rotation costs $1/month more for each new backing key (capped since 2024, by third-party accounts), not counted here",
      ),
      cny: cn('kms', notOnNingxiaPage),
    },
  },
  /** Sign, Verify and GetPublicKey on the seals' ECC and SM2 keys are asymmetric requests. */
  kmsAsymmetricRequests: {
    unit: 'asymmetric request',
    per: 10_000,
    usd: 0.15,
    cny: estimate(0.15),
    checks: {
      usd: us('kms', "not checked: the page's request prices were cut off the copy read", false),
      cny: cn('kms', notOnNingxiaPage),
    },
  },
  kmsRequests: {
    unit: 'symmetric request',
    per: 10_000,
    usd: 0.03,
    cny: estimate(0.03),
    checks: {
      usd: us('kms', "not checked: the page's request prices were cut off the copy read", false),
      cny: cn('kms', notOnNingxiaPage),
    },
  },
  alarms: {
    unit: 'standard-resolution metric alarm-month',
    per: 1,
    usd: 0.1,
    cny: estimate(0.1),
    checks: {
      usd: us(
        'cloudwatch',
        "not checked: the page's free tier came through (10 alarm metrics, standard resolution), its paid tier did not",
        false,
      ),
      cny: cn('cloudwatch', notOnNingxiaPage),
    },
  },
  dashboards: {
    unit: 'dashboard-month',
    per: 1,
    usd: 3.0,
    cny: estimate(3.0),
    checks: {
      usd: us('cloudwatch', 'not checked: the paid tier did not come through', false),
      cny: cn('cloudwatch', notOnNingxiaPage),
    },
  },
  logIngestion: {
    unit: 'GB of logs ingested',
    per: 1,
    usd: 0.5,
    cny: estimate(0.5),
    checks: {
      usd: us('cloudwatch', 'not checked: the paid tier did not come through', false),
      cny: cn('cloudwatch', notOnNingxiaPage),
    },
  },
  logStorage: {
    unit: 'GB-month of logs stored',
    per: 1,
    usd: 0.03,
    cny: estimate(0.03),
    checks: {
      usd: us('cloudwatch', 'not checked: the paid tier did not come through', false),
      cny: cn('cloudwatch', notOnNingxiaPage),
    },
  },
  secrets: {
    unit: 'secret-month',
    per: 1,
    usd: 0.4,
    cny: estimate(0.4),
    checks: {
      usd: us('secretsManager', 'not checked: the page was not found', false),
      cny: cn('secretsManager', notOnNingxiaPage),
    },
  },
  sqsRequests: {
    unit: 'standard queue request',
    per: 1_000_000,
    usd: 0.4,
    cny: estimate(0.4),
    checks: {
      usd: us(
        'sqs',
        'not checked on the page; several third-party accounts of it agree on $0.40 per million standard requests',
        false,
      ),
      cny: cn('sqs', notOnNingxiaPage),
    },
  },
} as const satisfies Record<string, Price>;

export type PriceName = keyof typeof prices;

/** The cost of `quantity` units in each currency. */
export const cost = (name: PriceName, quantity: number) => {
  const price: Price = prices[name];
  return { usd: (quantity / price.per) * price.usd, cny: (quantity / price.per) * price.cny.value };
};

/** How many prices were checked on their pages, of how many, in each currency. */
export const checkedCount = () => {
  const all = Object.values(prices) as Price[];
  return {
    usd: all.filter((p) => p.checks.usd.checked).length,
    cny: all.filter((p) => p.checks.cny.checked).length,
    of: all.length,
  };
};

/** Whether any CNY price behind these lines is not yet read from the Ningxia page. */
export const cnyEstimated = (names: readonly PriceName[]) =>
  names.some((name) => (prices[name] as Price).cny.basis !== 'listed');
