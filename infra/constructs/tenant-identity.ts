// A Cognito user pool as an upstream sign-in provider of one jurisdiction, where the config asks for one
// (`cognitoUpstream`): its groups are the platform's roles (shared/identity.ts), its custom attributes carry
// the verified identity, and one app client serves the sign-in. Global Regions only: "Amazon Cognito User
// Pools are not currently available" in the China Regions (Amazon Cognito - Getting Started with Amazon Web
// Services in China). The HTTP API trusts tongban's own OpenID Provider, not this pool.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { roles } from '../../shared/identity.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { names } from '../naming.ts';
import { acknowledge } from './acknowledge.ts';

export interface TenantIdentityProps {
  jurisdiction: Jurisdiction;
}

export class TenantIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The `iss` of the pool's tokens (the service returns the right host in every partition). */
  readonly issuer: string;

  constructor(scope: Construct, id: string, { jurisdiction }: TenantIdentityProps) {
    super(scope, id);
    const n = names(jurisdiction.id);

    // MFA is required and threat protection enforced: the pool holds ID numbers and staff accounts that
    // approve applications. Threat protection (compromised credentials, adaptive authentication, security
    // event logs for audit) needs the Plus plan, billed per monthly active user.
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: n.userPool,
      selfSignUpEnabled: true,
      signInAliases: { username: true, phone: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { phone: true, email: true },
      // A changed phone or e-mail takes effect only once verified, so a stolen session cannot redirect codes.
      keepOriginal: { phone: true, email: true },
      standardAttributes: {
        // Mobile numbers are the real-name anchor of Chinese online services and carry the SMS codes.
        phoneNumber: { required: true, mutable: true },
        email: { required: false, mutable: true },
        fullname: { required: false, mutable: true },
      },
      // Set by the platform after real-name verification (实名认证) or by an administrator; mutable so that
      // they can be set after sign-up, but the app client below cannot write them.
      customAttributes: {
        idNumber: new cognito.StringAttribute({ minLen: 15, maxLen: 18, mutable: true }),
        creditCode: new cognito.StringAttribute({ minLen: 18, maxLen: 18, mutable: true }),
        department: new cognito.StringAttribute({ minLen: 2, maxLen: 32, mutable: true }),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: true, otp: true },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.PHONE_AND_EMAIL,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-IAM5[Resource::*]',
      "Cognito's SMS role publishes to phone numbers with sns:Publish, which has no ARN to scope to.",
    );

    for (const role of roles) {
      new cognito.UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: `tongban role: ${role}`,
      });
    }

    // No secret: a browser or a phone cannot keep one. SRP sign-in only; OAuth is off because there is no
    // hosted sign-in domain (and the implicit grant it would enable by default is unsafe).
    this.client = this.userPool.addClient('AppClient', {
      userPoolClientName: `${n.userPool}-app`,
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({
          fullname: true,
          phoneNumber: true,
          phoneNumberVerified: true,
          email: true,
          emailVerified: true,
        })
        .withCustomAttributes('idNumber', 'creditCode', 'department'),
      // The name is part of the verified identity, like the custom attributes: users may change only their
      // contact details (and each change is verified before it counts).
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({
        phoneNumber: true,
        email: true,
      }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });

    this.issuer = `https://${this.userPool.userPoolProviderUrl}`;
  }
}
