// The portal in the tenant stack: a private, encrypted bucket read only by the distribution, HTTPS only with
// TLS 1.2 or later on the jurisdiction's domain, the security headers the local gateway sends with the API's
// origin in connect-src and the inlined stylesheet's hash in style-src, the page paths answered by the pages
// function through the API (kept at the edge as it says), assets cached for a year, and the API's CORS
// limited to the portal's origin. In the China Regions: the ICP-filed domain
// with an IAM certificate, an origin access identity and the legacy cache settings, nothing of the China list.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChinaChecks, chinaFindings, partitionLiterals } from '../../infra/china.ts';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';
import { portalSecurityHeaders as localHeaders } from '../../infra/local/portal.ts';
import { defaultPortalDir, portalScriptSource, portalStyleSource } from '../../infra/portal-build.ts';
import { TenantStack } from '../../infra/tenant-stack.ts';
import { portalPagePattern } from '../../portal/pages.ts';
import { portalContentSecurityPolicy, portalSecurityHeaders } from '../../portal/security-headers.ts';
import { type Jurisdiction, jurisdictionSchema } from '../../shared/jurisdiction.ts';
import { publicAccessBlocked } from '../support/cdk-template.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
const cdkContext = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')).context;
const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

const dinghai = loadJurisdiction('dinghai');
const chinaPortal = { domainName: 'zwfw.dinghai.gov.cn', iamCertificateId: 'ASCAEXAMPLE1234567890' };
const acmArn = 'arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012';

/** Synthesizes one tenant stack (functions not bundled) with cdk-nag and the China checks, as the app does. */
const synth = (jurisdiction: Jurisdiction) => {
  const outdir = mkdtempSync(join(tmpdir(), 'tongban-portal-cdk-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
  const stack = new TenantStack(app, 'tongban-dinghai', { jurisdiction, account: '111122223333' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ChinaChecks());
  const assembly = app.synth();
  const artifact = assembly.getStackByName('tongban-dinghai');
  return {
    app,
    stack,
    artifact,
    template: Template.fromJSON(artifact.template),
    directory: assembly.directory,
  };
};

const resources = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);
const one = (template: Template, type: string) => {
  const found = resources(template, type);
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Resource];
};

/** A CloudFormation string with every reference replaced by `<logical id.attribute>`, for comparing. */
const rendered = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const v = value as { 'Fn::Join'?: [string, unknown[]]; 'Fn::GetAtt'?: string[]; Ref?: string };
  if (v['Fn::Join']) return v['Fn::Join'][1].map(rendered).join(v['Fn::Join'][0]);
  if (v['Fn::GetAtt']) return `<${v['Fn::GetAtt'].join('.')}>`;
  if (v.Ref) return `<${v.Ref}>`;
  return JSON.stringify(value);
};

const unacknowledged = (scope: Stack) =>
  new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));

const problems = (artifact: CloudFormationStackArtifact) =>
  artifact.messages.filter((m) => m.level !== 'info').map((m) => `${m.level} ${m.entry.data}`);

/** The portal's bucket: the one the deployments write to. */
const portalBucket = (template: Template) => {
  const [, deployment] = resources(template, 'Custom::CDKBucketDeployment')[0] as [string, Resource];
  const id = deployment.Properties.DestinationBucketName.Ref as string;
  return [id, template.toJSON().Resources[id] as Resource] as const;
};

const expectPrivateEncryptedBucket = (template: Template) => {
  const [id, bucket] = portalBucket(template);
  expect(bucket.Properties).toMatchObject({
    PublicAccessBlockConfiguration: publicAccessBlocked,
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    },
    VersioningConfiguration: { Status: 'Enabled' },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    LoggingConfiguration: { LogFilePrefix: 'portal/' },
  });
  const [, policy] = resources(template, 'AWS::S3::BucketPolicy').find(
    ([, p]) => p.Properties.Bucket.Ref === id,
  ) as [string, Resource];
  const statements = policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>;
  expect(statements).toContainEqual(
    expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  );
  // Only the distribution reads it: no statement allows anyone.
  for (const s of statements.filter((s) => s.Effect === 'Allow')) {
    expect(JSON.stringify(s.Principal)).not.toMatch(/"\*"/);
    expect(s.Action).toBe('s3:GetObject');
  }
  return { id, statements };
};

