// Catalogue entities in the single table: key templates and the access patterns they serve.
//
//   ITEM#<code> / HEAD           head of an item: latest, current published and draft versions; a summary and
//                                search document of the current version. gsi1 PUBLISHED/<code> lists the
//                                published catalogue; gsi2 DEPT#<department>/<code> lists one department's;
//                                gsi3 ITEMS/<code> lists every item, drafts and retired ones too (admins)
//   ITEM#<code> / V#<000001>     one version, complete (immutable once published)
//   TOPIC#<id> / META            a topic; gsi1 TOPICS/<audience>#<id> lists them
//   TOPIC#<id> / ITEM#<code>     membership of a published item in a topic (with its summary)
//   LINK#<kind>#<value> / ITEM#<code>   reverse links for related items: materials by name, licence types
//                                required or issued
//   BUNDLE#<code> / META         a one-thing bundle; gsi1 BUNDLES/<code> lists them
//   IMPORT#<id> / META           progress of a catalogue import
export const itemKey = (code: string) => ({ pk: `ITEM#${code}`, sk: 'HEAD' });
export const versionKey = (code: string, version: number) => ({
  pk: `ITEM#${code}`,
  sk: `V#${String(version).padStart(6, '0')}`,
});
export const topicKey = (id: string) => ({ pk: `TOPIC#${id}`, sk: 'META' });
export const topicMemberKey = (topic: string, code: string) => ({ pk: `TOPIC#${topic}`, sk: `ITEM#${code}` });
export const linkKey = (kind: LinkKind, value: string, code: string) => ({
  pk: `LINK#${kind}#${value}`,
  sk: `ITEM#${code}`,
});
export const bundleKey = (code: string) => ({ pk: `BUNDLE#${code}`, sk: 'META' });
export const importKey = (id: string) => ({ pk: `IMPORT#${id}`, sk: 'META' });

export type LinkKind = 'material' | 'requires-licence' | 'issues-licence';

export const publishedIndex = { name: 'gsi1', pk: 'PUBLISHED' } as const;
export const departmentIndex = { name: 'gsi2', pk: (department: string) => `DEPT#${department}` } as const;
export const allItemsIndex = { name: 'gsi3', pk: 'ITEMS' } as const;
export const topicsIndex = { name: 'gsi1', pk: 'TOPICS' } as const;
export const bundlesIndex = { name: 'gsi1', pk: 'BUNDLES' } as const;

/** Opaque page cursors: DynamoDB's LastEvaluatedKey, base64url-encoded. */
export const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

export const decodeCursor = (cursor: string | undefined): Record<string, unknown> | undefined => {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through: reported as a field error by the caller
  }
  return undefined;
};
