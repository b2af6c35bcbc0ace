// Rebuilds the search snapshot and the answer passages from the published catalogue and stores them where
// the search and answers functions look.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Passage } from '../../shared/answers.ts';
import { type SearchDoc, serializeSearchIndex } from '../../shared/catalogue/search.ts';
import { buildSearchIndex } from '../../shared/catalogue/search-build.ts';
import { answersKey, snapshotKey } from './search-snapshot.ts';

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

export const publishAnswers = async (s3: S3Client, bucket: string, passages: Passage[]) => {
  const body = Buffer.from(JSON.stringify(passages));
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: answersKey, Body: body, ContentType: 'application/json' }),
  );
  return body.byteLength;
};

/** Both snapshots, after the published catalogue changed. */
export const publishCatalogueSnapshots = async (
  s3: S3Client,
  bucket: string,
  store: { searchDocs(): Promise<SearchDoc[]>; answerPassages(): Promise<Passage[]> },
) => {
  await publishSnapshot(s3, bucket, await store.searchDocs());
  await publishAnswers(s3, bucket, await store.answerPassages());
};
