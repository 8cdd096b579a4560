/**
 * PV1 → encounter (keyed by the source's code and PV1-19), and DG1 / PR1 / OBX → the encounter's
 * diagnoses, procedures and lab results. Re-applying a message writes nothing: every write compares
 * first (`IS DISTINCT FROM`, or the set of rows already held).
 */
import { Hl7ErrorCode, type Hl7Segment } from '../parser';
import type { ApplyContext } from './apply-context';
import { Hl7ApplyError } from './contract';
import { fieldValue, fit, mapPatientClass, normaliseDisposition, parseTimestamp, personName, timestampField } from './values';

export interface EncounterRow {
  id: string;
  patient_id: string;
  type: string;
  department_id: string | null;
  ward_id: string | null;
  attending_doctor: string | null;
  admitted_at: Date | null;
  discharged_at: Date | null;
  discharge_disposition: string | null;
  visit_number: string;
  cancelled_at: Date | null;
}

const COLUMNS = `id, patient_id, type, department_id, ward_id, attending_doctor, admitted_at, discharged_at, discharge_disposition, visit_number, cancelled_at`;

/** PV1-19.1, the visit number (our encounter key together with the source). */
export function visitNumber(pv1: Hl7Segment | undefined): string | undefined {
  const v = pv1?.value(19).trim();
  return v && v !== '""' ? fit(v, 64) : undefined;
}

export function requireVisitNumber(pv1: Hl7Segment | undefined): string {
  const v = visitNumber(pv1);
  if (!v) throw new Hl7ApplyError(Hl7ErrorCode.RequiredFieldMissing, 'PV1-19 visit number missing', { segment: 'PV1', field: 19 });
  return v;
}

export async function findEncounter(ctx: ApplyContext, visit: string): Promise<EncounterRow | undefined> {
  const rows: EncounterRow[] = await ctx.m.query(
    `SELECT ${COLUMNS} FROM encounter WHERE source_system = $1 AND visit_number = $2 FOR UPDATE`,
    [ctx.source.code, visit],
  );
  return rows[0];
}

/** The encounter of an A02/A11/A13: must exist (0357 code 204 otherwise: stored, fixed by replay after the admission). */
export async function requireEncounter(ctx: ApplyContext, pv1: Hl7Segment | undefined): Promise<EncounterRow> {
  const visit = requireVisitNumber(pv1);
  const e = await findEncounter(ctx, visit);
  if (!e) throw new Hl7ApplyError(Hl7ErrorCode.UnknownKeyIdentifier, `unknown visit ${visit}`, { segment: 'PV1', field: 19 });
  return e;
}

interface Placement {
  departmentId?: string;
  wardId?: string;
}

/**
 * Department and ward of a PV1: PV1-10 (hospital service) is the department; PV1-3.1 (point of care)
 * is a ward when it names one (its department is used when PV1-10 is empty), else, without PV1-10,
 * a department code. A department code that maps to nothing is a content error (103).
 */
async function placement(ctx: ApplyContext, pv1: Hl7Segment): Promise<Placement> {
  const out: Placement = {};
  const service = fieldValue(pv1, 10);
  const point = fieldValue(pv1, 3);
  const ward = point.kind === 'value' ? await ctx.ward(point.value) : undefined;
  if (ward) out.wardId = ward.id;
  if (service.kind === 'value') out.departmentId = (await ctx.requireDepartment(service.value, { segment: 'PV1', field: 10 })).id;
  else if (ward) out.departmentId = ward.department_id;
  else if (point.kind === 'value')
    out.departmentId = (await ctx.requireDepartment(point.value, { segment: 'PV1', field: 3, component: 1 })).id;
  return out;
}

/** The attending doctor's name (PV1-7 XCN: id, family, given, middle). */
function doctor(pv1: Hl7Segment, field = 7): string | null | undefined {
  const raw = pv1.field(field);
  if (raw === undefined || raw === '') return undefined;
  if (raw === '""') return null;
  const c = pv1.components(field, 1);
  const name = personName(c[1] ?? '', c[2] ?? '', c[3] ?? '') || c[0] || '';
  return name ? fit(name, 100) : undefined;
}

export interface EncounterOptions {
  /** A03: discharge time (PV1-45, else the event time) and disposition (PV1-36). */
  discharge?: boolean;
}

/**
 * Creates or updates the encounter of a PV1 for the patient. Fields left empty keep our value; on
 * creation PV1-2 is required. Returns the row as it is now and whether it was created.
 */
