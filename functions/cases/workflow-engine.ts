// The workflow engine port on Step Functions: executions are named by the case number (or, for the ticket
// machine, the ticket number), so starting twice is harmless, and a token the engine no longer waits for is
// reported, not thrown.
import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { WorkflowEngine } from './context.ts';

const tokenGone = (error: unknown) => {
  const name = (error as { name?: string }).name;
  return name === 'TaskTimedOut' || name === 'InvalidToken' || name === 'TaskDoesNotExist';
};

export const createWorkflowEngine = (
  sfn: SFNClient,
  stateMachineArn: () => string,
  /** The execution's input for the name it is started under. */
  inputOf: (name: string) => object = (caseNumber) => ({ caseNumber }),
): WorkflowEngine => {
  const executionArn = (caseNumber: string) =>
    `${stateMachineArn().replace(':stateMachine:', ':execution:')}:${caseNumber}`;
  return {
    start: async (caseNumber) => {
      try {
        await sfn.send(
          new StartExecutionCommand({
            stateMachineArn: stateMachineArn(),
            name: caseNumber,
            input: JSON.stringify(inputOf(caseNumber)),
          }),
        );
      } catch (error) {
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
      }
    },
    succeed: async (token, output) => {
      try {
        await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
        return true;
      } catch (error) {
        if (tokenGone(error)) return false;
        throw error;
      }
    },
    fail: async (token, error, cause) => {
      try {
        await sfn.send(new SendTaskFailureCommand({ taskToken: token, error, cause }));
        return true;
      } catch (e) {
        if (tokenGone(e)) return false;
        throw e;
      }
    },
    stop: async (caseNumber, cause) => {
      try {
        await sfn.send(new StopExecutionCommand({ executionArn: executionArn(caseNumber), cause }));
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name !== 'ExecutionDoesNotExist') throw error;
      }
    },
  };
};
