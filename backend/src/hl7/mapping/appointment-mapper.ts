/**
 * SIU S12–S15/S26 → appointment, keyed per source by the filler (SCH-2) or placer (SCH-1)
 * appointment id. Every event creates the appointment when it is unknown (messages may arrive out
 * of order) and sets the status the event stands for.
 */
import { Hl7ErrorCode } from '../parser';
import type { ApplyContext } from './apply-context';
import type { AppointmentStatus } from './appointment.entity';
import { Hl7ApplyError } from './contract';
import { fit, personName, timestampField } from './values';

export const SIU_STATUS: Readonly<Record<string, AppointmentStatus>> = {
  S12: 'booked',
  S13: 'rescheduled',
  S14: 'modified',
  S15: 'cancelled',
  S26: 'no_show',
};

const COLUMNS = [
  'placer_appointment_id',
  'filler_appointment_id',
  'start_at',
  'end_at',
  'duration_minutes',
  'department_id',
  'location',
  'doctor',
  'reason',
  'status',
  'last_event',
] as const;
const CASTS = ['text', 'text', 'timestamptz', 'timestamptz', 'int', 'uuid', 'text', 'text', 'text', 'text', 'text'];

function minutes(amount: string, unit: string): number | null {
  const n = Number(amount);
  if (!amount || !Number.isFinite(n) || n < 0) return null;
  const u = unit.toUpperCase();
  const m = Math.round(u.startsWith('H') ? n * 60 : u.startsWith('S') && u !== 'S' ? n / 60 : n);
  // More than a year is not an appointment length (and would not fit the column): treated as not sent.
  return m <= 525_600 ? m : null;
}

export async function applyAppointment(
  ctx: ApplyContext,
  patientId: string,
  trigger: string,
): Promise<{ label: string; created: boolean; changed: boolean }> {
  const msg = ctx.message;
  const sch = msg.segment('SCH');
  if (!sch) throw new Hl7ApplyError(Hl7ErrorCode.SegmentSequenceError, 'SCH segment missing', { segment: 'SCH' });
  const placer = fit(sch.value(1).trim(), 64) || null;
  const filler = fit(sch.value(2).trim(), 64) || null;
  if (!placer && !filler)
    throw new Hl7ApplyError(Hl7ErrorCode.RequiredFieldMissing, 'SCH-1 and SCH-2 appointment ids missing', { segment: 'SCH', field: 2 });

  const ais = msg.segment('AIS');
  const ail = msg.segment('AIL');
  const aip = msg.segment('AIP');
  const start = timestampField(sch, 'SCH', 11, 4).date ?? timestampField(ais, 'AIS', 4).date ?? timestampField(ail, 'AIL', 6).date ?? null;
  let end = timestampField(sch, 'SCH', 11, 5).date ?? null;
  const duration =
    minutes(sch.value(9).trim(), sch.value(10).trim() || 'MIN') ??
    minutes(sch.value(11, 1, 3).trim(), 'MIN') ??
    (ais ? minutes(ais.value(7).trim(), ais.value(8).trim() || 'MIN') : null) ??
    (start && end ? minutes(String((end.getTime() - start.getTime()) / 60_000), 'MIN') : null);
  if (!end && start && duration !== null) end = new Date(start.getTime() + duration * 60_000);

  // Department: PV1-10, else the AIL location when it maps to a department or ward; unmapped is not an error here.
  let departmentId: string | null = null;
  for (const code of [msg.get('PV1-10'), ail?.value(3, 1, 1) ?? '', ail?.value(3, 1, 4) ?? ''].map((c) => c.trim()).filter(Boolean)) {
    const d = (await ctx.department(code)) ?? (await ctx.ward(code).then((w) => (w ? { id: w.department_id } : undefined)));
    if (d) {
      departmentId = d.id;
      break;
    }
  }
  const location = ail
    ? fit(ail.value(3, 1, 9).trim() || [ail.value(3, 1, 1), ail.value(3, 1, 2)].filter(Boolean).join(' '), 200) || null
    : null;
  const person = (c: string[]) => personName(c[1] ?? '', c[2] ?? '', c[3] ?? '') || c[0] || '';
  const doctor = fit((aip && person(aip.components(3))) || person(sch.components(16)) || person(sch.components(12)), 100) || null;
  const reason = fit(sch.value(7, 1, 2).trim() || sch.value(7, 1, 1).trim() || sch.value(6, 1, 2).trim(), 200) || null;
  const status = SIU_STATUS[trigger];
  const values: unknown[] = [placer, filler, start, end, duration, departmentId, location, doctor, reason, status, trigger];

  const existing: Array<{ id: string }> = await ctx.m.query(
    `SELECT id FROM appointment WHERE source_system = $1 AND (filler_appointment_id = $2 OR placer_appointment_id = $3)
      ORDER BY (filler_appointment_id = $2) DESC NULLS LAST LIMIT 1 FOR UPDATE`,
    [ctx.source.code, filler, placer],
  );
  const label = `appointment ${filler ?? placer}`;
  if (!existing.length) {
    await ctx.m.query(
      `INSERT INTO appointment (patient_id, source_system, ${COLUMNS.join(', ')}) VALUES ($1, $2, ${COLUMNS.map((_, i) => `$${i + 3}::${CASTS[i]}`).join(', ')})`,
      [patientId, ctx.source.code, ...values],
    );
    ctx.changed = true;
    return { label, created: true, changed: true };
  }
  // Fields the message leaves empty keep their value; patient, status and event always follow the message.
  const res: [unknown[], number] = await ctx.m.query(
    `UPDATE appointment SET patient_id = $2, ${COLUMNS.map((c, i) => `${c} = COALESCE($${i + 3}::${CASTS[i]}, ${c})`).join(', ')}, updated_at = now()
      WHERE id = $1 AND (patient_id, ${COLUMNS.join(', ')}) IS DISTINCT FROM ($2::uuid, ${COLUMNS.map((c, i) => `COALESCE($${i + 3}::${CASTS[i]}, ${c})`).join(', ')})`,
    [existing[0].id, patientId, ...values],
  );
  if (res[1]) ctx.changed = true;
  return { label, created: false, changed: res[1] > 0 };
}
