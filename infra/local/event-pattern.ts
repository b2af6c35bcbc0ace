// EventBridge event patterns, as the local bus and the local stream poller match them (Lambda's event
// filtering uses the same syntax). The semantics, as AWS documents them:
//   - every field the pattern names must match; fields the pattern does not name are ignored;
//   - a leaf is a list of alternatives, any of which may match; an event value that is an array matches
//     when any of its elements does;
//   - alternatives are exact JSON scalars (a string, a number compared as a number, true/false, null) or
//     filters: prefix, suffix, equals-ignore-case (prefix and suffix may take it too), wildcard (`*` for any
//     run of characters), anything-but (a value, a list, or a prefix/suffix/equals-ignore-case filter),
//     numeric (up to two comparisons, numbers only), exists (true: the field is present and not an object;
//     false: it is absent);
//   - a field that is absent matches only `exists: false`; anything-but never matches an absent field;
//   - `$or` takes a list of patterns, any of which may match, beside the other fields of its object.
// `cidr` is not supported: a pattern that uses it is refused when the bus starts, rather than never matching.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Filter = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const lower = (value: string) => value.toLowerCase();

/** A text filter: a plain string, or `{ "equals-ignore-case": string }`. */
const textTest = (spec: unknown, test: (value: string, wanted: string) => boolean) => {
  if (typeof spec === 'string') return (value: string) => test(value, spec);
  if (isObject(spec) && typeof spec['equals-ignore-case'] === 'string') {
    const wanted = lower(spec['equals-ignore-case']);
    return (value: string) => test(lower(value), wanted);
  }
  throw new Error(`Not a text filter: ${JSON.stringify(spec)}`);
};

