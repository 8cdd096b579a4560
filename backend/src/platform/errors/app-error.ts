import { HttpStatus } from '@nestjs/common';

/** Platform-wide error codes. Features define their own code enums and extend AppError. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  PASSWORD_TOO_WEAK = 'PASSWORD_TOO_WEAK',
  AUTH_REQUIRED = 'AUTH_REQUIRED',
  AUTH_INVALID_CREDENTIALS = 'AUTH_INVALID_CREDENTIALS',
  AUTH_ACCOUNT_LOCKED = 'AUTH_ACCOUNT_LOCKED',
  AUTH_ACCOUNT_DISABLED = 'AUTH_ACCOUNT_DISABLED',
  FORBIDDEN = 'FORBIDDEN',
  DEPARTMENT_NOT_ALLOWED = 'DEPARTMENT_NOT_ALLOWED',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
}

export type FieldErrors = Record<string, string[]>;

/** An error the client may see: a stable code, a message, optional field errors and details. */
export class AppError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(what: string): AppError {
    return new AppError(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static conflict(message: string, field?: string): AppError {
    return new AppError(HttpStatus.CONFLICT, ErrorCode.CONFLICT, message, field ? { [field]: [message] } : undefined);
  }

  static validation(fields: FieldErrors, code: string = ErrorCode.VALIDATION_FAILED): AppError {
    return new AppError(HttpStatus.BAD_REQUEST, code, 'Request validation failed', fields);
  }
}
