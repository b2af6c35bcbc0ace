// A jurisdiction's data at rest: its own KMS keys (data and the electronic seal), the single DynamoDB table
// described by `tableDesign`, the e-licence bucket (write-once), the asset bucket (derived files), the
// materials bucket (applicants' uploads) and the bucket that receives their server access logs. Everything
// is retained when the stack goes.
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { tableDesign } from '../../functions/lib/table.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { inChina } from '../china.ts';
import { materialCors } from '../materials.ts';
import { names } from '../naming.ts';

/** 电子证照 e-licences are legal records: kept write-once for ten years (see the bucket below). */
export const licenceRetentionDays = 3650;

// S3 names are at most 63 characters; the account (12 digits) and the longest region name in use
// (14 characters, e.g. cn-northwest-1, ap-southeast-5) are appended with a dash each.
const bucketSuffixLength = 1 + 12 + 1 + 14;
const maxBucketNameLength = 63;

export interface TenantDataProps {
  jurisdiction: Jurisdiction;
}

export class TenantData extends Construct {
  /** Encrypts the table and the data buckets; the jurisdiction controls and audits every use. */
  readonly dataKey: kms.Key;
  /** 电子印章 electronic seal: an asymmetric key whose private half never leaves KMS. */
  readonly sealKey: kms.Key;
  readonly sealAlias: kms.Alias;
  /**
   * The SM2 key (SM2DSA) whose public half the departments' seal certificates certify: it signs the OFD
   * licences' SES_Signature. KMS offers SM2 keys only in the China Regions (AWS KMS Developer Guide, "Key
   * spec reference": https://docs.amazonaws.cn/en_us/kms/latest/developerguide/symm-asymm-choose-key-spec.html),
   * so a global-partition stack has none and issues no sealed OFD.
   */
  readonly sm2SealKey?: kms.Key;
  readonly sm2SealAlias?: kms.Alias;
  /** Signs the sign-in function's tokens (RS256, as API Gateway's JWT authorizer needs); never leaves KMS. */
  readonly tokenKey: kms.Key;
  readonly tokenAlias: kms.Alias;
  /** Envelope encryption of personal data: its data keys seal ID numbers and sensitive fields. */
  readonly personalDataKey: kms.Key;
  readonly personalDataAlias: kms.Alias;
  readonly table: dynamodb.Table;
  readonly accessLogs: s3.Bucket;
  readonly licences: s3.Bucket;
  readonly assets: s3.Bucket;
  readonly materials: s3.Bucket;

  constructor(scope: Construct, id: string, { jurisdiction }: TenantDataProps) {
    super(scope, id);
    const n = names(jurisdiction.id);

    // A customer-managed key rather than the AWS-owned or AWS-managed one: its key policy is the
    // jurisdiction's own, every use is in CloudTrail under it, and revoking it locks the data. Costs one key.
    this.dataKey = new kms.Key(this, 'DataKey', {
      alias: `alias/${n.stack}-data`,
      description: `Encrypts the data of ${jurisdiction.name.en} (${jurisdiction.id})`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.sealKey = new kms.Key(this, 'SealKey', {
      description: `Electronic seal of ${jurisdiction.name.en} (${jurisdiction.id}): signs e-licences, ES256`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.sealAlias = this.sealKey.addAlias(n.signingKeyAlias);
    if (inChina(this)) {
      this.sm2SealKey = new kms.Key(this, 'Sm2SealKey', {
        description: `Electronic seal of ${jurisdiction.name.en} (${jurisdiction.id}): signs OFD e-licences, SM2DSA`,
        keySpec: kms.KeySpec.SM2,
        keyUsage: kms.KeyUsage.SIGN_VERIFY,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.sm2SealAlias = this.sm2SealKey.addAlias(n.sm2SealKeyAlias);
    }
    this.tokenKey = new kms.Key(this, 'TokenKey', {
      description: `Signs the sign-in tokens of ${jurisdiction.name.en} (${jurisdiction.id}), RS256`,
      keySpec: kms.KeySpec.RSA_2048,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.tokenAlias = this.tokenKey.addAlias(n.tokenKeyAlias);
    // Personal data sealed field by field (envelope encryption, see shared/sealed.ts): SYMMETRIC_DEFAULT is
    // AES-256 in the global partition and SM4 in the China Regions. Yearly rotation keeps old material, so
    // data keys encrypted before still decrypt.
    this.personalDataKey = new kms.Key(this, 'PersonalDataKey', {
      description: `Seals ID numbers and sensitive form fields of ${jurisdiction.name.en} (${jurisdiction.id})`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.personalDataAlias = this.personalDataKey.addAlias(n.personalDataKeyAlias);
    // KMS cannot rotate asymmetric keys: the seal is renewed by creating a new key and moving the alias,
    // and the old key is retained so that the signatures it made can still be verified.

    this.table = new dynamodb.Table(this, 'Table', {
      tableName: n.table,
      partitionKey: { name: tableDesign.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDesign.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      // New images feed the event relay (the outbox, see functions/lib/outbox.ts).
      stream: dynamodb.StreamViewType[tableDesign.streamView],
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableDesign.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      });
    }

    // S3 delivers server access logs only to buckets encrypted with S3-managed keys, not KMS.
    this.accessLogs = new s3.Bucket(this, 'AccessLogBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        // A year, beyond the six months the Cybersecurity Law asks for.
        { expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // E-licences: object lock in governance mode with a ten-year default. Ten years covers the archive
    // periods of licensing files; governance (not compliance) mode lets a role holding
    // s3:BypassGovernanceRetention — which no function has — carry out a court order or a correction.
    // Old versions (a reissued or revoked licence) stay, moved to infrequent access after 30 days.
    this.licences = this.dataBucket('LicenceBucket', n.licenceBucket, {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(licenceRetentionDays)),
      lifecycleRules: [
        {
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          noncurrentVersionTransitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
          ],
        },
      ],
    });

    // Derived files the platform rebuilds at will (the catalogue search snapshot): old versions expire.
    this.assets = this.dataBucket('AssetBucket', n.assetBucket, {
      lifecycleRules: [
        {
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(7),
        },
      ],
    });

    // 申请材料 applicants' uploads, straight from the browser (see materialCors). An upload abandoned midway
    // is cleared after a day; a replaced file stays 30 days, long enough to undo a mistaken re-upload.
    this.materials = this.dataBucket('MaterialBucket', n.materialBucket, {
      cors: [
        {
          allowedMethods: materialCors.allowedMethods.map((method) => s3.HttpMethods[method]),
          allowedOrigins: [...materialCors.allowedOrigins],
          allowedHeaders: [...materialCors.allowedHeaders],
          maxAge: materialCors.maxAgeSeconds,
        },
      ],
      lifecycleRules: [
        {
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
  }

  /**
   * A private, TLS-only, versioned bucket encrypted with the data key and a bucket key (one KMS call per
   * bucket and hour instead of one per object), access-logged, named `<name>-<account>-<region>` so the name
   * is globally unique yet readable.
   */
  private dataBucket(id: string, name: string, props: s3.BucketProps) {
    if (!Token.isUnresolved(name) && name.length + bucketSuffixLength > maxBucketNameLength) {
      throw new Error(
        `Bucket name ${name}-<account>-<region> can exceed 63 characters: the jurisdiction id is too long`,
      );
    }
    return new s3.Bucket(this, id, {
      bucketName: `${name}-${Stack.of(this).account}-${Stack.of(this).region}`,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${name}/`,
      removalPolicy: RemovalPolicy.RETAIN,
      ...props,
    });
  }
}
