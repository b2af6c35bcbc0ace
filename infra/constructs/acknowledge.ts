// cdk-nag findings are acknowledged on the construct that causes them, each with its own reason, so an
// acknowledgement never hides a finding elsewhere in the stack.
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export const acknowledge = (scope: IConstruct, id: string, reason: string) =>
  Validations.of(scope).acknowledge({ id, reason });

/** How cdk-nag names a resource's ARN in a finding, e.g. `<DataTable1A2B3C4D.Arn>`. */
export const nagArnRef = (resource: IConstruct) =>
  `<${Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;
