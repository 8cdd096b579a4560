import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldErrors } from './app-error';

/** Flattens class-validator errors into `{ "path.to.field": ["message", …] }`. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) out[path] = Object.values(e.constraints);
    if (e.children?.length) Object.assign(out, toFieldErrors(e.children, path));
  }
  return out;
}

/** The global pipe: strips nothing silently — unknown fields are an error; values are converted to DTO types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => AppError.validation(toFieldErrors(errors)),
  });
}
