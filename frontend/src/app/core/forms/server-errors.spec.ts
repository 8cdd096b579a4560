import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { applyServerErrors, matchesControl } from './server-errors';

const httpError = (status: number, body: object) => new HttpErrorResponse({ status, error: body });

describe('applyServerErrors', () => {
  const form = () =>
    new FormGroup({
      username: new FormControl('ab', { nonNullable: true }),
      password: new FormControl('x', { nonNullable: true }),
    });

  it('puts the API field messages on the matching controls', () => {
    const f = form();
    const rest = applyServerErrors(
      f,
      httpError(400, {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Request validation failed',
        fields: { username: ['username must be longer than or equal to 3 characters'] },
      }),
    );
    expect(rest).toBeNull();
    expect(f.controls.username.errors).toEqual({
      server: { code: 'VALIDATION_FAILED', messages: ['username must be longer than or equal to 3 characters'] },
    });
    expect(f.controls.username.touched).toBe(true);
    expect(f.controls.password.errors).toBeNull();
  });

  it('puts a conflict on the control named for it', () => {
    const f = form();
    const rest = applyServerErrors(
      f,
      httpError(409, { statusCode: 409, code: 'CONFLICT', message: 'username already exists' }),
      { CONFLICT: 'username' },
    );
    expect(rest).toBeNull();
    expect(f.controls.username.errors?.['server']).toEqual({ code: 'CONFLICT', messages: ['username already exists'] });
  });

  it('hands back errors no control can show', () => {
    const f = form();
    const rest = applyServerErrors(f, httpError(500, { statusCode: 500, code: 'INTERNAL_ERROR', message: 'boom' }));
    expect(rest?.code).toBe('INTERNAL_ERROR');
    expect(f.valid).toBe(true);
  });

  it('hands back field errors for fields the form does not have', () => {
    const f = form();
    const rest = applyServerErrors(
      f,
      httpError(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'bad', fields: { body: ['Malformed JSON'] } }),
    );
    expect(rest?.code).toBe('VALIDATION_FAILED');
  });

  it('is cleared by the next edit of the control', () => {
    const f = form();
    f.controls.username.addValidators(Validators.required);
    applyServerErrors(f, httpError(409, { statusCode: 409, code: 'CONFLICT', message: 'taken' }), { CONFLICT: 'username' });
    f.controls.username.setValue('another');
    expect(f.controls.username.errors).toBeNull();
  });
});

describe('matchesControl', () => {
  it('fails while the confirmation differs', () => {
    const f = new FormGroup({
      password: new FormControl('abcdefg1', { nonNullable: true }),
      confirm: new FormControl('abcdefg2', { nonNullable: true, validators: matchesControl('password') }),
    });
    f.controls.confirm.updateValueAndValidity();
    expect(f.controls.confirm.errors).toEqual({ mismatch: true });
    f.controls.confirm.setValue('abcdefg1');
    expect(f.controls.confirm.errors).toBeNull();
  });
});
