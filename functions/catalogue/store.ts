// DynamoDB adapter for the catalogue: items with their versions, topics, bundles and the reverse links that
// answer "related items". Every multi-row change is one transaction guarded by the head's revision, so two
// admins editing the same item cannot both win and a failed write leaves nothing behind.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AnswerArticle, type Passage, passageOfArticle } from '../../shared/answers.ts';
import type { Bundle } from '../../shared/catalogue/bundle.ts';
import { type Item, type ItemSummary, toSummary } from '../../shared/catalogue/item.ts';
import type { SearchDoc } from '../../shared/catalogue/search.ts';
import type { Topic } from '../../shared/catalogue/topic.ts';
import { conflict } from '../../shared/errors.ts';
import { queryAll as queryRows, type TransactWrite } from '../lib/dynamo.ts';
import {
  allItemsIndex,
  bundleKey,
  bundlesIndex,
  decodeCursor,
  departmentIndex,
  encodeCursor,
  importKey,
  itemKey,
  type LinkKind,
  linkKey,
  publishedIndex,
  topicKey,
  topicMemberKey,
  topicsIndex,
  versionKey,
} from './keys.ts';

export interface ItemHead {
  code: string;
  latest: number;
  current?: number;
  draft?: number;
  status: Item['status'];
  /** Revision for optimistic concurrency: every write of the head increments it. */
  rev: number;
  summary?: ItemSummary;
  search?: SearchDoc;
  /** The passages 智能问答 answers from (shared/answers.ts). */
  answers?: Passage[];
}

export interface ImportProgress {
  id: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  landed?: number;
  rejected?: number;
  startedAt: string;
  finishedAt?: string;
  by: string;
}

export interface ListFilter {
  department?: string;
  type?: string;
  level?: number;
  object?: 'person' | 'enterprise';
  topic?: string;
  limit: number;
  cursor?: string;
}

/** Service-object codes (服务对象) that count as "person" and "enterprise" in the public filter. */
const objectCodes = { person: [1], enterprise: [2, 3, 4] } as const;

const linksOf = (item: Item): Array<{ kind: LinkKind; value: string }> => {
  const links = new Map<string, { kind: LinkKind; value: string }>();
  for (const material of item.materials) {
    links.set(`material#${material.name}`, { kind: 'material', value: material.name });
    if (material.licenceType) {
      links.set(`requires#${material.licenceType}`, {
        kind: 'requires-licence',
        value: material.licenceType,
      });
    }
  }
  if (item.result.licenceType) {
    links.set(`issues#${item.result.licenceType}`, {
      kind: 'issues-licence',
      value: item.result.licenceType,
    });
  }
  return [...links.values()];
};

/** Attributes the public listing filters on, stored on every row that lists an item. */
const filterAttributes = (item: Item) => ({
  department: item.department,
  type: item.type,
  level: item.level,
  objects: item.serviceObjects,
});

export const toSearchDoc = (item: Item): SearchDoc => ({
  code: item.implementationCode,
  name: item.name,
  aliases: item.aliases ?? [],
  department: item.department,
  departmentName: item.implementingBody.name,
  type: item.type,
  materials: item.materials.map((m) => m.name),
  results: [item.result.name],
});

const articlesPk = 'ANSWER-ARTICLES';

