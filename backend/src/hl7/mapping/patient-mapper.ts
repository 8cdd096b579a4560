/**
 * PID → patient: identification by PID-3 (type + authority) or resident ID number, creation, and
 * updates with HL7 semantics (an empty field leaves our value, `""` clears it).
 */
import { Hl7ErrorCode, type Hl7Segment } from '../parser';
import { isValidIdNumber, parseIdNumber, PHONE_PATTERN } from '../../patients/identity';
import { namePinyin } from '../../patients/pinyin';
import type { ApplyContext } from './apply-context';
import { Hl7ApplyError, type Hl7SourceConfig } from './contract';
import { fieldValue, fit, mapIdentifierType, mapSex, parseDate, personName, type FieldValue } from './values';

export interface IdentifierKey {
  type: string;
  authority: string;
  value: string;
}

export interface PersonIdentity {
  /** Identifiers stored in patient_identifier (everything but the resident ID number). */
  ids: IdentifierKey[];
  /** Resident ID number when one was sent with a valid check character. */
  idNumber: string | null;
  /** Set when an ID number was sent but is not valid (kept out, reported as a warning). */
  invalidIdNumber: boolean;
}

/** Identifiers of a CX field (PID-3, MRG-1): value .1, authority .4.1 (else the source code), type .5 mapped. */
export function readIdentifiers(seg: Hl7Segment, field: number, source: Hl7SourceConfig): PersonIdentity {
  const out: PersonIdentity = { ids: [], idNumber: null, invalidIdNumber: false };
  const reps = seg.repetitions(field).length;
  for (let r = 1; r <= reps; r++) {
    const value = seg.value(field, r, 1).trim();
    if (!value || value === '""') continue;
    const type = mapIdentifierType(seg.value(field, r, 5).trim(), source.mapping);
    const authority = fit(seg.value(field, r, 4, 1).trim() || source.code, 64);
    if (type === 'id_number') {
      if (isValidIdNumber(value)) out.idNumber ??= value.toUpperCase();
      else out.invalidIdNumber = true;
      continue;
    }
    const key = { type, authority, value: fit(value, 64) };
    if (!out.ids.some((k) => k.type === key.type && k.authority === key.authority && k.value === key.value)) out.ids.push(key);
  }
  return out;
}

/** PID-3 identity; PID-19 (SSN, where Chinese HIS often repeat the ID number) is a fallback for the ID number. */
export function pidIdentity(pid: Hl7Segment, source: Hl7SourceConfig): PersonIdentity {
  const identity = readIdentifiers(pid, 3, source);
  if (!identity.idNumber) {
    const ssn = pid.value(19).trim();
    if (ssn && isValidIdNumber(ssn)) identity.idNumber = ssn.toUpperCase();
  }
  return identity;
}

/** Follows merges to the surviving record (a message may still name a merged record's identifier). */
async function survivor(ctx: ApplyContext, id: string): Promise<string> {
  for (let i = 0; i < 10; i++) {
    const [row]: Array<{ merged_into_id: string | null }> = await ctx.m.query(`SELECT merged_into_id FROM patient WHERE id = $1`, [id]);
    if (!row?.merged_into_id) return id;
    id = row.merged_into_id;
  }
  return id;
}

/** The patient holding any of the identifiers (in the order sent), following merges; else undefined. */
export async function findByIdentifiers(ctx: ApplyContext, ids: IdentifierKey[], follow = true): Promise<string | undefined> {
  if (!ids.length) return undefined;
  const rows: Array<{ patient_id: string; n: number }> = await ctx.m.query(
    `SELECT i.patient_id, x.n FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS x(t, a, v, n)
       JOIN patient_identifier i ON i.type = x.t AND i.authority = x.a AND i.value = x.v
      ORDER BY x.n LIMIT 1`,
    [ids.map((i) => i.type), ids.map((i) => i.authority), ids.map((i) => i.value)],
  );
  if (!rows.length) return undefined;
  return follow ? survivor(ctx, rows[0].patient_id) : rows[0].patient_id;
}

