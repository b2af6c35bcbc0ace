// Rebuilds the search snapshot from the published catalogue and stores it where search functions look.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type SearchDoc, serializeSearchIndex } from '../../shared/catalogue/search.ts';
import { buildSearchIndex } from '../../shared/catalogue/search-build.ts';
import { snapshotKey } from './search-snapshot.ts';

export const publishSnapshot = async (s3: S3Client, bucket: string, docs: SearchDoc[]) => {
  const body = serializeSearchIndex(buildSearchIndex(docs));
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: snapshotKey,
      Body: body,
      ContentType: 'application/octet-stream',
    }),
  );
  return body.byteLength;
};
