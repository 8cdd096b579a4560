import { parseIdNumber, PHONE_PATTERN } from '../identity';
import { hospitalDay } from '../../platform/clock';

/** Fields an import column can be mapped to, with the header names HIS exports commonly use. */
export const IMPORT_FIELDS = {
  hisId: ['患者ID', '病人ID', '患者编号', '病人编号', 'HIS ID', 'patient_id', 'PatientID'],
  inpatientNo: ['住院号', '病案号', 'inpatient_no'],
  outpatientNo: ['门诊号', 'outpatient_no'],
  name: ['姓名', '患者姓名', '病人姓名', 'name'],
  sex: ['性别', 'sex', 'gender'],
  birthDate: ['出生日期', '生日', 'birth_date', 'birthdate'],
  idNumber: ['身份证号', '身份证号码', '证件号码', '身份证', 'id_number'],
  phone: ['手机号', '手机号码', '联系电话', '电话', 'phone', 'mobile'],
  address: ['地址', '住址', '现住址', '家庭住址', 'address'],
  contactName: ['联系人', '联系人姓名', 'contact_name'],
  contactRelation: ['联系人关系', '与患者关系', 'contact_relation'],
  contactPhone: ['联系人电话', 'contact_phone'],
  department: ['科室', '出院科室', '就诊科室', 'department'],
  ward: ['病区', '出院病区', 'ward'],
  encounterType: ['就诊类型', 'encounter_type'],
  visitNumber: ['就诊号', '住院流水号', '就诊流水号', 'visit_number'],
  admittedAt: ['入院时间', '入院日期', '就诊时间', '就诊日期', 'admitted_at'],
  dischargedAt: ['出院时间', '出院日期', 'discharged_at'],
  attendingDoctor: ['主治医生', '主管医生', '医生', 'attending_doctor'],
  diagnosisCode: ['诊断编码', '出院诊断编码', 'ICD编码', 'ICD10', 'diagnosis_code'],
  diagnosisName: ['诊断名称', '出院诊断', '诊断', 'diagnosis_name'],
} as const;
export type ImportField = keyof typeof IMPORT_FIELDS;
export const IMPORT_FIELD_NAMES = Object.keys(IMPORT_FIELDS) as ImportField[];

/** mapping: target field → file column header. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export function suggestMapping(columns: string[]): ColumnMapping {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  const mapping: ColumnMapping = {};
  for (const field of IMPORT_FIELD_NAMES) {
    const hit = columns.find((c) => (IMPORT_FIELDS[field] as readonly string[]).some((syn) => norm(syn) === norm(c)));
    if (hit) mapping[field] = hit;
  }
  return mapping;
}

/** Problems with the mapping itself (before any row is read). */
export function mappingProblems(mapping: ColumnMapping, columns: string[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const [field, column] of Object.entries(mapping)) {
    if (!IMPORT_FIELD_NAMES.includes(field as ImportField)) (fields[field] ??= []).push(`unknown target field "${field}"`);
    else if (column && !columns.includes(column)) (fields[field] ??= []).push(`column "${column}" is not in the file`);
  }
  if (!mapping.name) (fields['name'] ??= []).push('map the patient name column');
  if (!mapping.hisId && !mapping.inpatientNo && !mapping.idNumber) {
    (fields['hisId'] ??= []).push('map at least one identifying column (patient ID, 住院号 or ID number) so re-imports add no duplicates');
  }
  return fields;
}

export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
  wards: Array<{ id: string; code: string; name: string }>;
}

export interface ImportRecord {
  hisId: string | null;
  inpatientNo: string | null;
  outpatientNo: string | null;
  name: string;
  sexCode: string;
  birthDate: string | null;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  contact: { name: string; relation: string; phone: string | null } | null;
  encounter: {
    type: EncounterKind;
    departmentId: string | null;
    wardId: string | null;
    visitNumber: string | null;
    admittedAt: Date | null;
    dischargedAt: Date | null;
    attendingDoctor: string | null;
    diagnosis: { code: string; name: string } | null;
  } | null;
}

const SEX: Record<string, string> = {
  男: '1',
  女: '2',
  m: '1',
  f: '2',
  male: '1',
  female: '2',
  '1': '1',
  '2': '2',
  '0': '0',
  '9': '9',
  未知: '0',
};
type EncounterKind = 'inpatient' | 'outpatient' | 'emergency' | 'day_surgery';
const TYPES: Record<string, EncounterKind> = {
  住院: 'inpatient',
  inpatient: 'inpatient',
  门诊: 'outpatient',
  outpatient: 'outpatient',
  急诊: 'emergency',
  emergency: 'emergency',
  日间手术: 'day_surgery',
  day_surgery: 'day_surgery',
};
const RELATIONS: Record<string, string> = {
  配偶: 'spouse',
  丈夫: 'spouse',
  妻子: 'spouse',
  子女: 'child',
  儿子: 'child',
  女儿: 'child',
  父母: 'parent',
  父亲: 'parent',
  母亲: 'parent',
  兄弟姐妹: 'sibling',
  其他亲属: 'other_relative',
  护工: 'caregiver',
  其他: 'other',
};

