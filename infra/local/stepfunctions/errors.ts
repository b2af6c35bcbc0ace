// Errors the endpoint answers with. `type` is the short AWS error code (`__type`), which the SDK maps to its
// named exception classes (ExecutionDoesNotExist, InvalidToken, TaskTimedOut, ...).
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}
