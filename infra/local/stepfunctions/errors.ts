// Errors the endpoint answers with. `type` is the short AWS error code (`__type`), which the SDK maps to its
// named exception classes (ExecutionDoesNotExist, InvalidToken, TaskTimedOut, ...). The class lives with the
// JSON protocol plumbing it is answered through (../aws-json.ts).
export { ServiceError } from '../aws-json.ts';