export async function findPatient(ctx: ApplyContext, identity: PersonIdentity): Promise<string | undefined> {
  const byId = await findByIdentifiers(ctx, identity.ids);
  if (byId) return byId;
  if (!identity.idNumber) return undefined;
  const rows: Array<{ id: string }> = await ctx.m.query(
    `SELECT id FROM patient WHERE id_number = $1 AND merged_into_id IS NULL ORDER BY created_at, id LIMIT 1`,
    [identity.idNumber],
  );
  return rows[0]?.id;
}

interface PatientRow {
  id: string;
  name: string;
  sex_code: string;
  birth_date: string | null;
  id_number: string | null;
  address: string | null;
  region_code: string | null;
  status: string;
  deceased_date: string | null;
}

/** Name from PID-5: the legal-name repetition (type L) or the first one; pinyin repetitions (type A) are not names. */
function readName(pid: Hl7Segment): FieldValue {
  const raw = pid.field(5);
  if (raw === undefined || raw === '') return { kind: 'absent' };
  if (raw === '""') return { kind: 'null' };
  const reps = pid.repetitions(5).length;
  let chosen = 1;
  for (let r = 1; r <= reps; r++) {
    if (pid.value(5, r, 7).toUpperCase() === 'L') {
      chosen = r;
      break;
    }
  }
  const c = pid.components(5, chosen);
  const name = personName(c[0] ?? '', c[1] ?? '', c[2] ?? '');
  return name ? { kind: 'value', value: fit(name, 100) } : { kind: 'absent' };
}

/** PID-11 (first repetition) as one line, Chinese order for Chinese addresses; region code from .9 or .8 (6 digits). */
function readAddress(pid: Hl7Segment): { address: FieldValue; region: string | null } {
  const raw = pid.field(11);
  if (raw === undefined || raw === '') return { address: { kind: 'absent' }, region: null };
  if (raw === '""') return { address: { kind: 'null' }, region: null };
  const [street = '', other = '', city = '', state = '', zip = '', , , geo = '', county = ''] = pid.components(11, 1);
  const chinese = /[\u3400-\u9fff]/.test(street + city + state);
  const text = chinese
    ? [state, city !== state ? city : '', street, other].join('')
    : [street, other, city, state !== city ? state : '', zip].filter(Boolean).join(', ');
  const region = [county, geo].find((x) => /^\d{6}$/.test(x)) ?? null;
  return { address: text.trim() ? { kind: 'value', value: fit(text.trim(), 300) } : { kind: 'absent' }, region };
}

interface Contacts {
  /** Absent: neither PID-13 nor PID-14 sent; otherwise the self phones the patient now has. */
  phones: { kind: 'absent' } | { kind: 'list'; numbers: string[] };
  emails: string[];
  invalid: number;
}

/** PID-13 (home) and PID-14 (business) XTN repetitions: the number is .12 (unformatted) or .1; e-mail in .4. */
function readContacts(pid: Hl7Segment): Contacts {
  const out: Contacts = { phones: { kind: 'absent' }, emails: [], invalid: 0 };
  const numbers: string[] = [];
  let sent = false;
  for (const field of [13, 14]) {
    const raw = pid.field(field);
    if (raw === undefined || raw === '') continue;
    sent = true;
    if (raw === '""') continue;
    const reps = pid.repetitions(field).length;
    for (let r = 1; r <= reps; r++) {
      const equipment = pid.value(field, r, 3).toUpperCase();
      const email = pid.value(field, r, 4).trim();
      if (equipment === 'INTERNET' || equipment === 'X.400' || (email && !pid.value(field, r, 1))) {
        if (/^[^@\s]+@[^@\s]+$/.test(email) && !out.emails.includes(email)) out.emails.push(fit(email, 200));
        continue;
      }
      const number = (pid.value(field, r, 12) || pid.value(field, r, 1)).replace(/[\s()]/g, '');
      if (!number || number === '""') continue;
      if (PHONE_PATTERN.test(number)) {
        if (!numbers.includes(number)) numbers.push(number);
      } else out.invalid++;
    }
  }
  if (sent) out.phones = { kind: 'list', numbers };
  return out;
}

export interface PatientResult {
  id: string;
  name: string;
  created: boolean;
}

