// The portal (网上办事大厅) in the stack: its static build in a private S3 bucket, served by a CloudFront
// distribution over HTTPS only with the security headers the local gateway sends (portal/security-headers.ts),
// the page paths of portal/pages.ts answered with index.html, hashed assets cached for a year and the entry
// files revalidated on every load. The deployment writes the API's origin into index.html's
// <meta name="tongban-api-origin">, because the API's endpoint is known only once CloudFormation has made it.
//
// In the China Regions CloudFront differs (china.ts lists it, with its sources): the distribution needs the
// ICP-filed domain and an IAM server certificate; origin access control and cache policies are not available,
// so the bucket is read through an origin access identity and the behaviours use the legacy cache settings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { type PortalSecurityHeaders, portalSecurityHeaders } from '../../portal/security-headers.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { inChina } from '../china.ts';
import { ensurePortalBuild } from '../portal-build.ts';
import { acknowledge, acknowledgeWildcards, nagStringRef } from './acknowledge.ts';

export interface TenantPortalProps {
  jurisdiction: Jurisdiction;
  /** Receives the server access logs of the portal's buckets. */
  accessLogs: s3.IBucket;
  /** The built portal; portal/dist, built during synth when missing or stale, by default. */
  portalDir?: string;
}

/** Hashed file names change with their content: a year, never revalidated. */
const assetMaxAge = Duration.days(365);

/** The response headers policy's form of the portal's security headers; anything unmapped is refused. */
export const responseHeadersOf = (
  headers: PortalSecurityHeaders,
): Pick<cloudfront.ResponseHeadersPolicyProps, 'securityHeadersBehavior' | 'customHeadersBehavior'> => {
  const {
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': contentTypeOptions,
    'referrer-policy': referrerPolicy,
    'x-frame-options': frameOptions,
    ...custom
  } = headers;
  if (contentTypeOptions !== 'nosniff' || frameOptions !== 'DENY' || referrerPolicy !== 'no-referrer')
    throw new Error('The portal headers changed: map the new values to the response headers policy');
  return {
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      // HTTPS only: browsers that have seen the portal once never try plain HTTP for a year.
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), override: true },
    },
    customHeadersBehavior: {
      customHeaders: Object.entries(custom).map(([header, value]) => ({ header, value, override: true })),
    },
  };
};

export class TenantPortal extends Construct {
  /** The portal's origin, `https://<domain>`: the jurisdiction's domain, or the distribution's own. */
  readonly origin: string;
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  private readonly portalDir: string;
  /** The sources `connect-src` allows besides the portal itself; set by `serveApi`. */
  private connectSources?: string[];

