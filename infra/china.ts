// What the AWS China Regions (partition aws-cn) lack, as data: each entry is a CloudFormation resource type,
// or a property of one, that is unavailable there, with the page of the AWS China documentation it comes
// from ("<Service> - Getting Started with Amazon Web Services in China", section "Feature Availability and
// Implementation Differences"), or, where that page is silent (CloudFront's origin access control and cache
// policies), AWS's article or the public report of the deploy error. `chinaFindings` checks a synthesized template against the list, and
// `partitionLiterals` finds ARNs and endpoints written for the global partition; `ChinaChecks` runs both on
// every stack synthesized for a China Region, so `cdk synth` stops before CloudFormation would.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type IPolicyValidationContext, type IPolicyValidationPlugin, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { type ChinaRegion, isChinaRegion } from '../shared/jurisdiction.ts';

/**
 * Whether a construct deploys to a China Region (partition aws-cn). Its stack must name its Region: an
 * environment-agnostic stack could land in either partition, and what it may use differs.
 */
export const inChina = (scope: IConstruct) => {
  const { region, stackName } = Stack.of(scope);
  if (Token.isUnresolved(region)) {
    throw new Error(
      `Stack ${stackName} names no Region; China and the global partition need different stacks`,
    );
  }
  return isChinaRegion(region);
};

export interface ChinaDocPage {
  title: string;
  url: string;
}

const page = (service: string, slug: string): ChinaDocPage => ({
  title: `${service} - Getting Started with Amazon Web Services in China`,
  url: `https://docs.amazonaws.cn/en_us/aws/latest/userguide/${slug}.html`,
});

export const chinaDocs = {
  apiGateway: page('Amazon API Gateway', 'api-gateway'),
  cloudfront: page('Amazon CloudFront', 'cloudfront'),
  cognito: page('Amazon Cognito', 'cognito'),
  dynamodb: page('Amazon DynamoDB', 'dynamodb'),
  lambda: page('Amazon Lambda', 'lambda'),
  sns: page('Amazon Simple Notification Service', 'sns'),
  stepFunctions: page('Amazon Step Functions', 'step-functions'),
} as const;

/**
 * Where the documentation pages are silent, what else says a feature is missing in the China Regions: AWS's
 * own article on content delivery in China, and the deploy errors CloudFormation and CloudFront returned
 * there, as reported publicly.
 */
export const chinaReports = {
  edgeFeatures: {
    title:
      'Content delivery in China (AWS developer article: Lambda@Edge and Origin Shield are not available)',
    url: 'https://aws.amazon.com/developer/application-security-performance/articles/content-delivery-in-china',
  },
  originAccessControl: {
    title:
      'AWS::CloudFront::OriginAccessControl not support in China Region (CloudFormation: "Unrecognized resource types")',
    url: 'https://github.com/awslabs/aws-solutions-constructs/issues/1050',
  },
  cachePolicy: {
    title:
      'CachePolicy is not supported when deployed in China (CloudFront: "The parameter CachePolicyId can\'t be set for this region")',
    url: 'https://github.com/aws/aws-cdk/issues/31033',
  },
} as const satisfies Record<string, ChinaDocPage>;

export type TemplateValue = unknown;
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, TemplateValue>;
}
export interface Template {
  Resources?: Record<string, TemplateResource>;
  [section: string]: unknown;
}

/** What a rule may look at besides the resource: the template, and the files of its assets. */
export interface CheckContext {
  template: Template;
  /** A state machine's ASL, wherever the template keeps it (inline, or an asset uploaded to S3). */
  definitionOf: (properties: Record<string, TemplateValue>) => string | undefined;
}

export interface Unavailable {
  /** A CloudFormation resource type; `AWS::Cognito::UserPool*` matches every type that starts so. */
  type: string;
  /** What is missing, as the documentation says it. */
  feature: string;
  page: ChinaDocPage;
  /** The China Regions that lack it; both when absent. */
  regions?: readonly ChinaRegion[];
  /** Whether a resource of the type uses the feature; every resource of the type does when absent. */
  uses?: (properties: Record<string, TemplateValue>, context: CheckContext) => boolean;
}

const at = (value: TemplateValue, ...path: string[]): TemplateValue =>
  path.reduce<TemplateValue>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    value,
  );

