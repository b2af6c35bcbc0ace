// Adapters of the case ports, built on AWS SDK v3: published items from the catalogue's table (versions are
// immutable, so they are cached per container), applicants' uploads in the materials bucket (presigned PUTs
// that sign the declared type and size; HEAD checks what really arrived), and the workflow engine on Step
// Functions (executions named by the case number, so starting twice is harmless).
import { createHash, randomUUID } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Item } from '../../shared/catalogue/item.ts';
import type { CatalogueStore } from '../catalogue/store.ts';
import type { ItemSource, UploadStore, WorkflowEngine } from './context.ts';

export const createItemSource = (catalogue: CatalogueStore): ItemSource => {
  const versions = new Map<string, Item>();
  const version = async (code: string, n: number) => {
    const key = `${code}@${n}`;
    const cached = versions.get(key);
    if (cached) return cached;
    const item = await catalogue.getVersion(code, n);
    // Only published and retired versions are immutable; drafts are never cases' versions anyway.
    if (item && item.status !== 'draft') versions.set(key, item);
    return item;
  };
  return {
    current: async (code) => {
      const head = await catalogue.getHead(code);
      return head?.current && head.status === 'published' ? version(code, head.current) : undefined;
    },
    version,
    bundle: (code) => catalogue.getBundle(code),
  };
};

/** What may be uploaded as an application material: PDF, OFD (China's e-document format) and images. */
export const uploadTypes = ['application/pdf', 'application/ofd', 'image/jpeg', 'image/png'] as const;
export const maxUploadBytes = 20 * 1024 * 1024;
const uploadUrlSeconds = 15 * 60;

/** Upload keys are scoped to their owner (a hash of the account, not the account id itself). */
export const ownerSegment = (sub: string) =>
  createHash('sha256').update(sub).digest('base64url').slice(0, 22);

export const createUploads = (
  s3: S3Client,
  bucket: string,
): UploadStore & {
  presign(
    sub: string,
    contentType: string,
    size: number,
  ): Promise<{ key: string; url: string; headers: Record<string, string>; expiresAt: string }>;
} => ({
  head: async (key) => {
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      const size = head.ContentLength ?? 0;
      const contentType = head.ContentType ?? '';
      // What arrived must be what the URL was signed for; the emulator does not check signatures itself.
      if (size > maxUploadBytes || !(uploadTypes as readonly string[]).includes(contentType))
        return undefined;
      return { size, contentType };
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
      throw error;
    }
  },
  presign: async (sub, contentType, size) => {
    const key = `uploads/${ownerSegment(sub)}/${randomUUID()}`;
    const url = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: size }),
      { expiresIn: uploadUrlSeconds, signableHeaders: new Set(['content-type', 'content-length']) },
    );
    return {
      key,
      url,
      headers: { 'content-type': contentType, 'content-length': String(size) },
      expiresAt: new Date(Date.now() + uploadUrlSeconds * 1000).toISOString(),
    };
  },
});

const tokenGone = (error: unknown) => {
  const name = (error as { name?: string }).name;
  return name === 'TaskTimedOut' || name === 'InvalidToken' || name === 'TaskDoesNotExist';
};

export const createWorkflowEngine = (sfn: SFNClient, stateMachineArn: () => string): WorkflowEngine => {
  const executionArn = (caseNumber: string) =>
    `${stateMachineArn().replace(':stateMachine:', ':execution:')}:${caseNumber}`;
  return {
    start: async (caseNumber) => {
      try {
        await sfn.send(
          new StartExecutionCommand({
            stateMachineArn: stateMachineArn(),
            name: caseNumber,
            input: JSON.stringify({ caseNumber }),
          }),
        );
      } catch (error) {
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
      }
    },
    succeed: async (token, output) => {
      try {
        await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
        return true;
      } catch (error) {
        if (tokenGone(error)) return false;
        throw error;
      }
    },
    fail: async (token, error, cause) => {
      try {
        await sfn.send(new SendTaskFailureCommand({ taskToken: token, error, cause }));
        return true;
      } catch (e) {
        if (tokenGone(e)) return false;
        throw e;
      }
    },
    stop: async (caseNumber, cause) => {
      try {
        await sfn.send(new StopExecutionCommand({ executionArn: executionArn(caseNumber), cause }));
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name !== 'ExecutionDoesNotExist') throw error;
      }
    },
  };
};
