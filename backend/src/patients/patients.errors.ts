import { HttpStatus } from '@nestjs/common';
import { AppError } from '../platform/errors/app-error';

export enum PatientErrorCode {
  PATIENT_NOT_FOUND = 'PATIENT_NOT_FOUND',
  PATIENT_POSSIBLE_DUPLICATE = 'PATIENT_POSSIBLE_DUPLICATE',
  PATIENT_MERGED = 'PATIENT_MERGED',
  PATIENT_MERGE_INVALID = 'PATIENT_MERGE_INVALID',
}

export class PatientError extends AppError {
  static missing(): PatientError {
    // Also answered for patients outside the caller's departments, so existence does not leak.
    return new PatientError(HttpStatus.NOT_FOUND, PatientErrorCode.PATIENT_NOT_FOUND, 'Patient not found');
  }

  static duplicates(candidates: unknown[]): PatientError {
    return new PatientError(
      HttpStatus.CONFLICT,
      PatientErrorCode.PATIENT_POSSIBLE_DUPLICATE,
      'Probable duplicates exist; review them or confirm this is a different person',
      undefined,
      { candidates },
    );
  }

  static mergeInvalid(message: string): PatientError {
    return new PatientError(HttpStatus.CONFLICT, PatientErrorCode.PATIENT_MERGE_INVALID, message);
  }
}