/**
 * Finds the patient of a PID segment and applies its demographics; creates the patient when unknown
 * (the HIS is the source of truth). `pidPath` names the segment for error locations (PID, or PID[2] in an A40).
 */
export async function upsertPatient(
  ctx: ApplyContext,
  pid: Hl7Segment | undefined,
  sequence = 1,
  phones: 'replace' | 'add' = 'replace',
): Promise<PatientResult> {
  if (!pid) throw new Hl7ApplyError(Hl7ErrorCode.SegmentSequenceError, 'PID segment missing', { segment: 'PID', sequence });
  const loc = (field: number) => ({ segment: 'PID', sequence, field });
  const identity = pidIdentity(pid, ctx.source);
  if (identity.invalidIdNumber) ctx.warn('a resident ID number with a wrong check character was ignored');
  if (!identity.ids.length && !identity.idNumber)
    throw new Hl7ApplyError(Hl7ErrorCode.RequiredFieldMissing, 'PID-3 has no usable patient identifier', loc(3));

  const name = readName(pid);
  if (name.kind === 'null') ctx.warn('PID-5 explicit null ignored (a patient keeps a name)');
  const birth = fieldValue(pid, 7);
  let birthDate: string | null | undefined;
  if (birth.kind === 'value') {
    birthDate = parseDate(birth.value);
    if (!birthDate || birthDate > new Date().toISOString().slice(0, 10))
      throw new Hl7ApplyError(Hl7ErrorCode.DataTypeError, `PID-7 is not a valid birth date: "${birth.value.slice(0, 40)}"`, loc(7));
  } else if (birth.kind === 'null') birthDate = null;
  const sexField = fieldValue(pid, 8);
  let sexCode: string | undefined;
  if (sexField.kind === 'value') {
    sexCode = mapSex(sexField.value, ctx.source.mapping);
    if (!sexCode) throw new Hl7ApplyError(Hl7ErrorCode.TableValueNotFound, `unknown sex code "${sexField.value.slice(0, 20)}"`, loc(8));
  } else if (sexField.kind === 'null') sexCode = '0';
  const { address, region } = readAddress(pid);
  const contacts = readContacts(pid);
  if (contacts.invalid) ctx.warn(`${contacts.invalid} phone number(s) not stored (not a valid number)`);
  const death = readDeath(pid, sequence);

  const found = await findPatient(ctx, identity);
  let row: PatientRow;
  let created = false;
  if (!found) {
    if (name.kind !== 'value') throw new Hl7ApplyError(Hl7ErrorCode.RequiredFieldMissing, 'PID-5 patient name missing', loc(5));
    const info = identity.idNumber ? parseIdNumber(identity.idNumber) : undefined;
    const fromId = info && !('error' in info) ? info : undefined;
    const py = namePinyin(name.value);
    const [inserted]: PatientRow[] = await ctx.m.query(
      `INSERT INTO patient (name, name_pinyin, pinyin_initials, sex_code, birth_date, id_number, address, region_code, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active')
       RETURNING id, name, sex_code, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, id_number, address, region_code, status,
                 to_char(deceased_date, 'YYYY-MM-DD') AS deceased_date`,
      [
        name.value,
        py.full,
        py.initials,
        sexCode && sexCode !== '0' ? sexCode : (fromId?.sexCode ?? sexCode ?? '0'),
        birthDate ?? fromId?.birthDate ?? null,
        identity.idNumber,
        address.kind === 'value' ? address.value : null,
        region ?? fromId?.regionCode ?? null,
      ],
    );
    row = inserted;
    created = true;
    ctx.changed = true;
  } else {
    const [current]: PatientRow[] = await ctx.m.query(
      `SELECT id, name, sex_code, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, id_number, address, region_code, status,
              to_char(deceased_date, 'YYYY-MM-DD') AS deceased_date
         FROM patient WHERE id = $1 FOR UPDATE`,
      [found],
    );
    row = current;
    const set: Array<[column: string, value: unknown, cast: string]> = [];
    if (name.kind === 'value' && name.value !== row.name) {
      const py = namePinyin(name.value);
      set.push(['name', name.value, 'text'], ['name_pinyin', py.full, 'text'], ['pinyin_initials', py.initials, 'text']);
    }
    if (sexCode !== undefined && sexCode !== row.sex_code) set.push(['sex_code', sexCode, 'text']);
    if (birthDate !== undefined && birthDate !== row.birth_date) set.push(['birth_date', birthDate, 'date']);
    if (identity.idNumber && identity.idNumber !== row.id_number) set.push(['id_number', identity.idNumber, 'text']);
    if (address.kind !== 'absent') {
      const a = address.kind === 'value' ? address.value : null;
      if (a !== row.address) set.push(['address', a, 'text']);
      const r = address.kind === 'value' ? (region ?? row.region_code) : null;
      if (r !== row.region_code) set.push(['region_code', r, 'text']);
    }
    if (set.length) {
      await ctx.m.query(
        `UPDATE patient SET ${set.map((s, i) => `${s[0]} = $${i + 2}::${s[2]}`).join(', ')}, updated_at = now() WHERE id = $1`,
        [row.id, ...set.map((s) => s[1])],
      );
      ctx.changed = true;
      ctx.note(
        `updated ${set
          .filter((s) => !s[0].startsWith('name_') && s[0] !== 'pinyin_initials')
          .map((s) => s[0].replace('_', ' '))
          .join(', ')}`,
      );
      if (name.kind === 'value') row.name = name.value;
    }
  }
  await addIdentifiers(ctx, row.id, identity.ids);
  await applyContacts(ctx, row.id, contacts, phones, created);
  await applyDeath(ctx, row, death);
  return { id: row.id, name: row.name, created };
}

