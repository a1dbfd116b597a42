/** The one error type services throw; the HTTP layer maps `code` to a status in one place. */
export const ErrorCode = {
  VALIDATION: 'VALIDATION',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  /** A cookie-authenticated change sent from another site (CSRF). */
  CROSS_ORIGIN: 'CROSS_ORIGIN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** The first request with this Idempotency-Key is still running. */
  IDEMPOTENCY_IN_PROGRESS: 'IDEMPOTENCY_IN_PROGRESS',
  /** An Idempotency-Key sent again with a different request. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  GONE: 'GONE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const httpStatusByCode: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CROSS_ORIGIN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  QUERY_TIMEOUT: 503,
  INTERNAL: 500,
};

export interface FieldIssue {
  path: string;
  message: string;
  /** Where the field was sent, when it is not the JSON body: `querystring`, `params`. */
  in?: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** A validation error that names the offending field(s). */
  static invalid(fields: FieldIssue[] | FieldIssue): AppError {
    const list = Array.isArray(fields) ? fields : [fields];
    const message = list.map((f) => `${f.path}: ${f.message}`).join('; ');
    return new AppError(ErrorCode.VALIDATION, message, { fields: list });
  }

  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static forbidden(permission: string): AppError {
    return new AppError(ErrorCode.FORBIDDEN, `Your role lacks the permission "${permission}"`, { permission });
  }

  static conflict(message: string, details?: Record<string, unknown>): AppError {
    return new AppError(ErrorCode.CONFLICT, message, details);
  }
}
