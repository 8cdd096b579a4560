import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';
import { isDatabaseUnavailable, toErrorBody } from './http-exception.filter';

describe('toErrorBody', () => {
  it('passes AppError code, fields and details through', () => {
    expect(toErrorBody(AppError.validation({ name: ['required'] }))).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Request validation failed',
      fields: { name: ['required'] },
      details: undefined,
    });
  });

  it('maps framework errors to codes', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'))).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(toErrorBody(new BadRequestException('bad'))).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(toErrorBody(new ThrottlerException())).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
  });

  it('never leaks SQL or parameters', () => {
    const err = new QueryFailedError('SELECT * FROM patient WHERE phone = $1', ['13800138000'], new Error('syntax error'));
    const body = toErrorBody(err);
    expect(body).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' });
    expect(JSON.stringify(body)).not.toContain('13800138000');
  });

  it('recognises a lost database as 503', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('duplicate key'))).toBe(false);
    expect(toErrorBody(refused)).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
  });
});