async function addIdentifiers(ctx: ApplyContext, patientId: string, ids: IdentifierKey[]): Promise<void> {
  if (!ids.length) return;
  const inserted: Array<{ id: string }> = await ctx.m.query(
    `INSERT INTO patient_identifier (patient_id, type, authority, value)
     SELECT $1, x.t, x.a, x.v FROM unnest($2::text[], $3::text[], $4::text[]) AS x(t, a, v)
     ON CONFLICT (type, authority, value) DO NOTHING RETURNING id`,
    [patientId, ids.map((i) => i.type), ids.map((i) => i.authority), ids.map((i) => i.value)],
  );
  if (inserted.length) ctx.changed = true;
  const [{ others }]: Array<{ others: string }> = await ctx.m.query(
    `SELECT count(*) AS others FROM patient_identifier i JOIN patient p ON p.id = i.patient_id
      WHERE (i.type, i.authority, i.value) IN (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]))
        AND i.patient_id <> $1 AND p.merged_into_id IS DISTINCT FROM $1`,
    [patientId, ids.map((i) => i.type), ids.map((i) => i.authority), ids.map((i) => i.value)],
  );
  if (Number(others)) ctx.warn(`${others} identifier(s) belong to another record (possible duplicate: review and merge)`);
}

/**
 * PID-13/14 are the patient's own numbers as the HIS holds them: numbers not sent any more are
 * removed from the patient's own phones (contact persons' phones are not touched), new ones added;
 * the first number is primary. `""` in both fields clears them. E-mail addresses are added.
 */