const behavioursOf = (distribution: Resource) => {
  const config = distribution.Properties.DistributionConfig;
  const assets = (config.CacheBehaviors as Array<Record<string, any>>).find(
    (b) => b.PathPattern === '/assets/*',
  );
  return { config, entry: config.DefaultCacheBehavior as Record<string, any>, assets: assets ?? {} };
};

/** The distribution's origins: the bucket (assets) and the HTTP API (the pages function). */
const originsOf = (distribution: Resource) => {
  const all = distribution.Properties.DistributionConfig.Origins as Array<Record<string, any>>;
  return {
    bucket: all.find((o) => o.S3OriginConfig) ?? {},
    pages: all.find((o) => o.CustomOriginConfig) ?? {},
  };
};

const expectHttpsOnlyWithPagesFromTheApi = (template: Template, distribution: Resource) => {
  const { config, entry, assets } = behavioursOf(distribution);
  for (const b of [entry, assets]) {
    expect(b.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(b.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(b.Compress).toBe(true);
  }
  const { bucket, pages } = originsOf(distribution);
  expect(entry.TargetOriginId).toBe(pages.Id);
  expect(assets.TargetOriginId).toBe(bucket.Id);
  // The pages come from the HTTP API's own host, over HTTPS only.
  expect(pages.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
  expect(JSON.stringify(pages.DomainName)).toContain(
    `"${one(template, 'AWS::ApiGatewayV2::Api')[0]}","ApiEndpoint"`,
  );
  // No page is answered from the bucket: no root object, no error page standing in for one.
  expect(config.DefaultRootObject).toBeUndefined();
  expect(config.CustomErrorResponses).toBeUndefined();
  expect(config.Logging.Prefix).toBe('cloudfront/');
};

/** The pages function's environment. */
const pagesEnvironment = (template: Template) => {
  const [, fn] = resources(template, 'AWS::Lambda::Function').find(([, f]) =>
    String(f.Properties.FunctionName ?? '').endsWith('-pages'),
  ) as [string, Resource];
  return fn.Properties.Environment.Variables as Record<string, unknown>;
};

/** The security headers policy, with its CSP rendered. */
const headersPolicy = (template: Template) => {
  const [id, policy] = one(template, 'AWS::CloudFront::ResponseHeadersPolicy');
  const config = policy.Properties.ResponseHeadersPolicyConfig;
  const csp = rendered(config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
  return { id, config, csp };
};

const apiEndpoint = (template: Template) => `<${one(template, 'AWS::ApiGatewayV2::Api')[0]}.ApiEndpoint>`;

/** Where browsers PUT materials: the materials bucket's regional endpoint. */
const materialsOrigin = (template: Template) => {
  const [id] = resources(template, 'AWS::S3::Bucket').find(([id]) => id.includes('MaterialBucket'))!;
  return `https://<${id}.RegionalDomainName>`;
};

describe('the portal in a China stack, on its ICP-filed domain', () => {
  let synthesized: ReturnType<typeof synth>;
  let template: Template;
  beforeAll(() => {
    synthesized = synth({ ...dinghai, portal: chinaPortal });
    template = synthesized.template;
  });

  it('builds the portal during synth and deploys that build', () => {
    expect(existsSync(join(defaultPortalDir, 'index.html'))).toBe(true);
    expect(resources(template, 'Custom::CDKBucketDeployment')).toHaveLength(1);
  });

  it('keeps the build in a private, encrypted, versioned, TLS-only, logged bucket read through an origin access identity', () => {
    const { statements } = expectPrivateEncryptedBucket(template);
    const [oai] = one(template, 'AWS::CloudFront::CloudFrontOriginAccessIdentity');
    expect(JSON.stringify(statements)).toContain(oai);
    expect(resources(template, 'AWS::CloudFront::OriginAccessControl')).toEqual([]);
    const [, distribution] = one(template, 'AWS::CloudFront::Distribution');
    const { bucket: origin } = originsOf(distribution);
    expect(rendered(origin.S3OriginConfig.OriginAccessIdentity)).toBe(
      `origin-access-identity/cloudfront/<${oai}>`,
    );
  });

  it('serves HTTPS only on the domain with the IAM certificate, TLS 1.2 or later, and the pages from the pages function', () => {
    const [, distribution] = one(template, 'AWS::CloudFront::Distribution');
    expectHttpsOnlyWithPagesFromTheApi(template, distribution);
    expect(distribution.Properties.DistributionConfig.Aliases).toEqual(['zwfw.dinghai.gov.cn']);
    expect(distribution.Properties.DistributionConfig.ViewerCertificate).toEqual({
      IamCertificateId: 'ASCAEXAMPLE1234567890',
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
  });

  it('caches assets for a year and pages as the pages function says, with the legacy cache settings', () => {
    const [, distribution] = one(template, 'AWS::CloudFront::Distribution');
    const { entry, assets } = behavioursOf(distribution);
    expect(entry).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: 86400,
      ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
    });
    expect(assets).toMatchObject({ MinTTL: 0, DefaultTTL: 31536000, MaxTTL: 31536000 });
    expect(entry.CachePolicyId).toBeUndefined();
    expect(assets.CachePolicyId).toBeUndefined();
    expect(resources(template, 'AWS::CloudFront::CachePolicy')).toEqual([]);
  });

  it("sends the local gateway's security headers, with the API and the materials bucket allowed in connect-src", () => {
    const { id, config, csp } = headersPolicy(template);
    expect(csp).toBe(
      portalContentSecurityPolicy(
        [apiEndpoint(template), materialsOrigin(template)],
        [portalStyleSource(defaultPortalDir)],
        [portalScriptSource(defaultPortalDir)],
      ),
    );
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${apiEndpoint(template)} ${materialsOrigin(template)};`);
    expect(config.SecurityHeadersConfig).toMatchObject({
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, Override: true },
    });
    const headers = portalSecurityHeaders();
    expect(config.CustomHeadersConfig.Items).toEqual([
      { Header: 'permissions-policy', Value: headers['permissions-policy'], Override: true },
      { Header: 'cross-origin-opener-policy', Value: headers['cross-origin-opener-policy'], Override: true },
    ]);
    const [, distribution] = one(template, 'AWS::CloudFront::Distribution');
    const { entry, assets } = behavioursOf(distribution);
    expect(entry.ResponseHeadersPolicyId).toEqual({ Ref: id });
    expect(assets.ResponseHeadersPolicyId).toEqual({ Ref: id });
  });

  it("deploys the immutable assets, clears the pages at the edge, and has the pages name the API's endpoint", () => {
    const [, assets] = one(template, 'Custom::CDKBucketDeployment');
    expect(assets.Properties).toMatchObject({
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      DistributionPaths: ['/*'],
    });
    expect(rendered(pagesEnvironment(template).API_ORIGIN)).toBe(apiEndpoint(template));
  });

  it('lets browsers call the API from the portal origin only', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://zwfw.dinghai.gov.cn'],
        AllowHeaders: Match.arrayWith(['authorization', 'content-type', 'x-import-id']),
        AllowMethods: Match.arrayWith(['GET', 'POST']),
      },
    });
    template.hasOutput('PortalUrl', { Value: 'https://zwfw.dinghai.gov.cn' });
  });

  it('uses nothing the China Regions lack and names no global-partition ARN or host', () => {
    const { artifact } = synthesized;
    expect(chinaFindings(artifact.template, 'cn-north-1', () => undefined)).toEqual([]);
    expect(partitionLiterals(artifact.template)).toEqual([]);
  });

  it('passes cdk-nag with every acknowledgement justified, and warns of nothing', () => {
    expect(unacknowledged(synthesized.stack)).toEqual([]);
    expect(problems(synthesized.artifact)).toEqual([]);
    const report = JSON.parse(readFileSync(join(synthesized.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);
  });
});

describe('the portal in a global Region', () => {
  it('reads the bucket through origin access control, with cache policies, on the ACM-certified domain', () => {
    const { template, stack, artifact } = synth({
      ...dinghai,
      region: 'us-east-1',
      portal: { domainName: 'zwfw.example.org', acmCertificateArn: acmArn },
    });
    expectPrivateEncryptedBucket(template);
    const [oac, control] = one(template, 'AWS::CloudFront::OriginAccessControl');
    expect(control.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(resources(template, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
    const [, distribution] = one(template, 'AWS::CloudFront::Distribution');
    expectHttpsOnlyWithPagesFromTheApi(template, distribution);
    const { config, entry, assets } = behavioursOf(distribution);
    expect(originsOf(distribution).bucket.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oac, 'Id'] });
    expect(config.Aliases).toEqual(['zwfw.example.org']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: acmArn,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    const [pages, policy] = one(template, 'AWS::CloudFront::CachePolicy');
    expect(entry.CachePolicyId).toEqual({ Ref: pages });
    expect(policy.Properties.CachePolicyConfig).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 86400 });
    expect(assets.CachePolicyId).toBe(cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId);
    expect(headersPolicy(template).csp).toBe(
      portalContentSecurityPolicy(
        [apiEndpoint(template), materialsOrigin(template)],
        [portalStyleSource(defaultPortalDir)],
        [portalScriptSource(defaultPortalDir)],
      ),
    );
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://zwfw.example.org'] }),
    });
    expect(unacknowledged(stack)).toEqual([]);
    expect(problems(artifact)).toEqual([]);
  });

  it("serves on the distribution's own name without a domain, CORS open to bearer calls and the CSP the Region's API endpoints", () => {
    const { template, stack, artifact } = synth({ ...dinghai, region: 'eu-west-1' });
    // The distribution's pages come from the API, so the API cannot name the distribution: any origin, and
    // bearer tokens only (CORS without credentials).
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['*'], AllowCredentials: Match.absent() }),
    });
    expect(headersPolicy(template).csp).toBe(
      portalContentSecurityPolicy(
        ['https://*.execute-api.eu-west-1.<AWS::URLSuffix>', materialsOrigin(template)],
        [portalStyleSource(defaultPortalDir)],
        [portalScriptSource(defaultPortalDir)],
      ),
    );
    expect(unacknowledged(stack)).toEqual([]);
    expect(problems(artifact)).toEqual([]);
  });

  it("lets the portal call the API's public address when the config names one", () => {
    const { template } = synth({
      ...dinghai,
      region: 'eu-west-1',
      publicUrl: 'https://api.zwfw.example.org',
    });
    expect(headersPolicy(template).csp).toContain(
      `connect-src 'self' https://api.zwfw.example.org ${materialsOrigin(template)};`,
    );
    expect(pagesEnvironment(template).API_ORIGIN).toBe('https://api.zwfw.example.org');
  });
});

describe('a China stack without a portal domain', () => {
  it('deploys no portal, says why, and lets no other origin call the API', () => {
    const { template, artifact } = synth(dinghai);
    expect(resources(template, 'AWS::CloudFront::Distribution')).toEqual([]);
    expect(resources(template, 'Custom::CDKBucketDeployment')).toEqual([]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
    const info = artifact.messages.filter((m) => m.level === 'info').map((m) => String(m.entry.data));
    expect(info.join('\n')).toMatch(/no portal deployed: CloudFront in cn-north-1 needs an ICP-filed domain/);
  });
});

describe('the portal config', () => {
  const parse = (region: string, portal: unknown) =>
    jurisdictionSchema
      .safeParse({ ...dinghai, region, portal })
      .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  it('takes an IAM certificate in China and an ACM or IAM one elsewhere', () => {
    expect(parse('cn-north-1', chinaPortal)).toEqual([]);
    expect(parse('us-east-1', { domainName: 'zwfw.example.org', acmCertificateArn: acmArn })).toEqual([]);
    expect(parse('us-east-1', chinaPortal)).toEqual([]);
  });

  it('refuses what CloudFront cannot serve, naming the field', () => {
    expect(parse('cn-north-1', { domainName: 'zwfw.dinghai.gov.cn' })).toEqual([
      'portal.iamCertificateId: CloudFront in the China Regions (cn-north-1) needs the certificate of the ICP-filed domain, uploaded to IAM',
    ]);
    expect(parse('cn-northwest-1', { ...chinaPortal, acmCertificateArn: acmArn })).toEqual([
      'portal.acmCertificateArn: CloudFront in the China Regions (cn-northwest-1) takes no ACM certificate',
    ]);
    expect(parse('us-east-1', { domainName: 'zwfw.example.org' })).toEqual([
      'portal.acmCertificateArn: exactly one of acmCertificateArn and iamCertificateId',
    ]);
    expect(parse('us-east-1', { domainName: 'https://zwfw.example.org', acmCertificateArn: acmArn })).toEqual(
      ['portal.domainName: a lowercase domain name such as zwfw.dinghai.gov.cn'],
    );
  });
});

describe('the portal headers, locally and in the stack', () => {
  it('are one definition: the local gateway sends them with the API on its own origin', () => {
    expect(localHeaders).toEqual(portalSecurityHeaders());
    expect(localHeaders['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it('route every page path to index.html: none is a file of the build', () => {
    const pages = [
      '/',
      '/find',
      '/guide/330902-XK-0014',
      '/topic/kaiban',
      '/departments',
      '/department/gaj',
      '/apply/330902-XK-0014',
      '/case/330902-20261207-000001-T',
      '/ratings',
      '/requests',
      '/request/T330902-20261207-000001-T',
    ];
    for (const page of pages) {
      expect(portalPagePattern.test(page), page).toBe(true);
      expect(existsSync(join(defaultPortalDir, page.slice(1))) && page !== '/', page).toBe(false);
    }
    // The API's own paths stay the API's.
    for (const path of [
      '/cases/330902-20261207-000001-T',
      '/cases',
      '/uploads',
      '/items/330902-XK-0014',
      '/ratings/stats',
      '/tickets',
      '/tickets/board',
    ])
      expect(portalPagePattern.test(path), path).toBe(false);
  });
});

describe('the China list, for CloudFront', () => {
  it('reports the default domain, cache policies and origin access control (the check is live)', () => {
    const app = new App();
    const stack = new Stack(app, 'careless', { env: { region: 'us-east-1' } });
    const careless = new cloudfront.Distribution(stack, 'Careless', {
      defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(new s3.Bucket(stack, 'B')) },
    });
    const t = app.synth().getStackByName('careless').template;
    const found = chinaFindings(t, 'cn-north-1', () => undefined).map((f) => [f.logicalId, f.feature]);
    const id = stack.getLogicalId(careless.node.defaultChild as cloudfront.CfnDistribution);
    expect(found.filter(([logicalId]) => logicalId === id).map(([, f]) => f?.split(':')[0])).toEqual([
      "The default CloudFront domain, *.cloudfront.cn, can't serve content",
      'Cache policies are not supported (use the legacy cache settings',
    ]);
    expect(found.map(([, f]) => f)).toContain(
      'Origin access control is not available (use an origin access identity)',
    );
  });
});
