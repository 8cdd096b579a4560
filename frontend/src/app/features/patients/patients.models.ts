import { Paged, SortOrder } from '../../core/api/paged';

export const PATIENT_STATUSES = ['active', 'do_not_contact', 'lost_to_follow_up', 'deceased'] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];

export const CONTACT_PURPOSES = ['clinical_followup', 'research', 'satisfaction', 'care_message'] as const;
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number];

/** The patient filter of `GET /patients`; a saved segment stores the same fields. */
export interface PatientFilter {
  q?: string;
  departmentId?: string;
  wardId?: string;
  icd?: string;
  regionCode?: string;
  /** YYYY-MM-DD. */
  dischargedFrom?: string;
  dischargedTo?: string;
  ageMin?: number;
  ageMax?: number;
  tag?: string;
  status?: PatientStatus;
  organisationId?: string;
}

/** Sortable columns of the patient list (`age` is `birthDate` the other way round). */
export type PatientSortColumn = 'name' | 'age' | 'lastVisit';
export type PatientSort = 'name' | 'birthDate' | 'lastVisit' | 'createdAt';

export interface LastVisit {
  type: string;
  departmentId: string | null;
  departmentName: string | null;
  admittedAt: string | null;
  dischargedAt: string | null;
}

/** An item of `GET /patients`: contacts masked. */
export interface PatientListItem {
  id: string;
  name: string;
  sexCode: string;
  birthDate: string | null;
  age: number | null;
  idNumber: string | null;
  phone: string | null;
  status: PatientStatus;
  tags: string[];
  lastVisit: LastVisit | null;
}

/** `GET /patients` answers with `totalCapped: true` (and `total: 1000`) above 1,000 matches. */
export interface PatientPage extends Paged<PatientListItem> {
  totalCapped?: boolean;
}

export interface PatientPhone {
  id: string;
  number: string;
  owner: string;
  isPrimary: boolean;
}

export interface PatientIdentifier {
  id: string;
  type: string;
  authority: string;
  value: string;
}

export interface ContactPerson {
  id: string;
  relation: string;
  name: string;
  phone: string | null;
}

/** What can be added, changed and removed on an existing record (`/patients/:id/phones` and so on). */
export type DetailKind = 'phone' | 'contact' | 'identifier';

export interface PhoneBody {
  number?: string;
  owner?: string;
  isPrimary?: boolean;
}

export interface ContactPersonBody {
  relation?: string;
  name?: string;
  /** null clears the number. */
  phone?: string | null;
}

export interface IdentifierBody {
  type: string;
  authority?: string;
  value: string;
}

/** An entry of `GET /patients/:id/detail-changes`, newest first: a phone, contact person or identifier as it was. */
export interface DetailChange {
  id: string;
  kind: DetailKind;
  detailId: string;
  action: 'changed' | 'removed';
  /** The row before the change (phone numbers masked): the fields of PatientPhone, ContactPerson or PatientIdentifier. */
  before: Record<string, unknown>;
  reason: string | null;
  /** Display name of the user; null when unknown. */
  changedBy: string | null;
  changedAt: string;
}

export interface ContactRestriction {
  id: string;
  purpose: ContactPurpose;
  reason: string | null;
  since: string;
  liftedAt: string | null;
}

export interface Diagnosis {
  code: string;
  text: string;
  type: string;
}

export interface Encounter {
  id: string;
  type: string;
  department: { id: string; name: string; nameEn: string | null } | null;
  ward: { id: string; name: string } | null;
  attendingDoctor: string | null;
  admittedAt: string | null;
  dischargedAt: string | null;
  dischargeDisposition: string | null;
  visitNumber: string | null;
  sourceSystem: string | null;
  diagnoses: Diagnosis[];
}

/** `GET /patients/:id`: the 360° record, contacts masked. */
export interface PatientDetail {
  id: string;
  name: string;
  namePinyin: string | null;
  sexCode: string;
  birthDate: string | null;
  age: number | null;
  idNumber: string | null;
  ethnicityCode: string | null;
  insuranceTypeCode: string | null;
  address: string | null;
  regionCode: string | null;
  employer: string | null;
  preferredChannel: string | null;
  preferredContactTime: string | null;
  status: PatientStatus;
  deceasedDate: string | null;
  tags: string[];
  organisation: { id: string; code: string; name: string } | null;
  registeredDepartmentId: string | null;
  mergedIntoId: string | null;
  masked: boolean;
  phones: PatientPhone[];
  identifiers: PatientIdentifier[];
  contacts: ContactPerson[];
  restrictions: ContactRestriction[];
  encounters: Encounter[];
  createdAt: string;
  updatedAt: string;
}

