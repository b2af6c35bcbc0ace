// The search index lives as one compact snapshot object in S3 (written by search-publisher.ts); the search
// function loads it once per container and checks for a newer one at most every few seconds (a HEAD request).
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { indexEntries, loadSearchIndex, type SearchIndex } from '../../shared/catalogue/search.ts';

export const snapshotKey = 'search/catalogue.idx';
const recheckMs = 5_000;

const isMissing = (error: unknown) => {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
};

/** A per-container cache of the newest snapshot. */
export const createSnapshotReader = (s3: S3Client, bucket: string, now: () => number = Date.now) => {
  let index: SearchIndex | undefined;
  let etag: string | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;

  const fetch = async () => {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: snapshotKey }));
      const bytes = await object.Body!.transformToByteArray();
      index = loadSearchIndex(bytes);
      etag = object.ETag;
    } catch (error) {
      if (!isMissing(error)) throw error;
      index = indexEntries([]);
      etag = undefined;
    }
  };

  return async (): Promise<SearchIndex> => {
    if (!index) {
      await fetch();
      checkedAt = now();
    } else if (now() - checkedAt >= recheckMs) {
      checkedAt = now();
      const head = await s3
        .send(new HeadObjectCommand({ Bucket: bucket, Key: snapshotKey }))
        .catch((error) => {
          if (isMissing(error)) return undefined;
          throw error;
        });
      if (head?.ETag !== etag) await fetch();
    }
    return index!;
  };
};
