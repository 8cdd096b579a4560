import { HttpErrorResponse } from '@angular/common/http';
import { EMPTY, OperatorFunction, catchError, throwError } from 'rxjs';

/** The error body every API error answers with (see docs/api.md, "Errors"). */
export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
  correlationId?: string;
  fields?: Record<string, string[]>;
  details?: Record<string, unknown>;
}

/** Codes the console produces itself, for failures that never reached the API. */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const UNKNOWN_ERROR = 'UNKNOWN_ERROR';

function isApiErrorBody(body: unknown): body is ApiError {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Partial<ApiError>).code === 'string' &&
    typeof (body as Partial<ApiError>).message === 'string'
  );
}

/** Normalises anything an HTTP call can throw into the documented error shape. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof HttpErrorResponse) {
    if (isApiErrorBody(error.error)) {
      return {
        ...error.error,
        statusCode: error.error.statusCode ?? error.status,
        correlationId: error.error.correlationId ?? error.headers?.get('X-Correlation-Id') ?? undefined,
      };
    }
    if (error.status === 0) {
      return { statusCode: 0, code: NETWORK_ERROR, message: error.message };
    }
    return {
      statusCode: error.status,
      code: UNKNOWN_ERROR,
      message: error.statusText || error.message,
      correlationId: error.headers?.get('X-Correlation-Id') ?? undefined,
    };
  }
  if (isApiErrorBody(error)) {
    return error;
  }
  return { statusCode: 0, code: UNKNOWN_ERROR, message: error instanceof Error ? error.message : String(error) };
}

/**
 * Lets the caller deal with API errors of one `code` (the observable then completes without a value,
 * e.g. to show duplicates or a file problem in place); every other error goes on unchanged.
 * `handle` may return false to pass the error on after all.
 */
export function catchApiError<T>(code: string, handle: (error: ApiError) => boolean | void): OperatorFunction<T, T> {
  return catchError((error: unknown) => {
    const apiError = toApiError(error);
    return apiError.code === code && handle(apiError) !== false ? EMPTY : throwError(() => error);
  });
}
