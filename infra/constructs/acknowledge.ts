// cdk-nag findings are acknowledged on the construct that causes them, each with its own reason, so an
// acknowledgement never hides a finding elsewhere in the stack.
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export const acknowledge = (scope: IConstruct, id: string, reason: string) =>
  Validations.of(scope).acknowledge({ id, reason });

/** How cdk-nag names a resource's ARN in a finding, e.g. `<DataTable1A2B3C4D.Arn>`. */
export const nagArnRef = (resource: IConstruct) =>
  `<${Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;

/**
 * How cdk-nag writes a token-bearing string in a finding: literal parts as they are, `{ Ref: X }` as `<X>`
 * and `{ Fn::GetAtt: [X, Y] }` as `<X.Y>` (e.g. `arn:<AWS::Partition>:states:…`).
 */
export const nagStringRef = (scope: IConstruct, value: string): string => {
  const resolved: unknown = Stack.of(scope).resolve(value);
  const part = (p: unknown): string => {
    if (typeof p === 'string') return p;
    const token = p as { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]] };
    if (token.Ref) return `<${token.Ref}>`;
    if (token['Fn::GetAtt']) return `<${token['Fn::GetAtt'].join('.')}>`;
    if (token['Fn::Join']) return token['Fn::Join'][1].map(part).join(token['Fn::Join'][0]);
    return JSON.stringify(p);
  };
  return part(resolved);
};
