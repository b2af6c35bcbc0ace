// Event subscriptions, declared like routes: a capability lists the events it consumes in its
// `subscriptions.ts`, the manifest names the function, and from that one declaration the CDK stack makes
// an EventBridge rule with a queue in front of the function, and the local bus matches the same pattern and
// delivers to the same handler. Patterns are EventBridge event patterns as JSON (exact values, prefix,
// suffix, anything-but, numeric, exists, $or); the jurisdiction's `source` is added to each.

/** An EventBridge event pattern: fields mapped to lists of allowed values or to nested patterns; `$or` to a list of patterns. */
export type EventPattern = {
  readonly [field: string]: EventPattern | readonly PatternValue[] | readonly EventPattern[];
};

/** One allowed value: an exact JSON scalar, or a content filter. */
export type PatternValue =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string | { readonly 'equals-ignore-case': string } }
  | { readonly suffix: string | { readonly 'equals-ignore-case': string } }
  | { readonly 'equals-ignore-case': string }
  | { readonly 'anything-but': AnythingBut }
  | { readonly numeric: readonly (string | number)[] }
  | { readonly exists: boolean }
  | { readonly wildcard: string };

type AnythingBut =
  | string
  | number
  | readonly (string | number)[]
  | { readonly prefix: string }
  | { readonly suffix: string }
  | { readonly 'equals-ignore-case': string | readonly string[] };

export interface SubscriptionDef {
  description: string;
  /** Matched against the whole EventBridge event (`detail-type`, `detail`, ...). */
  pattern: EventPattern;
}

/** A capability's subscriptions by name; a name is unique in the manifest and names the rule. */
export type SubscriptionTable = Record<string, SubscriptionDef>;

/** The source every event of a jurisdiction carries; rules match on it. */
export const eventSource = (jurisdictionId: string) => `tongban.${jurisdictionId}`;

/** The pattern a rule is given: the subscription's, limited to the jurisdiction's own events. */
export const rulePattern = (pattern: EventPattern, source: string): EventPattern => ({
  ...pattern,
  source: [source],
});