const asList = (value: TemplateValue): TemplateValue[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** Whether a value is, or points at (`Ref`, `Fn::GetAtt`), a resource of the type in the template. */
const refersTo = (value: TemplateValue, type: string, template: Template) => {
  const id = (at(value, 'Ref') ?? asList(at(value, 'Fn::GetAtt'))[0]) as string | undefined;
  if (id !== undefined) return template.Resources?.[id]?.Type === type;
  return typeof value === 'string' && type === 'AWS::S3::Bucket' && /^arn:aws[a-z-]*:s3:::/.test(value);
};

/** S3 as an on-failure or on-success destination, which Lambda in China cannot send to. */
const s3Destination = (config: TemplateValue, template: Template) =>
  ['OnFailure', 'OnSuccess'].some((when) =>
    refersTo(at(config, when, 'Destination'), 'AWS::S3::Bucket', template),
  );

/** The default behaviour and every other cache behaviour of a distribution's config. */
const cacheBehaviors = (p: Record<string, TemplateValue>) => [
  at(p, 'DistributionConfig', 'DefaultCacheBehavior'),
  ...asList(at(p, 'DistributionConfig', 'CacheBehaviors')),
];

/** Everything the documentation lists as unavailable in the China Regions that a tenant stack could use. */
export const unavailableInChina: readonly Unavailable[] = [
  {
    type: 'AWS::Cognito::UserPool*',
    feature: 'Amazon Cognito User Pools are not currently available',
    page: chinaDocs.cognito,
  },
  {
    type: 'AWS::Cognito::UserPool',
    feature: "SMS messaging (a user pool's SMS configuration sends through Amazon SNS)",
    page: chinaDocs.sns,
    uses: (p) => p.SmsConfiguration !== undefined,
  },
  {
    type: 'AWS::Cognito::IdentityPool*',
    feature: 'Amazon Cognito is available in the Beijing Region only',
    page: chinaDocs.cognito,
    regions: ['cn-northwest-1'],
  },
  {
    type: 'AWS::Lambda::Function',
    feature: 'Amazon X-Ray integration with Lambda functions (active tracing) is not available',
    page: chinaDocs.lambda,
    uses: (p) => at(p, 'TracingConfig', 'Mode') === 'Active',
  },
  {
    type: 'AWS::Lambda::Url',
    feature: 'Amazon Lambda Function URLs is not available',
    page: chinaDocs.lambda,
  },
  {
    type: 'AWS::Lambda::Function',
    feature: 'Lambda recursive loop detection is not available',
    page: chinaDocs.lambda,
    uses: (p) => p.RecursiveLoop !== undefined,
  },
  {
    type: 'AWS::Lambda::Function',
    feature: 'Amazon KMS customer managed key encryption of .zip deployment packages is not available',
    page: chinaDocs.lambda,
    uses: (p) => at(p, 'Code', 'SourceKMSKeyArn') !== undefined,
  },
  {
    type: 'AWS::Lambda::EventSourceMapping',
    feature: 'Event source mapping (ESM) tags are not available',
    page: chinaDocs.lambda,
    uses: (p) => asList(p.Tags).length > 0,
  },
  {
    type: 'AWS::Lambda::EventSourceMapping',
    feature: 'Event source mapping metrics and provisioned mode are not available',
    page: chinaDocs.lambda,
    uses: (p) => p.MetricsConfig !== undefined || p.ProvisionedPollerConfig !== undefined,
  },
  {
    type: 'AWS::Lambda::EventSourceMapping',
    feature: 'Amazon S3 as a destination for Kinesis, DynamoDB and asynchronous invocations is not available',
    page: chinaDocs.lambda,
    uses: (p, { template }) => s3Destination(p.DestinationConfig, template),
  },
  {
    type: 'AWS::Lambda::EventInvokeConfig',
    feature: 'Amazon S3 as a destination for Kinesis, DynamoDB and asynchronous invocations is not available',
    page: chinaDocs.lambda,
    uses: (p, { template }) => s3Destination(p.DestinationConfig, template),
  },
  {
    type: 'AWS::SNS::Subscription',
    feature: 'SMS messaging and mobile push notifications are not yet available',
    page: chinaDocs.sns,
    uses: (p) => p.Protocol === 'sms' || p.Protocol === 'application',
  },
  {
    type: 'AWS::SNS::Topic',
    feature: 'SMS messaging and mobile push notifications are not yet available',
    page: chinaDocs.sns,
    uses: (p) =>
      asList(p.Subscription).some((s) => ['sms', 'application'].includes(at(s, 'Protocol') as string)),
  },
  {
    type: 'AWS::SNS::Topic',
    feature: 'Message Data Protection is not yet available',
    page: chinaDocs.sns,
    uses: (p) => p.DataProtectionPolicy !== undefined,
  },
  {
    type: 'AWS::StepFunctions::StateMachine',
    feature: 'Support to call HTTPS APIs (the HTTP Task, states:::http:invoke) is not available',
    page: chinaDocs.stepFunctions,
    uses: (p, { definitionOf }) => /:states:::http:invoke/.test(definitionOf(p) ?? ''),
  },
  {
    type: 'AWS::ApiGateway::Authorizer',
    feature: 'Amazon Cognito authorizers are not supported',
    page: chinaDocs.apiGateway,
    uses: (p) => p.Type === 'COGNITO_USER_POOLS',
  },
  {
    type: 'AWS::ApiGateway::RestApi',
    feature: 'Edge-optimized APIs are not supported (an API without an endpoint type is edge-optimized)',
    page: chinaDocs.apiGateway,
    uses: (p) => {
      const types = asList(at(p, 'EndpointConfiguration', 'Types'));
      return types.length === 0 || types.includes('EDGE');
    },
  },
  {
    type: 'AWS::ApiGateway::DomainName',
    feature: 'Edge-optimized custom domain names are not supported',
    page: chinaDocs.apiGateway,
    uses: (p) => asList(at(p, 'EndpointConfiguration', 'Types')).includes('EDGE'),
  },
  {
    type: 'AWS::CloudFront::Distribution',
    feature:
      "The default CloudFront domain, *.cloudfront.cn, can't serve content: add an ICP-filed alternate domain name (Aliases)",
    page: chinaDocs.cloudfront,
    uses: (p) => asList(at(p, 'DistributionConfig', 'Aliases')).length === 0,
  },
  {
    type: 'AWS::CloudFront::Distribution',
    feature:
      'Amazon CloudFront in the China Regions currently does not support Amazon Certificate Manager (use an IAM server certificate)',
    page: chinaDocs.cloudfront,
    uses: (p) => at(p, 'DistributionConfig', 'ViewerCertificate', 'AcmCertificateArn') !== undefined,
  },
  {
    type: 'AWS::CloudFront::Distribution',
    feature: 'Lambda@Edge is not available with CloudFront China',
    page: chinaReports.edgeFeatures,
    uses: (p) => cacheBehaviors(p).some((b) => asList(at(b, 'LambdaFunctionAssociations')).length > 0),
  },
  {
    type: 'AWS::CloudFront::Distribution',
    feature: 'Origin Shield is not available with CloudFront China',
    page: chinaReports.edgeFeatures,
    uses: (p) =>
      asList(at(p, 'DistributionConfig', 'Origins')).some((o) => at(o, 'OriginShield', 'Enabled') === true),
  },
  {
    type: 'AWS::CloudFront::Distribution',
    feature: 'Cache policies are not supported (use the legacy cache settings: ForwardedValues and TTLs)',
    page: chinaReports.cachePolicy,
    uses: (p) => cacheBehaviors(p).some((b) => at(b, 'CachePolicyId') !== undefined),
  },
  {
    type: 'AWS::CloudFront::OriginAccessControl',
    feature: 'Origin access control is not available (use an origin access identity)',
    page: chinaReports.originAccessControl,
  },
  {
    type: 'AWS::DynamoDB::GlobalTable',
    feature: 'Global tables multi-Region strong consistency (MRSC) is not available',
    page: chinaDocs.dynamodb,
    uses: (p) => p.MultiRegionConsistency === 'STRONG',
  },
];

export interface ChinaFinding {
  logicalId: string;
  type: string;
  feature: string;
  page: ChinaDocPage;
}

const typeMatches = (pattern: string, type: string) =>
  pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;

/**
 * Where a template's state machines keep their ASL: inline, or uploaded as an asset that the cloud
 * assembly holds beside the template as `asset.<key>`.
 */
export const definitionReader =
  (assemblyDir: string) =>
  (p: Record<string, TemplateValue>): string | undefined => {
    if (typeof p.DefinitionString === 'string') return p.DefinitionString;
    if (p.Definition !== undefined || p.DefinitionString !== undefined)
      return JSON.stringify(p.Definition ?? p.DefinitionString);
    const key = at(p, 'DefinitionS3Location', 'Key');
    if (typeof key !== 'string') return undefined;
    return readFileSync(join(assemblyDir, `asset.${key}`), 'utf8');
  };

/** The resources of a template that use something the China Region lacks, each with the page that says so. */
export const chinaFindings = (
  template: Template,
  region: ChinaRegion,
  definitionOf: CheckContext['definitionOf'],
): ChinaFinding[] => {
  const context: CheckContext = { template, definitionOf };
  return Object.entries(template.Resources ?? {}).flatMap(([logicalId, resource]) =>
    unavailableInChina
      .filter((rule) => typeMatches(rule.type, resource.Type))
      .filter((rule) => !rule.regions || rule.regions.includes(region))
      .filter((rule) => !rule.uses || rule.uses(resource.Properties ?? {}, context))
      .map((rule) => ({ logicalId, type: resource.Type, feature: rule.feature, page: rule.page })),
  );
};

export interface PartitionLiteral {
  /** `Resources.<logical id>`, `Outputs.<id>` ...: where in the template. */
  where: string;
  /** The property path inside it. */
  path: string;
  value: string;
}

/**
 * Service principals are `<service>.amazonaws.com` in every partition, China included (aws-cdk-lib renders
 * them so, and IAM refuses the old `.amazonaws.com.cn` forms): the one place that domain is right. They sit
 * in a policy's `Principal.Service` or in a Lambda permission's `Principal`.
 */
const servicePrincipal = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/;
const isServicePrincipal = (path: string[], value: string) => {
  const keys = path.filter((key) => !/^\d+$/.test(key));
  const [before, last] = keys.slice(-2);
  return (
    (last === 'Principal' || (last === 'Service' && before === 'Principal')) && servicePrincipal.test(value)
  );
};

const globalArn = /arn:aws:/;
/** A global-partition endpoint: `amazonaws.com` at the end of a host, not followed by `.cn`. */
const globalDomain = /\.amazonaws\.com(?!\.cn)(?=$|[/:"'\s])/;

/**
 * Every string in a template that is only right in the global partition: an `arn:aws:` ARN or an
 * `*.amazonaws.com` host (service principals excepted, see above).
 */
export const partitionLiterals = (template: Template): PartitionLiteral[] => {
  const found: PartitionLiteral[] = [];
  const walk = (value: unknown, where: string, path: string[]) => {
    if (typeof value === 'string') {
      if (globalArn.test(value) || (globalDomain.test(value) && !isServicePrincipal(path, value)))
        found.push({ where, path: path.join('.'), value });
    } else if (value !== null && typeof value === 'object') {
      // Arrays too: their entries are keyed by index.
      for (const [k, v] of Object.entries(value)) walk(v, where, [...path, k]);
    }
  };
  for (const [section, entries] of Object.entries(template)) {
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) continue;
    for (const [id, entry] of Object.entries(entries)) walk(entry, `${section}.${id}`, []);
  }
  return found;
};

/**
 * The two checks as a policy validation plugin: a stack synthesized for a China Region that uses anything
 * of the list, or names the global partition, fails `cdk synth` with the resource and the page named.
 */
export class ChinaChecks implements IPolicyValidationPlugin {
  readonly name = 'tongban-china';
  readonly ruleIds = ['unavailable-in-china', 'global-partition-literal'];

  validate(context: IPolicyValidationContext) {
    const violations = context.stackTemplates.flatMap(({ region, templatePath }) => {
      if (region === undefined || !isChinaRegion(region)) return [];
      const template = JSON.parse(readFileSync(templatePath, 'utf8')) as Template;
      const unavailable = chinaFindings(template, region, definitionReader(dirname(templatePath))).map(
        (f) => ({
          ruleName: 'unavailable-in-china',
          description: `${f.type}: ${f.feature} in ${region} ("${f.page.title}", ${f.page.url})`,
          violatingResources: [{ resourceLogicalId: f.logicalId, templatePath, locations: [] }],
          severity: 'error',
        }),
      );
      const literals = partitionLiterals(template).map((l) => ({
        ruleName: 'global-partition-literal',
        description: `${l.where} ${l.path}: "${l.value}" names the global partition; build it with the stack's partition and URL suffix`,
        violatingResources: [
          { resourceLogicalId: l.where.split('.').slice(1).join('.'), templatePath, locations: [l.path] },
        ],
        severity: 'error',
      }));
      return [...unavailable, ...literals];
    });
    return { success: violations.length === 0, violations };
  }
}
