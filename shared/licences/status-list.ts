// W3C Bitstring Status List (v1.0): a verifier downloads one signed list and reads the licence's bit instead of
// asking the API about each licence. Bit `index` is set when the licence is revoked (or, in the suspension
// list, suspended). Lists are 131,072 bits (16 KB) as the specification recommends for herd privacy, and are
// published GZIP-compressed, base64url-encoded, with the multibase prefix `u`.
import { gunzipSync, gzipSync } from 'node:zlib';

export const STATUS_LIST_BITS = 131_072;
export type StatusPurpose = 'revocation' | 'suspension';

export const emptyStatusList = () => new Uint8Array(STATUS_LIST_BITS / 8);

/** Bit 0 is the most significant bit of the first byte, as the specification orders them. */
export const setStatusBit = (list: Uint8Array, index: number, on: boolean) => {
  const byte = index >> 3;
  const mask = 0x80 >> (index & 7);
  if (byte >= list.length) throw new RangeError(`status index ${index} is outside the list`);
  list[byte] = on ? list[byte]! | mask : list[byte]! & ~mask;
};

export const statusBit = (list: Uint8Array, index: number) => {
  const byte = index >> 3;
  if (byte >= list.length) throw new RangeError(`status index ${index} is outside the list`);
  return (list[byte]! & (0x80 >> (index & 7))) !== 0;
};

export const encodeStatusList = (list: Uint8Array) => `u${Buffer.from(gzipSync(list)).toString('base64url')}`;

export const decodeStatusList = (encoded: string): Uint8Array => {
  if (!encoded.startsWith('u')) throw new RangeError('encodedList must be multibase base64url (prefix u)');
  return new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), 'base64url')));
};

/** Which list and position a global status index falls in. */
export const statusPosition = (globalIndex: number) => ({
  list: Math.floor(globalIndex / STATUS_LIST_BITS) + 1,
  index: globalIndex % STATUS_LIST_BITS,
});