/** Dates as HIS exports write them: 2026-03-05, 2026/3/5, 20260305, with optional time; or ISO from Excel. */
export function parseDateTime(raw: string): Date | null | 'invalid' {
  const s = raw.trim();
  if (!s) return null;
  // Excel stores dates as serial day numbers (days since 1899-12-30), read as China Standard Time.
  if (/^\d{5}(\.\d+)?$/.test(s)) return new Date(Math.round((Number(s) - 25569) * 86_400_000) - 8 * 3600_000);
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\.\d+)?(Z)?$/.exec(s);
  if (!m) return 'invalid';
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1).map((x) => x ?? undefined) as string[];
  // Times without a zone are China Standard Time (UTC+8), as HIS exports are.
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se) - (m[7] ? 0 : 8 * 3600_000);
  const date = new Date(utc);
  const check = new Date(utc + (m[7] ? 0 : 8 * 3600_000));
  if (check.getUTCFullYear() !== +y || check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59)
    return 'invalid';
  return date;
}

/** Why a row cannot be imported: a code the console translates, with the values it quotes. */
export interface RowProblem {
  code: RowProblemCode;
  params?: Record<string, string>;
}

/** The English text of each problem (the `reason` column and the errors CSV); the console translates the codes. */
const PROBLEM_TEXT = {
  name_empty: () => '姓名 / name is empty',
  name_too_long: () => 'name is longer than 100 characters',
  identifier_chars: (p) => `${p['label']} "${p['value']}" may only contain letters, digits, dots, underscores and hyphens`,
  sex_unknown: (p) => `unknown sex "${p['value']}" (use 男/女 or GB/T 2261.1 codes)`,
  birth_date_invalid: (p) => `birth date "${p['value']}" is not a date`,
  id_number_format: () => 'ID number must be 17 digits followed by a digit or X',
  id_number_birth_date: () => 'ID number contains an impossible birth date',
  id_number_check: () => 'ID number check character is wrong (ISO 7064 MOD 11-2)',
  birth_date_mismatch: (p) => `birth date ${p['value']} does not match the ID number (${p['expected']})`,
  sex_mismatch: () => 'sex does not match the ID number',
  no_patient_key: () => 'the row has no patient ID, 住院号 or valid ID number',
  phone_invalid: (p) => `phone "${p['value']}" is not a valid number`,
  contact_phone_invalid: (p) => `contact phone "${p['value']}" is not a valid number`,
  department_unknown: (p) => `unknown department "${p['value']}"`,
  ward_unknown: (p) => `unknown ward "${p['value']}" in ${p['department']}`,
  admitted_invalid: (p) => `admission time "${p['value']}" is not a date`,
  discharged_invalid: (p) => `discharge time "${p['value']}" is not a date`,
  discharge_before_admission: () => 'discharge time is before admission time',
  encounter_type_unknown: (p) => `unknown encounter type "${p['value']}"`,
  diagnosis_code_invalid: (p) => `diagnosis code "${p['value']}" is not an ICD-10 code`,
  encounter_key_missing: () => 'an encounter needs a visit number or an admission time',
} satisfies Record<string, (params: Record<string, string>) => string>;

export type RowProblemCode = keyof typeof PROBLEM_TEXT;

/** The problems in English, joined, as stored in `import_row_error.reason`. */
export function problemsText(problems: RowProblem[]): string {
  return problems.map((p) => PROBLEM_TEXT[p.code](p.params ?? {})).join('; ');
}

