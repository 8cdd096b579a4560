import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { requestContext } from '../context/request-context';
import { AppError, ErrorCode, FieldErrors } from './app-error';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  correlationId?: string;
  fields?: FieldErrors;
  details?: Record<string, unknown>;
}

const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

/** True when an error means "the database cannot be reached" rather than "the query was wrong". */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { code?: string; message?: string; driverError?: unknown; cause?: unknown };
  if (err.code && DB_DOWN_CODES.has(err.code)) return true;
  if (
    err.message &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)|terminating connection/i.test(
      err.message,
    )
  )
    return true;
  return isDatabaseUnavailable(err.driverError) || isDatabaseUnavailable(err.cause);
}

/** Maps any error to the documented JSON error shape. Never sends stack traces, SQL or parameters. */
export function toErrorBody(e: unknown): ErrorBody {
  if (e instanceof AppError) {
    return { statusCode: e.status, code: e.code, message: e.message, fields: e.fields, details: e.details };
  }
  if (e instanceof ThrottlerException) {
    return {
      statusCode: HttpStatus.TOO_MANY_REQUESTS,
      code: ErrorCode.RATE_LIMITED,
      message: 'Too many requests; wait a minute and try again',
    };
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const res = e.getResponse();
    if (status === 503 && typeof res === 'object' && res && 'details' in res) {
      // Terminus health check: keep its per-dependency status so operators see what is down.
      const health = res as { status?: string; info?: unknown; error?: unknown; details?: unknown };
      return {
        statusCode: 503,
        code: ErrorCode.DATABASE_UNAVAILABLE,
        message: 'A dependency is unavailable',
        details: { status: health.status, info: health.info, error: health.error, details: health.details },
      };
    }
    const message = typeof res === 'string' ? res : String((res as { message?: unknown }).message ?? e.message);
    const code =
      status === 404
        ? ErrorCode.NOT_FOUND
        : status === 401
          ? ErrorCode.AUTH_REQUIRED
          : status === 403
            ? ErrorCode.FORBIDDEN
            : status === 413
              ? ErrorCode.PAYLOAD_TOO_LARGE
              : status === 429
                ? ErrorCode.RATE_LIMITED
                : status < 500
                  ? ErrorCode.VALIDATION_FAILED
                  : ErrorCode.INTERNAL_ERROR;
    return { statusCode: status, code, message: status >= 500 ? 'Internal server error' : message };
  }
  // Errors raised by Express' body parser before our code runs (malformed JSON, body too large).
  const bodyErr = e as { type?: string; status?: number };
  if (bodyErr && bodyErr.type === 'entity.parse.failed') {
    return {
      statusCode: 400,
      code: ErrorCode.VALIDATION_FAILED,
      message: 'Malformed JSON in request body',
      fields: { body: ['Malformed JSON'] },
    };
  }
  if (bodyErr && bodyErr.type === 'entity.too.large') {
    return { statusCode: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'Request body too large' };
  }
  if (isDatabaseUnavailable(e)) {
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: ErrorCode.DATABASE_UNAVAILABLE,
      message: 'The database is unavailable; try again shortly',
    };
  }
  if (e instanceof QueryFailedError && (e.driverError as { code?: string })?.code === '23505') {
    return { statusCode: HttpStatus.CONFLICT, code: ErrorCode.CONFLICT, message: 'A record with the same unique value already exists' };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: ErrorCode.INTERNAL_ERROR, message: 'Internal server error' };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const body = toErrorBody(exception);
    body.correlationId = requestContext.get()?.correlationId ?? (req.headers['x-correlation-id'] as string | undefined);
    if (body.statusCode >= 500) {
      // Log the error class, message and code only: driver errors can carry query parameters (patient data).
      const err = exception as { name?: string; message?: string; code?: string; stack?: string };
      this.logger.error(
        {
          correlationId: body.correlationId,
          errName: err?.name,
          errCode: err?.code,
          // SQLSTATE and the failing routine/position help operators without logging values (patient data).
          sqlState: exception instanceof QueryFailedError ? (exception.driverError as { code?: string })?.code : undefined,
          sqlRoutine: exception instanceof QueryFailedError ? (exception.driverError as { routine?: string })?.routine : undefined,
          sqlPosition: exception instanceof QueryFailedError ? (exception.driverError as { position?: string })?.position : undefined,
          path: req.path,
        },
        `${req.method} ${req.path} failed: ${err instanceof QueryFailedError ? 'database query failed' : err?.message}`,
        exception instanceof QueryFailedError ? undefined : err?.stack,
      );
    }
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }
}