/** `POST /patients/:id/reveal`: the clear numbers, by the ids of the masked ones. */
export interface RevealedContacts {
  idNumber: string | null;
  phones: Array<{ id: string; number: string }>;
  contacts: Array<{ id: string; phone: string | null }>;
}

export const TIMELINE_KINDS = ['admission', 'visit', 'discharge', 'diagnosis', 'procedure', 'lab'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** An entry of `GET /patients/:id/timeline`, newest first. */
export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  encounterId: string | null;
  /** admission, visit, discharge: the encounter type; diagnosis: code + text; procedure, lab: the name. */
  title: string;
  /** admission, visit: the doctor; discharge: the disposition code; diagnosis: its type; lab: the value. */
  detail: string | null;
  departmentName: string | null;
  /** Lab abnormal flag (N, H, L, A, HH, LL). */
  flag: string | null;
}

export type DuplicateReason = 'same_id_number' | 'same_name_birth_date' | 'same_name_phone';

/** A probable duplicate (409 `details.candidates` on create, `GET /patients/:id/duplicates`). */
export interface VisibleDuplicate {
  id: string;
  restricted?: false;
  name: string;
  birthDate: string | null;
  sexCode: string;
  idNumber: string | null;
  reasons: DuplicateReason[];
}

/** A probable duplicate registered in a department the user cannot see: only the reasons are given. */
export interface RestrictedDuplicate {
  id: null;
  restricted: true;
  reasons: DuplicateReason[];
}

export type DuplicateCandidate = VisibleDuplicate | RestrictedDuplicate;

/** `GET /patients/:id/merges`, newest first. */
export interface MergeRecord {
  id: string;
  survivorId: string;
  mergedId: string;
  mergedAt: string;
  mergedBy: string | null;
  revertedAt: string | null;
}

/** `POST /patients/:survivorId/merge`: how many rows of each table moved to the survivor. */
export interface MergeResult {
  mergeId: string;
  survivorId: string;
  mergedId: string;
  moved: Record<string, number>;
}

export interface PhoneInput {
  number: string;
  owner?: string;
  isPrimary?: boolean;
}

export interface IdentifierInput {
  type: string;
  authority?: string;
  value: string;
}

/** Body of `POST /patients`. */
export interface PatientCreate {
  name: string;
  sexCode: string;
  birthDate?: string;
  idNumber?: string;
  phones?: PhoneInput[];
  identifiers?: IdentifierInput[];
  ethnicityCode?: string;
  insuranceTypeCode?: string;
  address?: string;
  tags?: string[];
  registeredDepartmentId?: string;
  confirmNotDuplicate?: boolean;
}

/** Body of `PATCH /patients/:id` (phones and identifiers cannot be changed there); null clears a field. */
export interface PatientUpdate {
  name?: string;
  sexCode?: string;
  birthDate?: string;
  idNumber?: string;
  ethnicityCode?: string | null;
  insuranceTypeCode?: string | null;
  address?: string | null;
  tags?: string[];
  status?: PatientStatus;
  deceasedDate?: string;
}

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  filter: PatientFilter;
  active: boolean;
}

export interface SegmentCreate {
  name: string;
  description?: string;
  filter: PatientFilter;
}

export interface PatientListQuery extends PatientFilter {
  page: number;
  pageSize: number;
  /** Unset: the server's choice (by name while searching, else by last visit). */
  sort?: PatientSortColumn;
  order?: SortOrder;
}

/** The list's chip colour of each status. */
export const STATUS_TONES = {
  active: 'ok',
  do_not_contact: 'warn',
  lost_to_follow_up: 'neutral',
  deceased: 'bad',
} as const satisfies Record<PatientStatus, string>;

/** A local calendar day as `YYYY-MM-DD` (the API's date format); '' for none. */
export function isoDate(date: Date | null | undefined): string {
  if (!date) {
    return '';
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `YYYY-MM-DD` as a local calendar day (not UTC midnight); null for none. */
export function localDate(value: string | null | undefined): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}
