// Applicants' uploads in the materials bucket: presigned PUTs that sign the declared type and size, under a
// key scoped to the uploader, a HEAD that checks what really arrived when an application cites the key, and
// short-lived presigned GETs for those who may read a case's materials.
import { createHash, randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { maxUploadBytes, uploadTypes } from '../../shared/cases/application.ts';
import { resource } from '../lib/env.ts';
import { s3 } from '../lib/s3.ts';
import type { UploadStore } from './context.ts';
import type { MaterialFiles } from './materials.ts';

const uploadUrlSeconds = 15 * 60;
const downloadUrlSeconds = 5 * 60;

/** Upload keys are scoped to their owner (a hash of the account, not the account id itself). */
export const ownerSegment = (sub: string) =>
  createHash('sha256').update(sub).digest('base64url').slice(0, 22);

export const createUploads = (
  s3: S3Client,
  bucket: string,
): UploadStore &
  MaterialFiles & {
    presign(
      sub: string,
      contentType: string,
      size: number,
    ): Promise<{ key: string; url: string; headers: Record<string, string>; expiresAt: string }>;
  } => ({
  head: async (key, uploader) => {
    // Keys are scoped to their uploader: another account's key is as good as a missing one.
    if (!key.startsWith(`uploads/${ownerSegment(uploader)}/`)) return undefined;
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
  downloadUrl: async (key) => ({
    url: await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: downloadUrlSeconds,
    }),
    expiresAt: new Date(Date.now() + downloadUrlSeconds * 1000).toISOString(),
  }),
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

let uploads: ReturnType<typeof createUploads> | undefined;

/** The materials bucket adapter of this container. */
export const uploadStore = () => {
  uploads ??= createUploads(s3(), resource('MATERIALS_BUCKET_NAME'));
  return uploads;
};
