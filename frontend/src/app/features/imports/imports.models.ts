export const IMPORT_FIELDS = [
  'hisId',
  'inpatientNo',
  'outpatientNo',
  'name',
  'sex',
  'birthDate',
  'idNumber',
  'phone',
  'address',
  'contactName',
  'contactRelation',
  'contactPhone',
  'department',
  'ward',
  'encounterType',
  'visitNumber',
  'admittedAt',
  'dischargedAt',
  'attendingDoctor',
  'diagnosisCode',
  'diagnosisName',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The name is required, and at least one identifying column, so that re-imports add nothing. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['name'];
export const IDENTIFYING_FIELDS: readonly ImportField[] = ['hisId', 'inpatientNo', 'idNumber'];

/** Target field → column name in the file. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export const ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;
export type EncodingChoice = (typeof ENCODINGS)[number];

export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** While a job has one of these statuses, the server is working on it. */
export const WORKING_STATUSES: readonly ImportStatus[] = ['validating', 'queued', 'running'];

export function isWorking(status: ImportStatus): boolean {
  return WORKING_STATUSES.includes(status);
}

/** An import job (`GET /imports`, `GET /imports/:id`). */
export interface ImportJob {
  id: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  sourceName: string;
  columns: string[];
  mapping: ColumnMapping | null;
  status: ImportStatus;
  /** Known once a run (the dry run) has read the whole file; 0 before. */
  totalRows: number;
  processedRows: number;
  createdPatients: number;
  matchedPatients: number;
  createdEncounters: number;
  errorRows: number;
  /** New patients that look like an existing patient (or an earlier row); imported, listed for review. */
  duplicateRows: number;
  message: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** `GET /imports/:id` only: the first 20 rejected rows of the current phase. */
  firstErrors?: Array<{ rowNumber: number; reason: string; problems?: RowProblem[] }>;
}

/** `POST /imports`: the job plus what the mapping step needs. */
export interface UploadedImport extends ImportJob {
  /** The first rows, column name → value. */
  preview: Array<Record<string, string>>;
  fields: ImportField[];
  /** The mapping is the one saved for this source (else suggested from the column names). */
  savedMapping: boolean;
  sameFileImportedBefore: { id: string; createdAt: string } | null;
}

/** A masked patient in an import's duplicate list. */
export interface ImportDuplicatePatient {
  id: string;
  name: string;
  sexCode: string | null;
  birthDate: string | null;
  mergedIntoId: string | null;
}

/** `GET /imports/:id/duplicates`: a new patient from row `rowNumber` that probably is `candidate`. */
export interface ImportDuplicate {
  rowNumber: number;
  reasons: Array<'same_name_birth_date' | 'same_name_phone'>;
  patient: ImportDuplicatePatient;
  candidate: ImportDuplicatePatient;
  /** One of the two has been merged since. */
  merged: boolean;
}

/** Why a row was rejected, as a code (translated under `imports.problems`) with the values it quotes. */
export interface RowProblem {
  code: string;
  params?: Record<string, string>;
}
