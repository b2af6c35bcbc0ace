import { Duration, Fn, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
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
import { ensurePortalBuild, portalScriptSource, portalStyleSource } from '../portal-build.ts';
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
  /** The HTTP API's host, where the pages function answers the page paths; set by `serveApi`. */
  private apiHost?: string;

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
        portalSecurityHeaders(
          [
            Lazy.string({
              produce: () => {
                if (!this.connectSources) throw new Error('TenantPortal: call serveApi with the API origin');
                return this.connectSources.join(' ');
              },
            }),
          ],
          [portalStyleSource(this.portalDir)],
          [portalScriptSource(this.portalDir)],
        ),
      ),
    });

    const behaviour = {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      compress: true,
      responseHeadersPolicy: headers,
    };
    // The pages function, behind the HTTP API (its host is known once serveApi is called).
    const pages = new origins.HttpOrigin(
      Lazy.string({
        produce: () => {
          if (!this.apiHost) throw new Error('TenantPortal: call serveApi with the API endpoint');
          return this.apiHost;
        },
      }),
      { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY },
    );
    const acmCertificate = custom?.acmCertificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', custom.acmCertificateArn)
      : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `tongban portal of ${jurisdiction.name.en} (${jurisdiction.id})`,
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
      // The pages: kept at the edge as long as the pages function says (s-maxage), never in browsers.
      defaultBehavior: {
        ...behaviour,
        origin: pages,
        ...(china
          ? {}
          : {
              cachePolicy: new cloudfront.CachePolicy(this, 'Pages', {
                comment: "The portal's pages: kept as long as the pages function says",
                minTtl: Duration.seconds(0),
                defaultTtl: Duration.seconds(0),
                maxTtl: Duration.days(1),
                enableAcceptEncodingGzip: true,
                enableAcceptEncodingBrotli: true,
              }),
            }),
      },
      additionalBehaviors: {
        '/assets/*': { ...behaviour, origin, cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED },
      },
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
      const legacyCache = (behaviourPath: string, defaultTtl: Duration, maxTtl: Duration) => {
        cfn.addPropertyDeletionOverride(`${behaviourPath}.CachePolicyId`);
        cfn.addPropertyOverride(`${behaviourPath}.ForwardedValues`, {
          QueryString: false,
          Cookies: { Forward: 'none' },
        });
        cfn.addPropertyOverride(`${behaviourPath}.MinTTL`, 0);
        cfn.addPropertyOverride(`${behaviourPath}.DefaultTTL`, defaultTtl.toSeconds());
        cfn.addPropertyOverride(`${behaviourPath}.MaxTTL`, maxTtl.toSeconds());
      };
      legacyCache('DistributionConfig.DefaultCacheBehavior', Duration.seconds(0), Duration.days(1));
      legacyCache('DistributionConfig.CacheBehaviors.0', assetMaxAge, assetMaxAge);
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
   * Connects the portal to the API: the pages come from the pages function at `apiEndpoint` (the HTTP API's
   * own endpoint), and the pages call the API at `apiOrigin`, which the CSP's `connect-src` then allows. The
   * hashed assets are deployed to the bucket and never pruned (an open page may still load an old one);
   * the deployment then clears the edge's copies of the pages, so the new build reaches every visitor.
   */
  serveApi(apiOrigin: string, apiEndpoint: string, uploadOrigins: readonly string[] = []) {
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
    this.apiHost = Fn.select(2, Fn.split('/', apiEndpoint));
    new s3deploy.BucketDeployment(this, 'Assets', {
      sources: [s3deploy.Source.asset(this.portalDir, { exclude: ['index.html'] })],
      destinationBucket: this.bucket,
      prune: false,
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(assetMaxAge),
        s3deploy.CacheControl.immutable(),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });

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
