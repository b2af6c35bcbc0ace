// The jurisdiction's HTTP API: API Gateway v2 with a JWT authorizer trusting tongban's own OpenID Provider
// (the sign-in function, whose issuer lives under the API's own endpoint, in every partition), one route per
// manifest route key (public routes without the authorizer; roles are checked by the function), `$default`
// for the function that answers unknown routes, access logs, throttling, CORS for the portal's origin and a
// 5xx alarm. The routes
// come from the same route tables the handlers validate with.
import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import * as z from 'zod';
import { type Method, type RouteKey, splitRouteKey } from '../../functions/lib/route.ts';
import type { FunctionSpec } from '../../functions/manifest.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { names, oidcIssuerPath } from '../naming.ts';
import { acknowledge } from './acknowledge.ts';
import type { TongbanFunction } from './tongban-function.ts';
import { logRetention } from './tongban-function.ts';

export interface TenantApiProps {
  jurisdiction: Jurisdiction;
  functions: readonly TongbanFunction[];
  alarmTopic: sns.ITopic;
  /**
   * Origins allowed by CORS: the portal's. None when empty, and then no browser page of another origin
   * may call the API.
   */
  corsOrigins: readonly string[];
}

// Per jurisdiction and region; a county's whole traffic is far below it, a runaway client is not.
const throttle = { rateLimit: 200, burstLimit: 400 };

/** Request headers the routes read, from their zod schemas: the browser may send exactly these. */
const routeHeaders = (specs: readonly FunctionSpec[]) => {
  const headers = new Set(['authorization', 'content-type']);
  for (const spec of specs) {
    for (const route of Object.values(spec.routes ?? {})) {
      if (route.headers instanceof z.ZodObject) {
        for (const name of Object.keys(route.headers.shape)) headers.add(name.toLowerCase());
      }
    }
  }
  return [...headers].sort();
};

const routeMethods = (specs: readonly FunctionSpec[]) => {
  const methods = new Set<Method>();
  for (const spec of specs) {
    for (const key of Object.keys(spec.routes ?? {})) methods.add(splitRouteKey(key as RouteKey).method);
  }
  return [...methods].sort().map((method) => apigw.CorsHttpMethod[method]);
};

export class TenantApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly url: string;
  /** The `iss` of the tokens the authorizer accepts: tongban's OpenID Provider, `<url>/oidc`. */
  readonly issuer: string;
  /** The `aud` they must carry: `names(id).api`. */
  readonly audience: string;

  constructor(scope: Construct, id: string, props: TenantApiProps) {
    super(scope, id);
    const n = names(props.jurisdiction.id);
    const specs = props.functions.map((f) => f.spec);

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${n.api}`,
      retention: logRetention,
    });
    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: n.api,
      description: `tongban API of ${props.jurisdiction.name.en} (${props.jurisdiction.id})`,
      createDefaultStage: false,
      ...(props.corsOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [...props.corsOrigins],
              allowMethods: routeMethods(specs),
              allowHeaders: routeHeaders(specs),
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    // The caller's address and subject are logged for the audit trail; paths and bodies are not (a path
    // may one day carry personal data).
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            sourceIp: '$context.identity.sourceIp',
            sub: '$context.authorizer.claims.sub',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    // The endpoint is CloudFormation's ApiEndpoint attribute, which carries the Region's own domain
    // (execute-api.<region>.amazonaws.com.cn in China); the authorizer may name it because the API does not
    // depend on its authorizers.
    this.url = this.api.apiEndpoint;
    this.issuer = `${this.url}${oidcIssuerPath}`;
    this.audience = n.api;

    // API Gateway reads the issuer's discovery document and keys when it checks a token, not at deploy time.
    const authorizer = new HttpJwtAuthorizer('OidcJwt', this.issuer, {
      authorizerName: `${n.api}-jwt`,
      jwtAudience: [this.audience],
    });

    const seen = new Map<string, string>();
    const defaults = specs.filter((spec) => spec.defaultRoute).map((spec) => spec.name);
    if (defaults.length > 1) {
      throw new Error(`Only one function may answer $default; the manifest marks ${defaults.join(', ')}`);
    }
    for (const tf of props.functions) {
      const { spec } = tf;
      // One invoke permission per function for the whole API, not one per route: a function's resource
      // policy is limited to 20 kB, which dozens of routes would exceed.
      const integration = new HttpLambdaIntegration(`${spec.name}-integration`, tf.fn, {
        scopePermissionToRoute: false,
      });
      for (const [key, route] of Object.entries(spec.routes ?? {})) {
        const owner = seen.get(key);
        if (owner) throw new Error(`Route ${key} is declared by both ${owner} and ${spec.name}`);
        seen.set(key, spec.name);
        const { method, path } = splitRouteKey(key as RouteKey);
        const isPublic = route.auth === 'public';
        const [created] = this.api.addRoutes({
          path,
          methods: [apigw.HttpMethod[method]],
          integration,
          ...(isPublic ? {} : { authorizer }),
        });
        if (isPublic && created) {
          acknowledge(created, 'AwsSolutions-APIG4', `${key} is public by design: ${route.summary}.`);
        }
      }
      if (spec.defaultRoute) {
        const fallback = new apigw.HttpRoute(this, 'DefaultRoute', {
          httpApi: this.api,
          routeKey: apigw.HttpRouteKey.DEFAULT,
          integration,
        });
        acknowledge(
          fallback,
          'AwsSolutions-APIG4',
          '$default answers only paths no route matches, with a JSON 404; it serves no data.',
        );
      }
    }

    new cloudwatch.Alarm(this, 'ServerErrorAlarm', {
      alarmName: `${n.api}-5xx`,
      alarmDescription: `${n.api} answered with server errors in the last 5 minutes`,
      metric: this.stage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new actions.SnsAction(props.alarmTopic));
  }
}
