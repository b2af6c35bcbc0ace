// The search index lives as one compact snapshot object in S3 (written by search-publisher.ts), and so do the
// answer passages; a function loads its snapshot once per container and checks for a newer one at most
// every few seconds (a HEAD request).
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { indexEntries, loadSearchIndex, type SearchIndex } from '../../shared/catalogue/search.ts';

export const snapshotKey = 'search/catalogue.idx';
export const answersKey = 'answers/passages.json';
const recheckMs = 5_000;

const isMissing = (error: unknown) => {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
};

/** A per-container cache of the newest snapshot at `key`, made into `T` by `load` (`empty` when absent). */
export const createObjectReader = <T>(
  s3: S3Client,
  bucket: string,
  key: string,
  load: (bytes: Uint8Array) => T,
  empty: () => T,
  now: () => number = Date.now,
) => {
  let index: T | undefined;
  let etag: string | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;

  const fetch = async () => {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await object.Body!.transformToByteArray();
      index = load(bytes);
      etag = object.ETag;
    } catch (error) {
      if (!isMissing(error)) throw error;
      index = empty();
      etag = undefined;
    }
  };

  return async (): Promise<T> => {
    if (!index) {
      await fetch();
      checkedAt = now();
    } else if (now() - checkedAt >= recheckMs) {
      checkedAt = now();
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).catch((error) => {
        if (isMissing(error)) return undefined;
        throw error;
      });
      if (head?.ETag !== etag) await fetch();
    }
    return index!;
  };
};

/** The search function's reader: the newest search index. */
export const createSnapshotReader = (s3: S3Client, bucket: string, now: () => number = Date.now) =>
  createObjectReader<SearchIndex>(s3, bucket, snapshotKey, loadSearchIndex, () => indexEntries([]), now);