/** Validates and normalises one row; returns the record or the list of reasons it cannot be imported. */
export function normaliseRow(
  values: Record<string, string>,
  mapping: ColumnMapping,
  departments: DepartmentRef[],
): ImportRecord | { errors: RowProblem[] } {
  const v = (f: ImportField) => (mapping[f] ? (values[mapping[f] as string] ?? '').trim() : '');
  const errors: RowProblem[] = [];
  const problem = (code: RowProblemCode, params?: Record<string, string>) => errors.push(params ? { code, params } : { code });
  const name = v('name');
  if (!name) problem('name_empty');
  else if (name.length > 100) problem('name_too_long');

  const hisId = v('hisId') || null;
  const inpatientNo = v('inpatientNo') || null;
  let idNumber = v('idNumber').toUpperCase() || null;
  for (const [label, value] of [
    ['patient ID', hisId],
    ['住院号', inpatientNo],
    ['门诊号', v('outpatientNo')],
  ] as const) {
    if (value && !/^[A-Za-z0-9._-]{1,64}$/.test(value))
      problem('identifier_chars', { label, value });
  }
  let sexCode = SEX[v('sex').toLowerCase()] ?? (v('sex') ? undefined : '0');
  if (sexCode === undefined) problem('sex_unknown', { value: v('sex') });

  const birthRaw = v('birthDate');
  let birthDate: string | null = null;
  if (birthRaw) {
    const b = parseDateTime(birthRaw);
    if (b === 'invalid') problem('birth_date_invalid', { value: birthRaw });
    else if (b) birthDate = hospitalDay(b).date;
  }
  if (idNumber) {
    const info = parseIdNumber(idNumber);
    if ('error' in info) {
      problem(info.code);
      idNumber = null;
    } else {
      if (birthDate && birthDate !== info.birthDate)
        problem('birth_date_mismatch', { value: birthDate, expected: info.birthDate });
      if (sexCode && ['1', '2'].includes(sexCode) && sexCode !== info.sexCode) problem('sex_mismatch');
      birthDate ??= info.birthDate;
      if (sexCode === '0') sexCode = info.sexCode;
    }
  }
  if (!hisId && !inpatientNo && !idNumber) problem('no_patient_key');

  const phone = v('phone').replace(/[\s-]/g, '') || null;
  if (phone && !PHONE_PATTERN.test(phone)) problem('phone_invalid', { value: phone });

  let contact: ImportRecord['contact'] = null;
  if (v('contactName')) {
    const cp = v('contactPhone').replace(/[\s-]/g, '') || null;
    if (cp && !PHONE_PATTERN.test(cp)) problem('contact_phone_invalid', { value: cp });
    contact = {
      name: v('contactName'),
      relation: RELATIONS[v('contactRelation')] ?? (v('contactRelation') ? 'other' : 'other_relative'),
      phone: cp,
    };
  }

  let encounter: ImportRecord['encounter'] = null;
  const deptRaw = v('department');
  const admittedRaw = v('admittedAt');
  if (deptRaw || admittedRaw || v('visitNumber')) {
    const dept = deptRaw ? departments.find((d) => d.code === deptRaw.toUpperCase() || d.name === deptRaw) : undefined;
    if (deptRaw && !dept) problem('department_unknown', { value: deptRaw });
    const wardRaw = v('ward');
    const ward = wardRaw && dept ? dept.wards.find((w) => w.code === wardRaw.toUpperCase() || w.name === wardRaw) : undefined;
    if (wardRaw && dept && !ward) problem('ward_unknown', { value: wardRaw, department: dept.name });
    const admittedAt = parseDateTime(admittedRaw);
    const dischargedAt = parseDateTime(v('dischargedAt'));
    if (admittedAt === 'invalid') problem('admitted_invalid', { value: admittedRaw });
    if (dischargedAt === 'invalid') problem('discharged_invalid', { value: v('dischargedAt') });
    if (admittedAt instanceof Date && dischargedAt instanceof Date && dischargedAt < admittedAt)
      problem('discharge_before_admission');
    const typeRaw = v('encounterType');
    const type = typeRaw ? TYPES[typeRaw.toLowerCase()] : inpatientNo || dischargedAt ? 'inpatient' : 'outpatient';
    if (!type) problem('encounter_type_unknown', { value: typeRaw });
    const code = v('diagnosisCode').toUpperCase();
    if (code && !/^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/.test(code)) problem('diagnosis_code_invalid', { value: code });
    // Without a visit number, the patient key + admission time identify the encounter, so a re-import matches it.
    const visitNumber =
      v('visitNumber') || (admittedAt instanceof Date ? `${inpatientNo ?? hisId ?? idNumber}@${admittedAt.toISOString()}` : null);
    encounter = {
      type: type ?? 'inpatient',
      departmentId: dept?.id ?? null,
      wardId: ward?.id ?? null,
      visitNumber,
      admittedAt: admittedAt instanceof Date ? admittedAt : null,
      dischargedAt: dischargedAt instanceof Date ? dischargedAt : null,
      attendingDoctor: v('attendingDoctor') || null,
      diagnosis: code ? { code, name: v('diagnosisName') || code } : null,
    };
    if (!visitNumber && !admittedRaw) problem('encounter_key_missing');
  }
  if (errors.length) return { errors };
  return {
    hisId,
    inpatientNo,
    outpatientNo: v('outpatientNo') || null,
    name,
    sexCode: sexCode ?? '0',
    birthDate,
    idNumber,
    phone,
    address: v('address') || null,
    contact,
    encounter,
  };
}
