// EventBridge pattern matching as the local bus and stream poller apply it, tried on the examples of AWS's
// event-pattern documentation (content filtering, arrays, null and empty values, $or), and on the filter
// the manifest gives the event relay.
import { describe, expect, it } from 'vitest';
import { outboxStreamFilter } from '../../../functions/lib/outbox.ts';
import { compilePattern, matchesPattern } from '../../../infra/local/event-pattern.ts';

const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.123',
    responseElements: null,
    name: '',
    location: { region: 'us-west-1' },
    FileName: 'image.png',
    tags: ['alpha', 'beta'],
  },
};

const matches = (detail: object) => matchesPattern({ detail }, event);

describe('EventBridge event patterns', () => {
  it('matches exact values, and every field the pattern names must match', () => {
    expect(
      matchesPattern(
        { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] },
        event,
      ),
    ).toBe(true);
    expect(matchesPattern({ source: ['aws.ec2'], 'detail-type': ['Other'] }, event)).toBe(false);
    expect(matchesPattern({ source: ['aws.s3', 'aws.ec2'] }, event)).toBe(true);
    expect(matches({ 'c-count': [5] })).toBe(true);
    expect(matches({ 'c-count': ['5'] })).toBe(false);
    expect(matches({ missing: ['x'] })).toBe(false);
  });

  it('matches null and the empty string only as such', () => {
    expect(matches({ responseElements: [null] })).toBe(true);
    expect(matches({ name: [''] })).toBe(true);
    expect(matches({ name: [null] })).toBe(false);
    expect(matches({ missing: [null] })).toBe(false);
  });

  it('matches an array value when any of its elements matches', () => {
    expect(
      matchesPattern(
        { resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0', 'x'] },
        event,
      ),
    ).toBe(true);
    expect(matches({ tags: ['beta'] })).toBe(true);
    expect(matches({ tags: ['gamma'] })).toBe(false);
  });

  it('matches nested patterns, not a nested object by a leaf', () => {
    expect(matches({ location: { region: ['us-west-1'] } })).toBe(true);
    expect(matches({ location: { region: ['eu-west-1'] } })).toBe(false);
    expect(matches({ state: { nested: ['x'] } })).toBe(false);
  });

  it('filters by prefix and suffix, with or without case', () => {
    expect(matchesPattern({ time: [{ prefix: '2017-12-22' }] }, event)).toBe(true);
    expect(matchesPattern({ time: [{ prefix: '2018' }] }, event)).toBe(false);
    expect(matches({ FileName: [{ suffix: '.png' }] })).toBe(true);
    expect(matches({ FileName: [{ suffix: { 'equals-ignore-case': '.PNG' } }] })).toBe(true);
    expect(matches({ state: [{ prefix: { 'equals-ignore-case': 'TERM' } }] })).toBe(true);
    expect(matches({ 'c-count': [{ prefix: '5' }] })).toBe(false);
  });

  it('matches equals-ignore-case and wildcards', () => {
    expect(
      matchesPattern(
        { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
        event,
      ),
    ).toBe(true);
    expect(matchesPattern({ resources: [{ wildcard: 'arn:aws:ec2:us-west-1:*:instance/*' }] }, event)).toBe(
      true,
    );
    expect(matchesPattern({ resources: [{ wildcard: 'arn:aws:ec2:us-east-1:*' }] }, event)).toBe(false);
    expect(matches({ FileName: [{ wildcard: 'image.*' }] })).toBe(true);
  });

  it('matches anything-but a value, a list, a prefix, a suffix or any case, and never an absent field', () => {
    expect(matches({ state: [{ 'anything-but': 'initializing' }] })).toBe(true);
    expect(matches({ state: [{ 'anything-but': 'terminated' }] })).toBe(false);
    expect(matches({ state: [{ 'anything-but': ['stopped', 'terminated'] }] })).toBe(false);
    expect(matches({ 'c-count': [{ 'anything-but': [1, 2] }] })).toBe(true);
    expect(matches({ 'c-count': [{ 'anything-but': 5 }] })).toBe(false);
    expect(matches({ state: [{ 'anything-but': { prefix: 'init' } }] })).toBe(true);
    expect(matches({ state: [{ 'anything-but': { prefix: 'term' } }] })).toBe(false);
    expect(matches({ FileName: [{ 'anything-but': { suffix: '.txt' } }] })).toBe(true);
    expect(matches({ state: [{ 'anything-but': { 'equals-ignore-case': ['TERMINATED'] } }] })).toBe(false);
    expect(matches({ missing: [{ 'anything-but': 'x' }] })).toBe(false);
  });

  it('compares numbers in ranges, and only numbers', () => {
    expect(matches({ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] })).toBe(true);
    expect(matches({ 'c-count': [{ numeric: ['>', 5] }] })).toBe(false);
    expect(matches({ 'd-count': [{ numeric: ['<', 10] }] })).toBe(true);
    expect(matches({ 'x-limit': [{ numeric: ['=', 3.018e2] }] })).toBe(true);
    expect(matches({ state: [{ numeric: ['>', 0] }] })).toBe(false);
  });

  it('tests presence with exists, on leaves only', () => {
    expect(matches({ 'c-count': [{ exists: true }] })).toBe(true);
    expect(matches({ missing: [{ exists: true }] })).toBe(false);
    expect(matches({ missing: [{ exists: false }] })).toBe(true);
    expect(matches({ 'c-count': [{ exists: false }] })).toBe(false);
    expect(matches({ location: [{ exists: true }] })).toBe(false);
  });

  it('matches any of $or beside the other fields', () => {
    const or = {
      source: ['aws.ec2'],
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 10] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 1] }] },
        ],
      },
    };
    expect(matchesPattern(or, event)).toBe(true);
    expect(matchesPattern({ ...or, source: ['aws.s3'] }, event)).toBe(false);
    expect(matches({ $or: [{ state: ['running'] }, { 'c-count': [1] }] })).toBe(false);
  });

  it('refuses patterns EventBridge would refuse', () => {
    expect(() => compilePattern({ detail: { n: [] } })).toThrow(/at least one value/);
    expect(() => compilePattern({ detail: { n: 'x' } })).toThrow(/list of values/);
    expect(() => compilePattern({ detail: { n: [{ numeric: ['>', '5'] }] } })).toThrow(/numbers/);
    expect(() => compilePattern({ detail: { n: [{ ip: '1' }] } })).toThrow(/Unsupported filter ip/);
    expect(() => compilePattern({ $or: [{ a: ['x'] }] })).toThrow(/two or more/);
  });

  it("passes the relay only outbox items as they are inserted (the manifest's stream filter)", () => {
    const record = (eventName: string, pk: string) => ({
      eventName,
      dynamodb: { Keys: { pk: { S: pk }, sk: { S: 'X' } }, NewImage: { pk: { S: pk } } },
    });
    const relay = compilePattern(outboxStreamFilter);
    expect(relay(record('INSERT', 'OUTBOX#3f2a'))).toBe(true);
    expect(relay(record('REMOVE', 'OUTBOX#3f2a'))).toBe(false);
    expect(relay(record('MODIFY', 'OUTBOX#3f2a'))).toBe(false);
    expect(relay(record('INSERT', 'CASE#330902-20261201-000001-7'))).toBe(false);
  });
});
