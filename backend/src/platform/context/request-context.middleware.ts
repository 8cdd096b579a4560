import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from './request-context';

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * First middleware of every request: picks the correlation id (a sane incoming X-Correlation-Id
 * from a proxy, else a new UUID), echoes it in the response, and opens the request context.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-correlation-id');
  const correlationId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  (req as Request & { id?: string }).id = correlationId;
  res.setHeader('X-Correlation-Id', correlationId);
  requestContext.run({ correlationId, clientIp: req.ip }, () => next());
}
