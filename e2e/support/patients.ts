import ExcelJS from 'exceljs';
import { encode } from 'iconv-lite';
import { pinyin } from 'pinyin-pro';
import { apiCall, apiLogin } from './api';

/** The parts of a patient list item / record the browser tests look at. */
export interface PatientItem {
  id: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  lastVisit: { departmentId: string | null; departmentName: string | null } | null;
}

export interface PatientRecord extends PatientItem {
  sexCode: string;
  birthDate: string | null;
  mergedIntoId: string | null;
  phones: Array<{ id: string; number: string }>;
  identifiers: Array<{ id: string; type: string; value: string; authority: string }>;
  encounters: Array<{ id: string }>;
}

interface Page<T> {
  items: T[];
  total: number;
}

async function ok<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await apiCall<T>(method, path, token, body);
  if (res.status >= 300) {
    throw new Error(`[e2e] ${method} /api${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

/** Pinyin initials of a name as the search understands them (张三 → ZS; the first character as a surname). */
export function pinyinInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' }).join('').toUpperCase();
}

/** What a nurse searches for: a patient from her own list, with phone tail, initials and 住院号. */
export interface SearchSample {
  patient: PatientItem;
  initials: string;
  phoneTail: string;
  inpatientNo: string;
}

/**
 * A patient from the nurse's own first page of results (so in her departments) that has a phone and
 * a 住院号; the 住院号 comes from the record as an administrator sees it.
 */
export async function nurseSearchSample(): Promise<SearchSample> {
  const nurse = await apiLogin('nurse');
  const admin = await apiLogin('admin');
  const page = await ok<Page<PatientItem>>('GET', '/patients?pageSize=50', nurse);
  for (const patient of page.items) {
    if (!patient.phone || !/^[\u4e00-\u9fa5]{2,3}$/.test(patient.name)) continue;
    const record = await ok<PatientRecord>('GET', `/patients/${patient.id}`, admin);
    const inpatientNo = record.identifiers.find((i) => i.type === 'inpatient_no')?.value;
    if (inpatientNo) {
      return { patient, initials: pinyinInitials(patient.name), phoneTail: patient.phone.slice(-4), inpatientNo };
    }
  }
  throw new Error('[e2e] the nurse sees no patient with a phone and a 住院号 (is the demo seed loaded?)');
}

/**
 * A patient with encounters only in the department `code` (e.g. ORTH, 骨科): outside the nurse's
 * departments, so the API answers her 404.
 */
export async function patientOutsideNurseScope(code: string): Promise<PatientItem> {
  const admin = await apiLogin('admin');
  const nurse = await apiLogin('nurse');
  const departments = await ok<Array<{ id: string; code: string }>>('GET', '/departments', admin);
  const department = departments.find((d) => d.code === code);
  if (!department) throw new Error(`[e2e] no department ${code}`);
  const page = await ok<Page<PatientItem>>('GET', `/patients?departmentId=${department.id}&pageSize=100`, admin);
  for (const patient of page.items) {
    if ((await apiCall('GET', `/patients/${patient.id}`, nurse)).status === 404) return patient;
  }
  throw new Error(`[e2e] every ${code} patient is also in the nurse's departments`);
}

/** Registers a patient through the API as `username` (answers the new id). */
export async function createPatient(username: string, body: Record<string, unknown>): Promise<string> {
  const token = await apiLogin(username);
  return (await ok<{ id: string }>('POST', '/patients', token, body)).id;
}

export async function patientRecord(id: string, username = 'admin'): Promise<PatientRecord> {
  return ok<PatientRecord>('GET', `/patients/${id}`, await apiLogin(username));
}

/** A CSV file as an HIS would export it: GB18030-encoded, CRLF line ends. */
/** An .xlsx workbook with one sheet holding the rows (first row the header), as HIS views export them. */
export async function xlsxFile(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('出院患者');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function gb18030Csv(rows: string[][]): Buffer {
  return encode(rows.map((row) => row.join(',')).join('\r\n') + '\r\n', 'gb18030');
}
