import { HttpErrorResponse } from '@angular/common/http';
import { lastValueFrom, throwError, toArray } from 'rxjs';
import { ApiError, catchApiError } from './api-error';

const failing = (status: number, body: object) => throwError(() => new HttpErrorResponse({ status, error: body }));

describe('catchApiError', () => {
  it('hands errors of its code to the handler and completes without a value', async () => {
    const seen: ApiError[] = [];
    const values = await lastValueFrom(
      failing(409, { statusCode: 409, code: 'PATIENT_POSSIBLE_DUPLICATE', message: 'dup', details: { candidates: [] } }).pipe(
        catchApiError('PATIENT_POSSIBLE_DUPLICATE', (error) => void seen.push(error)),
        toArray(),
      ),
    );
    expect(values).toEqual([]);
    expect(seen.map((e) => e.details)).toEqual([{ candidates: [] }]);
  });

  it('passes other codes on unchanged', async () => {
    const handler = jest.fn();
    const result = lastValueFrom(
      failing(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'bad' }).pipe(catchApiError('IMPORT_FILE_INVALID', handler)),
    );
    await expect(result).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes the error on when the handler declines it', async () => {
    const result = lastValueFrom(
      failing(409, { statusCode: 409, code: 'PATIENT_POSSIBLE_DUPLICATE', message: 'dup' }).pipe(
        catchApiError('PATIENT_POSSIBLE_DUPLICATE', () => false),
      ),
    );
    await expect(result).rejects.toBeInstanceOf(HttpErrorResponse);
  });
});
