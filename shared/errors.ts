// Errors are values with names: every failure the domain expects carries a stable code and the HTTP status
// it maps to; one middleware turns them into responses. Anything else is a bug and becomes a 500.

export interface FieldIssue {
  path: string;
  message: string;
}

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE';

const statusOf: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: FieldIssue[];

  constructor(code: ErrorCode, message: string, options: { details?: FieldIssue[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.status = statusOf[code];
    this.details = options.details ?? [];
  }
}

export const validationFailed = (details: FieldIssue[], message = 'The request is not valid.') =>
  new DomainError('VALIDATION_FAILED', message, { details });
export const notFound = (message = 'Not found.') => new DomainError('NOT_FOUND', message);
export const conflict = (message: string, details: FieldIssue[] = []) =>
  new DomainError('CONFLICT', message, { details });
export const forbidden = (message = 'You may not do this.') => new DomainError('FORBIDDEN', message);
export const unauthenticated = (message = 'A valid bearer token is required.') =>
  new DomainError('UNAUTHENTICATED', message);

/** Turns zod issues (or anything with the same shape) into field-level details. */
export const issuesToDetails = (
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
) =>
  issues.map((issue) => ({
    path: issue.path.map((p) => String(p)).join('.') || '(root)',
    message: issue.message,
  }));
