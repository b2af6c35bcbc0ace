// cdk-nag findings are acknowledged on the construct that causes them, each with its own reason, so an
// acknowledgement never hides a finding elsewhere in the stack.
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { PolicyDocument } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

export const acknowledge = (scope: IConstruct, id: string, reason: string) =>
  Validations.of(scope).acknowledge({ id, reason });

/** How cdk-nag names a resource's ARN in a finding, e.g. `<DataTable1A2B3C4D.Arn>`. */
export const nagArnRef = (resource: IConstruct) =>
  `<${Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;

/** How cdk-nag writes a resolved value in a finding (see nagStringRef; `${X}` of `Fn::Sub` as `<X>`). */
const nagResolvedRef = (p: unknown): string => {
  if (typeof p === 'string') return p;
  const token = p as {
    Ref?: string;
    'Fn::GetAtt'?: [string, string];
    'Fn::Join'?: [string, unknown[]];
    'Fn::Sub'?: string;
  };
  if (token.Ref) return `<${token.Ref}>`;
  if (typeof token['Fn::Sub'] === 'string') return token['Fn::Sub'].replace(/\$\{([^}]+)\}/g, '<$1>');
  if (token['Fn::GetAtt']) return `<${token['Fn::GetAtt'].join('.')}>`;
  if (token['Fn::Join']) return token['Fn::Join'][1].map(nagResolvedRef).join(token['Fn::Join'][0]);
  return JSON.stringify(p);
};

/**
 * How cdk-nag writes a token-bearing string in a finding: literal parts as they are, `{ Ref: X }` as `<X>`
 * and `{ Fn::GetAtt: [X, Y] }` as `<X.Y>` (e.g. `arn:<AWS::Partition>:states:…`).
 */
export const nagStringRef = (scope: IConstruct, value: string): string =>
  nagResolvedRef(Stack.of(scope).resolve(value));

/**
 * Acknowledges every wildcard action and resource of a policy (AwsSolutions-IAM5), each finding by its own
 * id, with one reason: for policies CDK writes itself, whose statements the stack does not choose.
 */
export const acknowledgeWildcards = (policy: IConstruct & { document: PolicyDocument }, reason: string) => {
  const { Statement = [] } = Stack.of(policy).resolve(policy.document) as {
    Statement?: Array<{ Action?: string | string[]; Resource?: unknown }>;
  };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const findings = new Set<string>();
  for (const statement of Statement) {
    for (const action of list(statement.Action) as string[])
      if (action.includes('*')) findings.add(`Action::${action}`);
    for (const resource of list(statement.Resource)) {
      const shown = nagResolvedRef(resource);
      if (shown.includes('*')) findings.add(`Resource::${shown}`);
    }
  }
  for (const finding of findings) acknowledge(policy, `AwsSolutions-IAM5[${finding}]`, reason);
};