async function applyContacts(ctx: ApplyContext, patientId: string, c: Contacts, mode: 'replace' | 'add', created: boolean): Promise<void> {
  if (c.phones.kind === 'list') {
    const numbers = c.phones.numbers;
    const current: Array<{ id: string; number: string; is_primary: boolean }> = await ctx.m.query(
      `SELECT id, number, is_primary FROM patient_phone WHERE patient_id = $1 AND owner = 'self' ORDER BY is_primary DESC, id`,
      [patientId],
    );
    const gone = mode === 'replace' ? current.filter((p) => !numbers.includes(p.number)) : [];
    const added = numbers.filter((n) => !current.some((p) => p.number === n));
    if (gone.length) await ctx.m.query(`DELETE FROM patient_phone WHERE id = ANY($1::uuid[])`, [gone.map((p) => p.id)]);
    if (added.length)
      await ctx.m.query(
        `INSERT INTO patient_phone (patient_id, number, owner, is_primary) SELECT $1, x, 'self', false FROM unnest($2::text[]) AS x`,
        [patientId, added],
      );
    if (numbers.length && (mode === 'replace' || !current.some((p) => p.is_primary))) {
      const res: [unknown[], number] = await ctx.m.query(
        `UPDATE patient_phone SET is_primary = (number = $2) WHERE patient_id = $1 AND owner = 'self' AND is_primary IS DISTINCT FROM (number = $2)`,
        [patientId, numbers[0]],
      );
      if (res[1]) ctx.changed = true;
    }
    if ((gone.length || added.length) && !created)
      ctx.note(numbers.length ? `phone numbers updated (${numbers.length})` : 'phone numbers cleared');
    else if (gone.length || added.length) ctx.changed = true;
  }
  if (c.emails.length) {
    const res: Array<{ id: string }> = await ctx.m.query(
      `INSERT INTO patient_email (patient_id, address, is_primary)
       SELECT $1, x, NOT EXISTS (SELECT 1 FROM patient_email e WHERE e.patient_id = $1) FROM unnest($2::text[]) AS x
        WHERE NOT EXISTS (SELECT 1 FROM patient_email e WHERE e.patient_id = $1 AND e.address = x) RETURNING id`,
      [patientId, c.emails],
    );
    if (res.length) ctx.note(`e-mail address added`, true);
  }
}

type Death = { kind: 'absent' } | { kind: 'deceased'; date: string | null } | { kind: 'alive' };

/** PID-29 death date/time and PID-30 death indicator (Y/N). */
function readDeath(pid: Hl7Segment, sequence: number): Death {
  const when = fieldValue(pid, 29);
  const flag = fieldValue(pid, 30);
  let date: string | null = null;
  if (when.kind === 'value') {
    date = parseDate(when.value);
    if (!date)
      throw new Hl7ApplyError(Hl7ErrorCode.DataTypeError, `PID-29 is not a valid date/time: "${when.value.slice(0, 40)}"`, {
        segment: 'PID',
        sequence,
        field: 29,
      });
  }
  const indicator = flag.kind === 'value' ? flag.value.toUpperCase() : '';
  if (indicator === 'Y' || (date && indicator !== 'N')) return { kind: 'deceased', date };
  if (indicator === 'N') return { kind: 'alive' };
  return { kind: 'absent' };
}

/**
 * A death reported by the HIS does what a call outcome "deceased" does in the worklist: the patient
 * becomes deceased (status, date) and every open follow-up task is cancelled, which ends all contact
 * (enrolment and the worklist skip deceased patients). PID-30 `N` on a deceased record (a death
 * recorded in error) makes the record active again; cancelled tasks stay cancelled.
 */
async function applyDeath(ctx: ApplyContext, p: PatientRow, death: Death): Promise<void> {
  if (death.kind === 'deceased') {
    const date = death.date ?? p.deceased_date;
    const res: [unknown[], number] = await ctx.m.query(
      `UPDATE patient SET status = 'deceased', deceased_date = COALESCE($2::date, deceased_date, (now() AT TIME ZONE 'Asia/Shanghai')::date), updated_at = now()
        WHERE id = $1 AND (status <> 'deceased' OR ($2::date IS NOT NULL AND deceased_date IS DISTINCT FROM $2::date))`,
      [p.id, date],
    );
    if (res[1]) {
      const tasks: [unknown[], number] = await ctx.m.query(
        `UPDATE followup_task SET status = 'cancelled', cancel_reason = 'patient deceased', claimed_by = NULL
          WHERE patient_id = $1 AND status IN ('pending', 'due', 'overdue', 'in_progress')`,
        [p.id],
      );
      ctx.note(`recorded death${tasks[1] ? ` (${tasks[1]} open follow-up task(s) cancelled)` : ''}`);
    }
  } else if (death.kind === 'alive' && p.status === 'deceased') {
    await ctx.m.query(`UPDATE patient SET status = 'active', deceased_date = NULL, updated_at = now() WHERE id = $1`, [p.id]);
    ctx.note('death indicator withdrawn (record active again)');
  }
}