export async function upsertEncounter(
  ctx: ApplyContext,
  patientId: string,
  pv1: Hl7Segment,
  opts: EncounterOptions = {},
): Promise<{ row: EncounterRow; created: boolean; visit: string }> {
  const visit = requireVisitNumber(pv1);
  const cls = fieldValue(pv1, 2);
  let type: string | undefined;
  if (cls.kind === 'value') {
    type = mapPatientClass(cls.value, ctx.source.mapping);
    if (!type)
      throw new Hl7ApplyError(Hl7ErrorCode.TableValueNotFound, `unknown patient class "${cls.value.slice(0, 20)}"`, {
        segment: 'PV1',
        field: 2,
      });
  }
  const place = await placement(ctx, pv1);
  const attending = doctor(pv1);
  const admit = timestampField(pv1, 'PV1', 44);
  let dischargedAt: Date | undefined;
  let disposition: string | null | undefined;
  if (opts.discharge) {
    const dis = timestampField(pv1, 'PV1', 45);
    dischargedAt = dis.date ?? ctx.eventTime();
    const d = fieldValue(pv1, 36);
    disposition = d.kind === 'value' ? normaliseDisposition(d.value) : d.kind === 'null' ? null : undefined;
  }

  const existing = await findEncounter(ctx, visit);
  if (!existing) {
    if (!type) throw new Hl7ApplyError(Hl7ErrorCode.RequiredFieldMissing, 'PV1-2 patient class missing', { segment: 'PV1', field: 2 });
    const [row]: EncounterRow[] = await ctx.m.query(
      `INSERT INTO encounter (patient_id, type, department_id, ward_id, attending_doctor, admitted_at, discharged_at, discharge_disposition, visit_number, source_system)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        patientId,
        type,
        place.departmentId ?? null,
        place.wardId ?? null,
        attending ?? null,
        admit.date ?? null,
        dischargedAt ?? null,
        disposition ?? null,
        visit,
        ctx.source.code,
      ],
    );
    ctx.changed = true;
    return { row, created: true, visit };
  }
  if (existing.patient_id !== patientId)
    ctx.warn(`visit ${visit} belongs to another patient record; the visit was updated where it is (review the two records)`);
  const set: Array<[string, unknown, string]> = [];
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  if (type && type !== existing.type) set.push(['type', type, 'text']);
  if (place.departmentId && place.departmentId !== existing.department_id) set.push(['department_id', place.departmentId, 'uuid']);
  if (place.wardId && place.wardId !== existing.ward_id) set.push(['ward_id', place.wardId, 'uuid']);
  if (attending !== undefined && attending !== existing.attending_doctor) set.push(['attending_doctor', attending, 'text']);
  if (admit.kind === 'value' && !same(admit.date ?? null, existing.admitted_at)) set.push(['admitted_at', admit.date, 'timestamptz']);
  if (dischargedAt && !same(dischargedAt, existing.discharged_at)) set.push(['discharged_at', dischargedAt, 'timestamptz']);
  if (disposition !== undefined && disposition !== existing.discharge_disposition) set.push(['discharge_disposition', disposition, 'text']);
  if (!set.length) return { row: existing, created: false, visit };
  const [row]: [EncounterRow[], number] = await ctx.m.query(
    `UPDATE encounter SET ${set.map((s, i) => `${s[0]} = $${i + 2}::${s[2]}`).join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    [existing.id, ...set.map((s) => s[1])],
  );
  ctx.changed = true;
  return { row: row[0], created: false, visit };
}

/** '心内科 / 心内科二病区' for summaries. */
export async function placeLabel(ctx: ApplyContext, e: EncounterRow): Promise<string> {
  const d = await ctx.departmentById(e.department_id);
  const w = await ctx.wardById(e.ward_id);
  return [d?.name, w?.name].filter(Boolean).join(' / ') || 'no department';
}

// ---- DG1, PR1, OBX ---------------------------------------------------------------------------------

/** DG1-6 diagnosis type → ours. */
const DIAGNOSIS_TYPES: Record<string, string> = { A: 'admitting', W: 'working', F: 'discharge' };

/** Replaces rows of `table` selected by `scope` with `wanted` when they differ (compared as sorted JSON). */
async function replaceRows(
  ctx: ApplyContext,
  table: string,
  columns: string[],
  casts: string[],
  scope: { where: string; params: unknown[] },
  wanted: unknown[][],
): Promise<boolean> {
  const key = (r: unknown[]) => JSON.stringify(r.map((v) => (v instanceof Date ? v.toISOString() : (v ?? null))));
  const current: Array<Record<string, unknown>> = await ctx.m.query(
    `SELECT ${columns.join(', ')} FROM ${table} WHERE ${scope.where}`,
    scope.params,
  );
  const have = current.map((r) => key(columns.map((c) => r[c]))).sort();
  const want = [...new Set(wanted.map(key))].sort();
  if (have.length === want.length && have.every((h, i) => h === want[i])) return false;
  await ctx.m.query(`DELETE FROM ${table} WHERE ${scope.where}`, scope.params);
  const rows = want.map((w) => JSON.parse(w) as unknown[]);
  if (rows.length)
    await ctx.m.query(
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${casts.map((c, i) => `$${i + 1}::${c}[]`).join(', ')})`,
      columns.map((_, i) => rows.map((r) => r[i])),
    );
  ctx.changed = true;
  return true;
}

/**
 * DG1 → encounter_diagnosis, replacing the encounter's diagnoses of the types the message carries
 * (an A03's final diagnoses replace the discharge diagnoses and keep the A01's admitting ones).
 */
export async function applyDiagnoses(ctx: ApplyContext, encounterId: string): Promise<number> {
  const segs = ctx.message.segments('DG1');
  if (!segs.length) return 0;
  const rows: unknown[][] = [];
  for (const s of segs) {
    const code = s.value(3, 1, 1).trim();
    if (!code) continue;
    const text = s.value(3, 1, 2).trim() || s.value(4).trim() || code;
    const t = s.value(6).trim().toUpperCase();
    rows.push([encounterId, fit(code, 16), fit(text, 200), DIAGNOSIS_TYPES[t] ?? (t ? fit(t.toLowerCase(), 16) : 'other')]);
  }
  const types = [...new Set(rows.map((r) => r[3] as string))];
  const changed = await replaceRows(
    ctx,
    'encounter_diagnosis',
    ['encounter_id', 'icd10_code', 'text', 'type'],
    ['uuid', 'text', 'text', 'text'],
    { where: `encounter_id = $1 AND type = ANY($2::text[])`, params: [encounterId, types] },
    rows,
  );
  return changed ? rows.length : 0;
}

/** PR1 → encounter_procedure (code and name PR1-3, time PR1-5, surgeon PR1-12 or PR1-11); the message's list replaces ours. */
export async function applyProcedures(ctx: ApplyContext, encounterId: string): Promise<number> {
  const segs = ctx.message.segments('PR1');
  if (!segs.length) return 0;
  const rows: unknown[][] = [];
  for (const s of segs) {
    const code = s.value(3, 1, 1).trim();
    const name = s.value(3, 1, 2).trim() || s.value(4).trim() || code;
    if (!name) continue;
    const at = s.value(5).trim();
    const performedAt = at ? parseTimestamp(at) : null;
    if (at && !performedAt)
      throw new Hl7ApplyError(Hl7ErrorCode.DataTypeError, `PR1-5 is not a valid HL7 timestamp: "${at.slice(0, 40)}"`, {
        segment: 'PR1',
        field: 5,
      });
    const surgeon = (doctor(s, 12) ?? doctor(s, 11)) || null;
    rows.push([encounterId, code ? fit(code, 16) : null, fit(name, 200), performedAt, surgeon]);
  }
  const changed = await replaceRows(
    ctx,
    'encounter_procedure',
    ['encounter_id', 'code', 'name', 'performed_at', 'surgeon'],
    ['uuid', 'text', 'text', 'timestamptz', 'text'],
    { where: `encounter_id = $1`, params: [encounterId] },
    rows,
  );
  return changed ? rows.length : 0;
}

/**
 * OBX → lab_result: code/name OBX-3, value OBX-5, unit OBX-6, range OBX-7, flag OBX-8, time OBX-14
 * (else OBR-7, else the event time). Results are keyed by (encounter, code, time): a re-sent result
 * replaces the one held.
 */
export async function applyObservations(ctx: ApplyContext, patientId: string, encounterId: string): Promise<number> {
  const segs = ctx.message.segments('OBX');
  if (!segs.length) return 0;
  const fallback = parseTimestamp(ctx.message.get('OBR-7')) ?? ctx.eventTime();
  const rows: unknown[][] = [];
  for (const s of segs) {
    const code = s.value(3, 1, 1).trim();
    const value = s.value(5).trim();
    if (!code || !value || value === '""') continue;
    const at = s.value(14).trim();
    const observedAt = at ? parseTimestamp(at) : fallback;
    if (!observedAt)
      throw new Hl7ApplyError(Hl7ErrorCode.DataTypeError, `OBX-14 is not a valid HL7 timestamp: "${at.slice(0, 40)}"`, {
        segment: 'OBX',
        field: 14,
      });
    rows.push([
      patientId,
      encounterId,
      fit(code, 32),
      fit(s.value(3, 1, 2).trim() || code, 100),
      fit(value, 64),
      fit(s.value(6).trim(), 32) || null,
      fit(s.value(7).trim(), 64) || null,
      fit(s.value(8).trim(), 4) || null,
      observedAt,
    ]);
  }
  if (!rows.length) return 0;
  const changed = await replaceRows(
    ctx,
    'lab_result',
    ['patient_id', 'encounter_id', 'code', 'name', 'value', 'unit', 'reference_range', 'abnormal_flag', 'observed_at'],
    ['uuid', 'uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz'],
    {
      where: `encounter_id = $1 AND (code, observed_at) IN (SELECT * FROM unnest($2::text[], $3::timestamptz[]))`,
      params: [encounterId, rows.map((r) => r[2]), rows.map((r) => r[8])],
    },
    rows,
  );
  return changed ? rows.length : 0;
}
