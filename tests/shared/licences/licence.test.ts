// Licence status rules, validity dates and the W3C bitstring status list encoding.
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../../shared/errors.ts';
import {
  assertStatusChange,
  effectiveStatus,
  expiryOf,
  statusBits,
} from '../../../shared/licences/licence.ts';
import {
  decodeStatusList,
  emptyStatusList,
  encodeStatusList,
  STATUS_LIST_BITS,
  setStatusBit,
  statusBit,
  statusPosition,
} from '../../../shared/licences/status-list.ts';

describe('licence status', () => {
  it('suspends and restores, but never brings back a revoked or cancelled licence', () => {
    expect(() => assertStatusChange('valid', 'suspended')).not.toThrow();
    expect(() => assertStatusChange('suspended', 'valid')).not.toThrow();
    expect(() => assertStatusChange('valid', 'revoked')).not.toThrow();
    for (const final of ['revoked', 'cancelled', 'revoked-penalty'] as const) {
      try {
        assertStatusChange(final, 'valid');
        expect.unreachable();
      } catch (error) {
        expect((error as DomainError).status).toBe(409);
      }
    }
  });

  it('expires the day after the last day of validity', () => {
    expect(expiryOf('2026-12-01', 5)).toBe('2031-11-30');
    expect(expiryOf('2028-02-29', 1)).toBe('2029-02-28');
    expect(expiryOf('2026-12-01', undefined)).toBeUndefined();
    expect(effectiveStatus({ status: 'valid', validUntil: '2031-11-30' }, '2031-11-30')).toBe('valid');
    expect(effectiveStatus({ status: 'valid', validUntil: '2031-11-30' }, '2031-12-01')).toBe('expired');
    expect(effectiveStatus({ status: 'suspended', validUntil: '2031-11-30' }, '2032-01-01')).toBe(
      'suspended',
    );
  });

  it('maps statuses to the revocation and suspension lists', () => {
    expect(statusBits('revoked')).toEqual({ revocation: true, suspension: false });
    expect(statusBits('cancelled')).toEqual({ revocation: true, suspension: false });
    expect(statusBits('suspended')).toEqual({ revocation: false, suspension: true });
    expect(statusBits('valid')).toEqual({ revocation: false, suspension: false });
  });
});

describe('bitstring status list', () => {
  it('round-trips set bits through the published encoding, most significant bit first', () => {
    const list = emptyStatusList();
    expect(list.length * 8).toBe(STATUS_LIST_BITS);
    for (const i of [0, 7, 8, 12345, STATUS_LIST_BITS - 1]) setStatusBit(list, i, true);
    expect(list[0]).toBe(0x81);
    const encoded = encodeStatusList(list);
    expect(encoded.startsWith('u')).toBe(true);
    const decoded = decodeStatusList(encoded);
    expect(statusBit(decoded, 12345)).toBe(true);
    expect(statusBit(decoded, 12346)).toBe(false);
    setStatusBit(decoded, 12345, false);
    expect(statusBit(decoded, 12345)).toBe(false);
    expect(() => statusBit(decoded, STATUS_LIST_BITS)).toThrow(RangeError);
  });

  it('places global indexes in numbered lists', () => {
    expect(statusPosition(0)).toEqual({ list: 1, index: 0 });
    expect(statusPosition(STATUS_LIST_BITS + 5)).toEqual({ list: 2, index: 5 });
  });
});