  constructor(scope: Construct, id: string, props: TenantPortalProps) {
    super(scope, id);
    const { jurisdiction, accessLogs } = props;
    const china = inChina(this);
    const custom = jurisdiction.portal;
    this.portalDir = props.portalDir ?? ensurePortalBuild();

    // SSE-S3 rather than the data key: the files are public by nature, and an origin access identity (all
    // China offers) cannot read KMS-encrypted objects.
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'portal/',
      // Old builds' assets stay (clients holding an old index.html still load), old versions go.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CloudFront's standard logs are written with ACLs, which the bucket must accept.
    const distributionLogs = new s3.Bucket(this, 'DistributionLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'portal-distribution-logs/',
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const origin = china
      ? origins.S3BucketOrigin.withOriginAccessIdentity(this.bucket)
      : origins.S3BucketOrigin.withOriginAccessControl(this.bucket);

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Security headers of the tongban portal of ${jurisdiction.id}`,
      ...responseHeadersOf(
        portalSecurityHeaders([
          Lazy.string({
            produce: () => {
              if (!this.connectSources) throw new Error('TenantPortal: call serveApi with the API origin');
              return this.connectSources.join(' ');
            },
          }),
        ]),
      ),
    });

    const behaviour = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      compress: true,
      responseHeadersPolicy: headers,
    };
    const acmCertificate = custom?.acmCertificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', custom.acmCertificateArn)
      : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `tongban portal of ${jurisdiction.name.en} (${jurisdiction.id})`,
      defaultRootObject: 'index.html',
      ...(acmCertificate && custom
        ? {
            domainNames: [custom.domainName],
            certificate: acmCertificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket: distributionLogs,
      logFilePrefix: 'cloudfront/',
      // index.html: revalidated on every load (the origin says no-cache), so a new build
      // reaches every visitor at once.
      defaultBehavior: {
        ...behaviour,
        ...(china
          ? {}
          : {
              cachePolicy: new cloudfront.CachePolicy(this, 'Revalidate', {
                comment: 'The portal entry files: revalidated on every request',
                minTtl: Duration.seconds(0),
                defaultTtl: Duration.seconds(0),
                maxTtl: assetMaxAge,
                enableAcceptEncodingGzip: true,
                enableAcceptEncodingBrotli: true,
              }),
            }),
      },
      additionalBehaviors: {
        '/assets/*': { ...behaviour, cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED },
      },
      // The page paths (portal/pages.ts) are no objects in the bucket: S3 answers 403 (the distribution may
      // not list it) and the portal's router takes over from index.html. Without edge functions, which
      // China may not offer, every missing path gets index.html, whose router shows its not-found page.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
    });
    const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    if (custom?.iamCertificateId) {
      // The L2 construct takes ACM certificates only.
      cfn.addPropertyOverride('DistributionConfig.Aliases', [custom.domainName]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: custom.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      });
    }
    if (china) {
      const legacyCache = (behaviourPath: string, defaultTtl: Duration) => {
        cfn.addPropertyDeletionOverride(`${behaviourPath}.CachePolicyId`);
        cfn.addPropertyOverride(`${behaviourPath}.ForwardedValues`, {
          QueryString: false,
          Cookies: { Forward: 'none' },
        });
        cfn.addPropertyOverride(`${behaviourPath}.MinTTL`, 0);
        cfn.addPropertyOverride(`${behaviourPath}.DefaultTTL`, defaultTtl.toSeconds());
        cfn.addPropertyOverride(`${behaviourPath}.MaxTTL`, assetMaxAge.toSeconds());
      };
      legacyCache('DistributionConfig.DefaultCacheBehavior', Duration.seconds(0));
      legacyCache('DistributionConfig.CacheBehaviors.0', assetMaxAge);
    }
    this.origin = `https://${custom?.domainName ?? this.distribution.distributionDomainName}`;

    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'A public portal for everyone, in China and abroad alike: no geographic restriction.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      china
        ? 'AWS WAF in the China Regions is regional only; it cannot be attached to a CloudFront distribution there.'
        : 'Static public files only, no forms posted to the distribution; the API behind it has its own throttling.',
    );
    if (!custom) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        "Without the jurisdiction's own domain the distribution answers on *.cloudfront.net, whose certificate CloudFront fixes; a portal block with a certificate sets TLS 1.2 as the minimum.",
      );
    } else if (custom.iamCertificateId) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'The viewer certificate is set on the template (an IAM server certificate, which the L2 construct does not take), with TLSv1.2_2021 as the minimum; cdk-nag reads only the construct.',
      );
    }
    if (china) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR7',
        'Origin access control is not available in the China Regions (china.ts); an origin access identity reads the bucket there.',
      );
    }
  }

  /**
   * Deploys the build with index.html naming `apiOrigin` in its meta tag, which the CSP's `connect-src`
   * then allows. The hashed assets go first and are never pruned (an open page may still load an old one),
   * then index.html, revalidated on every load, with an invalidation of the entry paths.
   */
  /** The built index.html with the API's origin (a deploy-time value) in its meta tag. */
  private entryPage(apiOrigin: string) {
    const html = readFileSync(join(this.portalDir, 'index.html'), 'utf8');
    const empty = '<meta name="tongban-api-origin" content="" />';
    if (!html.includes(empty)) throw new Error(`The portal's index.html lacks ${empty}`);
    return html.replace(empty, `<meta name="tongban-api-origin" content="${apiOrigin}" />`);
  }

  serveApi(apiOrigin: string, uploadOrigins: readonly string[] = []) {
    const stack = Stack.of(this);
    // Without the jurisdiction's domain the API's CORS names the distribution, so the distribution cannot
    // name the API in turn: the CSP then allows the Region's API Gateway endpoints. Materials go straight
    // from the browser to their bucket (presigned PUTs), whose origin the CSP names too.
    this.connectSources = [
      ...(Token.isUnresolved(this.origin) && Token.isUnresolved(apiOrigin)
        ? [`https://*.execute-api.${stack.region}.${stack.urlSuffix}`]
        : [apiOrigin]),
      ...uploadOrigins,
    ];
    const build = s3deploy.Source.asset(this.portalDir);
    const assets = new s3deploy.BucketDeployment(this, 'Assets', {
      sources: [build],
      destinationBucket: this.bucket,
      exclude: ['index.html'],
      prune: false,
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(assetMaxAge),
        s3deploy.CacheControl.immutable(),
      ],
    });
    const entry = new s3deploy.BucketDeployment(this, 'Entry', {
      sources: [s3deploy.Source.data('index.html', this.entryPage(apiOrigin))],
      destinationBucket: this.bucket,
      prune: false,
      contentType: 'text/html; charset=utf-8',
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/', '/index.html'],
    });
    entry.node.addDependency(assets);

    // CDK's deployment function, one per stack, shared by both deployments.
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    const role = handler?.node.tryFindChild('ServiceRole');
    const policy = role?.node.tryFindChild('DefaultPolicy');
    if (!handler || !role || !(policy instanceof iam.Policy))
      throw new Error("CDK's deployment function has changed shape");
    acknowledge(
      role,
      `AwsSolutions-IAM4[Policy::${nagStringRef(this, iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole').managedPolicyArn)}]`,
      "CDK's deployment function logs with the basic execution role; it runs only while CloudFormation deploys.",
    );
    acknowledge(
      handler,
      'AwsSolutions-L1',
      "CDK's deployment function runs on the Python runtime its version of aws-cdk-lib pins.",
    );
    acknowledgeWildcards(
      policy,
      "CDK's deployment function reads the build from the staging bucket, copies every file of it into the portal bucket (object wildcards) and invalidates the distribution (CreateInvalidation has no resource-level permission).",
    );
  }
}
