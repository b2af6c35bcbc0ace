// Search function: answers from the in-memory index loaded from the latest snapshot.

import { createSnapshotReader } from '../catalogue/search-snapshot.ts';
import { resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { s3 } from '../lib/s3.ts';
import { searchRoutes } from './routes.ts';

const currentIndex = createSnapshotReader(s3(), resource('ASSET_BUCKET_NAME'));

export const handler = httpFunction(searchRoutes, {
  'GET /search': async ({ query }) => {
    const index = await currentIndex();
    return index.search(query.q, { limit: query.limit, department: query.department, type: query.type });
  },
});
