// The physical design of the jurisdiction's single DynamoDB table: generic key attributes and overloaded
// global secondary indexes. Entities own what they store in them (see their repository modules); the stack
// and the local cloud both create the table from this one description.
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Items with this attribute (epoch seconds) are deleted by DynamoDB TTL: idempotency records, sessions. */
  timeToLiveAttribute: 'expiresAt',
  /** The table's stream carries each written item's new image: the event relay reads the outbox from it. */
  streamView: 'NEW_IMAGE',
  globalIndexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

export type GlobalIndexName = (typeof tableDesign.globalIndexes)[number]['name'];