export const createCatalogueStore = (db: DynamoDBDocumentClient, tableName: string) => {
  /** The head as the domain sees it; index and filter attributes are derived again on every write. */
  const getHead = async (code: string): Promise<ItemHead | undefined> => {
    const row = (
      await db.send(new GetCommand({ TableName: tableName, Key: itemKey(code), ConsistentRead: true }))
    ).Item;
    if (!row) return undefined;
    const { code: c, latest, current, draft, status, rev, summary, search, answers } = row as ItemHead;
    return { code: c, latest, current, draft, status, rev, summary, search, answers };
  };

  /**
   * What the public reads of an item's head: its current version and when that was published, and nothing
   * else of the row (one small consistent read).
   */
  const getCurrentPointer = async (code: string) => {
    const row = (
      await db.send(
        new GetCommand({
          TableName: tableName,
          Key: itemKey(code),
          ConsistentRead: true,
          ProjectionExpression: '#current, #publishedAt',
          ExpressionAttributeNames: { '#current': 'current', '#publishedAt': 'currentPublishedAt' },
        }),
      )
    ).Item as { current?: number; currentPublishedAt?: string } | undefined;
    return row?.current ? { version: row.current, publishedAt: row.currentPublishedAt } : undefined;
  };

  const getVersion = async (code: string, version: number) => {
    const row = (await db.send(new GetCommand({ TableName: tableName, Key: versionKey(code, version) })))
      .Item;
    return row?.item as Item | undefined;
  };

  const queryAll = async <T>(input: QueryCommandInput, pick: (row: Record<string, unknown>) => T) =>
    (await queryRows(db, input)).map(pick);

  /** The head write that closes every transaction: only if nobody else wrote the head since we read it. */
  /** One attribute of every published item's head. */
  const publishedAttribute = <T>(name: string, pick: (value: unknown) => T) =>
    queryAll(
      {
        TableName: tableName,
        IndexName: publishedIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': publishedIndex.pk },
        ProjectionExpression: '#attribute',
        ExpressionAttributeNames: { '#attribute': name },
      },
      (row) => pick(row[name]),
    );

  const rowOfHead = async (head: ItemHead, published: Item | undefined) => {
    const row: Record<string, unknown> = {
      ...itemKey(head.code),
      ...head,
      gsi3pk: allItemsIndex.pk,
      gsi3sk: head.code,
    };
    if (published && head.status === 'published') {
      // When the current version was published: with its number, it names that version's content for good.
      if (published.publishedAt) row.currentPublishedAt = published.publishedAt;
      row.gsi1pk = publishedIndex.pk;
      row.gsi1sk = head.code;
      row.gsi2pk = departmentIndex.pk(published.department);
      row.gsi2sk = head.code;
      Object.assign(row, filterAttributes(published));
    }
    return row;
  };

  const headPut = async (
    head: ItemHead,
    expectedRev: number | undefined,
    published: Item | undefined,
  ): Promise<TransactWrite> => {
    const row = { ...(await rowOfHead(head, published)), rev: (expectedRev ?? 0) + 1 };
    return {
      Put: {
        TableName: tableName,
        Item: row,
        ...(expectedRev === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': expectedRev } }),
      },
    };
  };

  const versionPut = (item: Item, mustBeNew: boolean): TransactWrite => ({
    Put: {
      TableName: tableName,
      Item: { ...versionKey(item.implementationCode, item.version), item },
      ...(mustBeNew ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    },
  });

  /** Topic memberships and reverse links of the published version: removed for `before`, added for `after`. */
  const indexWrites = (before: Item | undefined, after: Item | undefined): TransactWrite[] => {
    const code = (after ?? before)?.implementationCode ?? '';
    const keep = new Set<string>();
    const writes: TransactWrite[] = [];
    if (after) {
      const summary = toSummary(after);
      for (const topic of after.topics ?? []) {
        const key = topicMemberKey(topic, code);
        keep.add(`${key.pk}|${key.sk}`);
        writes.push({ Put: { TableName: tableName, Item: { ...key, summary, ...filterAttributes(after) } } });
      }
      for (const link of linksOf(after)) {
        const key = linkKey(link.kind, link.value, code);
        keep.add(`${key.pk}|${key.sk}`);
        writes.push({ Put: { TableName: tableName, Item: { ...key, summary } } });
      }
    }
    if (before) {
      const stale = [
        ...(before.topics ?? []).map((t) => topicMemberKey(t, code)),
        ...linksOf(before).map((l) => linkKey(l.kind, l.value, code)),
      ];
      for (const key of stale) {
        if (!keep.has(`${key.pk}|${key.sk}`)) writes.push({ Delete: { TableName: tableName, Key: key } });
      }
    }
    return writes;
  };

  const transact = async (writes: TransactWrite[], what: string) => {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: writes }));
    } catch (error) {
      if ((error as { name?: string }).name === 'TransactionCanceledException') {
        throw conflict(`${what}: the item changed meanwhile or already exists; read it again and retry.`);
      }
      throw error;
    }
  };

  /** Curated answers (shared/answers.ts), one partition, newest first. */
  const articles = async () =>
    (
      await queryAll(
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': articlesPk },
        },
        (row) => row.article as AnswerArticle,
      )
    ).sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return {
    getHead,
    getCurrentPointer,
    getVersion,

    /** Writes a draft: a brand-new item, an edit of the draft, or the next version of a published item. */
    saveDraft: async (
      head: ItemHead,
      expectedRev: number | undefined,
      draft: Item,
      isNewVersion: boolean,
    ) => {
      const current = head.current ? await getVersion(head.code, head.current) : undefined;
      await transact(
        [versionPut(draft, isNewVersion), await headPut(head, expectedRev, current)],
        'Saving the draft failed',
      );
    },

    /** Publishes a draft: the version becomes immutable and current; indexes follow. */
    publish: async (head: ItemHead, expectedRev: number, published: Item, previous: Item | undefined) => {
      await transact(
        [
          versionPut(published, false),
          await headPut(head, expectedRev, published),
          ...indexWrites(previous, published),
        ],
        'Publishing failed',
      );
    },

    retire: async (head: ItemHead, expectedRev: number, retired: Item) => {
      await transact(
        [
          versionPut(retired, false),
          await headPut(head, expectedRev, undefined),
          ...indexWrites(retired, undefined),
        ],
        'Retiring failed',
      );
    },

    putImport: (id: string, progress: ImportProgress, ttlDays = 30) =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...importKey(id), progress, expiresAt: Math.floor(Date.now() / 1000) + ttlDays * 86_400 },
        }),
      ),

    getImport: async (id: string) =>
      (await db.send(new GetCommand({ TableName: tableName, Key: importKey(id) }))).Item?.progress as
        | ImportProgress
        | undefined,

    /** Removes an item entirely (head, versions, index rows): used only to undo an atomic import. */
    deleteItem: async (code: string) => {
      const head = await getHead(code);
      const current = head?.current ? await getVersion(code, head.current) : undefined;
      const writes: TransactWrite[] = [{ Delete: { TableName: tableName, Key: itemKey(code) } }];
      for (let v = 1; v <= (head?.latest ?? 0); v++)
        writes.push({ Delete: { TableName: tableName, Key: versionKey(code, v) } });
      writes.push(...indexWrites(current, undefined));
      for (let i = 0; i < writes.length; i += 100) {
        await db.send(new TransactWriteCommand({ TransactItems: writes.slice(i, i + 100) }));
      }
    },

    /** Puts an item back as it was before `earlier` (its head then): undoes an atomic import's update. */
    revert: async (earlier: ItemHead) => {
      const now = await getHead(earlier.code);
      if (!now) return;
      const before = earlier.current ? await getVersion(earlier.code, earlier.current) : undefined;
      const after = now.current ? await getVersion(earlier.code, now.current) : undefined;
      const writes: TransactWrite[] = [
        { Put: { TableName: tableName, Item: await rowOfHead(earlier, before) } },
      ];
      for (let v = earlier.latest + 1; v <= now.latest; v++) {
        writes.push({ Delete: { TableName: tableName, Key: versionKey(earlier.code, v) } });
      }
      if (earlier.draft && earlier.draft <= earlier.latest) {
        const draft = await getVersion(earlier.code, earlier.draft);
        if (draft) writes.push(versionPut(draft, false));
      }
      writes.push(...indexWrites(after, before));
      await db.send(new TransactWriteCommand({ TransactItems: writes }));
    },

    /** Published items, filtered; pages until `limit` matches are found or the catalogue ends. */
    listPublished: async (filter: ListFilter) => {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const conditions: string[] = [];
      if (filter.type) {
        names['#type'] = 'type';
        values[':type'] = filter.type;
        conditions.push('#type = :type');
      }
      if (filter.level) {
        names['#level'] = 'level';
        values[':level'] = filter.level;
        conditions.push('#level = :level');
      }
      if (filter.object) {
        const codes = objectCodes[filter.object];
        names['#objects'] = 'objects';
        conditions.push(`(${codes.map((_c, i) => `contains(#objects, :o${i})`).join(' OR ')})`);
        codes.forEach((c, i) => {
          values[`:o${i}`] = c;
        });
      }
      if (filter.department && filter.topic) {
        names['#department'] = 'department';
        values[':department'] = filter.department;
        conditions.push('#department = :department');
      }
      const base: QueryCommandInput = filter.topic
        ? {
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :item)',
            ExpressionAttributeValues: { ':pk': topicKey(filter.topic).pk, ':item': 'ITEM#' },
          }
        : filter.department
          ? {
              TableName: tableName,
              IndexName: departmentIndex.name,
              KeyConditionExpression: 'gsi2pk = :pk',
              ExpressionAttributeValues: { ':pk': departmentIndex.pk(filter.department) },
            }
          : {
              TableName: tableName,
              IndexName: publishedIndex.name,
              KeyConditionExpression: 'gsi1pk = :pk',
              ExpressionAttributeValues: { ':pk': publishedIndex.pk },
            };
      const input: QueryCommandInput = {
        ...base,
        ...(conditions.length > 0
          ? {
              FilterExpression: conditions.join(' AND '),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ...values },
            }
          : {}),
      };
      const summaries: ItemSummary[] = [];
      let start = decodeCursor(filter.cursor);
      do {
        const page = await db.send(
          new QueryCommand({ ...input, ExclusiveStartKey: start, Limit: filter.limit - summaries.length }),
        );
        for (const row of page.Items ?? []) summaries.push(row.summary as ItemSummary);
        start = page.LastEvaluatedKey;
      } while (start && summaries.length < filter.limit);
      return { items: summaries, cursor: encodeCursor(start) };
    },

    /** Every item's head in code order, whatever its status (the administration's list), a page at a time. */
    listHeads: async (filter: { status?: Item['status']; limit: number; cursor?: string }) => {
      const heads: ItemHead[] = [];
      let start = decodeCursor(filter.cursor);
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: allItemsIndex.name,
            KeyConditionExpression: 'gsi3pk = :pk',
            ExpressionAttributeValues: {
              ':pk': allItemsIndex.pk,
              ...(filter.status ? { ':status': filter.status } : {}),
            },
            ...(filter.status
              ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
              : {}),
            ExclusiveStartKey: start,
            Limit: filter.limit - heads.length,
          }),
        );
        for (const row of page.Items ?? []) heads.push(row as ItemHead);
        start = page.LastEvaluatedKey;
      } while (start && heads.length < filter.limit);
      return { heads, cursor: encodeCursor(start) };
    },

    /** Every published item's search document, for rebuilding the search snapshot. */
    searchDocs: () => publishedAttribute('search', (value) => value as SearchDoc),

    /** Every published item's answer passages and every published article, for the answers snapshot. */
    answerPassages: async () => [
      ...(await publishedAttribute('answers', (value) => (value ?? []) as Passage[])).flat(),
      ...(await articles()).filter((a) => a.status === 'published').map(passageOfArticle),
    ],

    /** Curated answers, newest first. */
    articles,

    /** Writes an article; `expected` guards a change of an existing one against a concurrent change. */
    putArticle: async (article: AnswerArticle, expected?: AnswerArticle['status']) => {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk: articlesPk, sk: article.id, article },
            ConditionExpression: expected ? 'article.#status = :expected' : 'attribute_not_exists(pk)',
            ...(expected
              ? {
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':expected': expected },
                }
              : {}),
          }),
        );
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException')
          throw conflict(`The article ${article.id} changed meanwhile; read it again.`);
        throw error;
      }
    },

    /** Summaries of the published items linked to `kind`/`value` (a material name, a licence type). */
    linked: (kind: LinkKind, value: string) =>
      queryAll(
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': linkKey(kind, value, '').pk },
        },
        (row) => row.summary as ItemSummary,
      ),

    topicItems: (topic: string) =>
      queryAll(
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :item)',
          ExpressionAttributeValues: { ':pk': topicKey(topic).pk, ':item': 'ITEM#' },
        },
        (row) => row.summary as ItemSummary,
      ),

    putTopic: (topic: Topic) =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...topicKey(topic.id),
            gsi1pk: topicsIndex.pk,
            gsi1sk: `${topic.audience}#${topic.id}`,
            topic,
          },
        }),
      ),

    topics: () =>
      queryAll(
        {
          TableName: tableName,
          IndexName: topicsIndex.name,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': topicsIndex.pk },
        },
        (row) => row.topic as Topic,
      ),

    putBundle: (bundle: Bundle) =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...bundleKey(bundle.code), gsi1pk: bundlesIndex.pk, gsi1sk: bundle.code, bundle },
        }),
      ),

    getBundle: async (code: string) =>
      (await db.send(new GetCommand({ TableName: tableName, Key: bundleKey(code) }))).Item?.bundle as
        | Bundle
        | undefined,

    bundles: () =>
      queryAll(
        {
          TableName: tableName,
          IndexName: bundlesIndex.name,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': bundlesIndex.pk },
        },
        (row) => row.bundle as Bundle,
      ),
  };
};

export type CatalogueStore = ReturnType<typeof createCatalogueStore>;