/** `*` matches any run of characters; `\*` a star, `\\` a backslash. */
const wildcardRegExp = (pattern: string) => {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) source += `\\${pattern[++i]}`;
    else if (c === '*') source += '.*';
    else source += c.replace(/[.+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
};

const numericTest = (spec: unknown) => {
  if (!Array.isArray(spec) || spec.length === 0 || spec.length > 4 || spec.length % 2 !== 0)
    throw new Error(`numeric takes one or two comparisons: ${JSON.stringify(spec)}`);
  const checks: Array<(n: number) => boolean> = [];
  for (let i = 0; i < spec.length; i += 2) {
    const [op, bound] = [spec[i], spec[i + 1]];
    if (typeof bound !== 'number') throw new Error(`numeric compares with numbers: ${JSON.stringify(spec)}`);
    const compare: Record<string, (n: number) => boolean> = {
      '=': (n) => n === bound,
      '<': (n) => n < bound,
      '<=': (n) => n <= bound,
      '>': (n) => n > bound,
      '>=': (n) => n >= bound,
    };
    const check = typeof op === 'string' ? compare[op] : undefined;
    if (!check) throw new Error(`Unknown numeric operator ${JSON.stringify(op)}`);
    checks.push(check);
  }
  return (value: Json) => typeof value === 'number' && checks.every((check) => check(value));
};

const anythingButTest = (spec: unknown): ((value: Json) => boolean) => {
  if (isObject(spec)) {
    if ('prefix' in spec) {
      const starts = textTest(spec.prefix, (v, w) => v.startsWith(w));
      return (value) => typeof value === 'string' && !starts(value);
    }
    if ('suffix' in spec) {
      const ends = textTest(spec.suffix, (v, w) => v.endsWith(w));
      return (value) => typeof value === 'string' && !ends(value);
    }
    if ('equals-ignore-case' in spec) {
      const list = [spec['equals-ignore-case']].flat();
      if (!list.every((w) => typeof w === 'string'))
        throw new Error('anything-but equals-ignore-case takes strings');
      const words = new Set(list.map((w) => lower(w as string)));
      return (value) => typeof value === 'string' && !words.has(lower(value));
    }
    throw new Error(`Unknown anything-but filter: ${JSON.stringify(spec)}`);
  }
  const excluded = [spec].flat();
  if (!excluded.every((v) => typeof v === 'string' || typeof v === 'number'))
    throw new Error(`anything-but takes strings or numbers: ${JSON.stringify(spec)}`);
  return (value) => value !== null && typeof value !== 'object' && !excluded.includes(value as never);
};

/** One alternative of a leaf, as a test of one (scalar) event value; `exists` is handled by the caller. */
const alternativeTest = (alternative: unknown): ((value: Json) => boolean) => {
  if (alternative === null || ['string', 'number', 'boolean'].includes(typeof alternative))
    return (value) => value === alternative;
  if (!isObject(alternative)) throw new Error(`Not a pattern value: ${JSON.stringify(alternative)}`);
  const keys = Object.keys(alternative);
  if (keys.length !== 1) throw new Error(`One filter per value: ${JSON.stringify(alternative)}`);
  const spec = (alternative as Filter)[keys[0]!];
  switch (keys[0]) {
    case 'prefix': {
      const test = textTest(spec, (v, w) => v.startsWith(w));
      return (value) => typeof value === 'string' && test(value);
    }
    case 'suffix': {
      const test = textTest(spec, (v, w) => v.endsWith(w));
      return (value) => typeof value === 'string' && test(value);
    }
    case 'equals-ignore-case': {
      const test = textTest(alternative, (v, w) => v === w);
      return (value) => typeof value === 'string' && test(value);
    }
    case 'wildcard': {
      if (typeof spec !== 'string') throw new Error('wildcard takes a string');
      const re = wildcardRegExp(spec);
      return (value) => typeof value === 'string' && re.test(value);
    }
    case 'anything-but':
      return anythingButTest(spec);
    case 'numeric':
      return numericTest(spec);
    default:
      throw new Error(
        `Unsupported filter ${keys[0]} (supported: prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists)`,
      );
  }
};

type Matcher = (value: Json | undefined) => boolean;

const leafMatcher = (alternatives: readonly unknown[]): Matcher => {
  if (alternatives.length === 0) throw new Error('A pattern leaf lists at least one value');
  const exists = alternatives.filter((a) => isObject(a) && 'exists' in a) as Array<{ exists: unknown }>;
  const tests = alternatives.filter((a) => !(isObject(a) && 'exists' in a)).map(alternativeTest);
  for (const e of exists) if (typeof e.exists !== 'boolean') throw new Error('exists takes true or false');
  return (value) => {
    if (value === undefined) return exists.some((e) => e.exists === false);
    const present = !isObject(value);
    if (present && exists.some((e) => e.exists === true)) return true;
    const values = Array.isArray(value) ? value : [value];
    return values.some((v) => tests.some((test) => test(v)));
  };
};

const objectMatcher = (pattern: Record<string, unknown>): Matcher => {
  const fields: Array<[string, Matcher]> = [];
  let alternatives: Matcher[] | undefined;
  for (const [key, spec] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(spec) || spec.length < 2)
        throw new Error('$or takes a list of two or more patterns');
      alternatives = spec.map((p) => {
        if (!isObject(p)) throw new Error('$or takes patterns');
        return objectMatcher(p);
      });
    } else if (Array.isArray(spec)) fields.push([key, leafMatcher(spec)]);
    else if (isObject(spec)) fields.push([key, objectMatcher(spec)]);
    else throw new Error(`Field ${key}: a pattern field holds a list of values or a nested pattern`);
  }
  return (value) => {
    if (!isObject(value)) return false;
    return (
      fields.every(([key, match]) => match(value[key] as Json | undefined)) &&
      (!alternatives || alternatives.some((match) => match(value)))
    );
  };
};

/** Compiles a pattern (throwing on one EventBridge would refuse) into a test of events. */
export const compilePattern = (pattern: unknown): ((event: unknown) => boolean) => {
  if (!isObject(pattern)) throw new Error('An event pattern is a JSON object');
  const match = objectMatcher(pattern);
  return (event) => match(event as Json);
};

export const matchesPattern = (pattern: unknown, event: unknown) => compilePattern(pattern)(event);
