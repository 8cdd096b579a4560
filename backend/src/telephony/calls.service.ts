import { HttpStatus, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { maskPhone } from '../patients/identity';
import { ageOn, PatientsService } from '../patients/patients.service';
import { AuditService } from '../platform/audit/audit.service';
import { ALL_DEPARTMENT_ROLES, Role } from '../platform/auth/permissions';
import { currentUser } from '../platform/context/request-context';
import { AppError } from '../platform/errors/app-error';
import { saveRecording, urlRecording } from '../worklist/recordings';
import { WorklistError } from '../worklist/worklist.service';
import { CallEventsHub } from './call-events.hub';
import { CallSession } from './call-session.entity';
import { callerNumberForms } from './caller-number';
import { CallEvent, TELEPHONY_ADAPTER, TelephonyAdapter } from './telephony.adapter';

const OPEN_TASK = `('pending', 'due', 'overdue', 'in_progress')`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Calls older than this are not re-read from the CTI after a reconnect. */
const RESYNC_HOURS = 12;
/** Audit entries written for CTI events name this actor. */
const CTI_ACTOR = { actorId: null, actorUsername: 'cti' } as const;

export class CallError extends AppError {
  static noExtension(): CallError {
    return new CallError(
      HttpStatus.CONFLICT,
      'NO_EXTENSION',
      'No phone extension is set for your account: an administrator sets it under Users before you can dial through the CTI',
    );
  }
  static ended(): CallError {
    return new CallError(HttpStatus.CONFLICT, 'CALL_ENDED', 'This call has already ended');
  }
}

/** A call as the console sees it: the number masked (the full number never leaves the server). */
export function callView(c: CallSession) {
  return {
    id: c.id,
    provider: c.provider,
    direction: c.direction,
    state: c.state,
    number: maskPhone(c.number),
    patientId: c.patientId,
    taskId: c.taskId,
    startedAt: c.startedAt,
    answeredAt: c.answeredAt,
    endedAt: c.endedAt,
    durationSeconds: c.durationSeconds,
    endReason: c.endReason,
    recordingId: c.recordingId,
    recordingReady: !!c.recordingUrl,
  };
}

/**
 * Calls through the telephony adapter: dialling from the call screen (the server looks the number up
 * and sends it to the adapter; the dial is audited as a reveal), hanging up, the CTI's call events
 * (state, talk time, the recording — attached to the call's contact attempt through the same code as
 * a URL recording), and incoming calls: the caller's number is matched against patient phones within
 * the departments of the staff member whose extension rings, and pushed to their console.
 */
@Injectable()
export class CallsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CallsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TELEPHONY_ADAPTER) private readonly adapter: TelephonyAdapter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hub: CallEventsHub,
    private readonly audit: AuditService,
    private readonly patients: PatientsService,
  ) {}

  onApplicationBootstrap(): void {
    this.adapter.start({ onEvent: (e) => this.handle(e), onConnected: () => this.resync() });
  }

  async onModuleDestroy(): Promise<void> {
    await this.adapter.stop();
  }

  get provider(): 'manual' | 'cti' {
    return this.adapter.provider;
  }

  /** Dials the patient (or contact person) of a task the caller holds; the number never reaches the console in cti mode. */
  async dial(dto: { taskId: string; phoneId?: string; contactId?: string }) {
    const me = currentUser().id;
    const [task]: Array<{ patient_id: string; held: boolean }> = await this.db.query(
      `SELECT patient_id, (claimed_by = $2 AND claim_expires_at > now() AND status IN ${OPEN_TASK}) AS held FROM followup_task WHERE id = $1`,
      [dto.taskId, me],
    );
    if (!task) throw AppError.notFound('Task');
    await this.patients.assertVisible([task.patient_id]);
    if (!task.held) throw WorklistError.notClaimed();
    if (!!dto.phoneId === !!dto.contactId) throw AppError.validation({ phoneId: ['send either phoneId or contactId'] });
    const number = dto.phoneId
      ? ((await this.db.query(`SELECT number FROM patient_phone WHERE id = $1 AND patient_id = $2`, [dto.phoneId, task.patient_id]))[0]
          ?.number as string | undefined)
      : ((await this.db.query(`SELECT phone FROM contact_person WHERE id = $1 AND patient_id = $2`, [dto.contactId, task.patient_id]))[0]
          ?.phone as string | undefined);
    if (!number)
      throw AppError.validation(
        dto.phoneId
          ? { phoneId: ['not a phone of this task’s patient'] }
          : { contactId: ['not a contact person of this patient with a phone'] },
      );
    const [{ phone_extension: extension }]: Array<{ phone_extension: string | null }> = await this.db.query(
      `SELECT phone_extension FROM app_user WHERE id = $1`,
      [me],
    );
    if (this.adapter.provider === 'cti' && !extension) throw CallError.noExtension();

    const repo = this.db.getRepository(CallSession);
    const call = await repo.save(
      repo.create({
        provider: this.adapter.provider,
        direction: 'outbound',
        staffId: me,
        extension,
        patientId: task.patient_id,
        taskId: dto.taskId,
        number,
        state: 'dialing',
      }),
    );
    // The number goes to the desk phone (tel:) or the CTI server: a reveal, for this one purpose.
    await this.audit.record({
      action: 'patient.reveal',
      entityType: 'patient',
      entityId: task.patient_id,
      details: { purpose: 'dial', callId: call.id, provider: this.adapter.provider, phoneId: dto.phoneId, contactId: dto.contactId },
    });
    let result;
    try {
      result = await this.adapter.dial({ extension, number, reference: call.id });
    } catch (e) {
      await repo.update({ id: call.id }, { state: 'failed', endReason: 'dial_failed', endedAt: new Date(), durationSeconds: 0 });
      await this.audit.record({
        action: 'call.dial',
        outcome: 'failure',
        entityType: 'call_session',
        entityId: call.id,
        details: { reason: (e as Error).message },
      });
      throw e;
    }
    // Events may have moved the call on already (they find it by reference): only the external id is set here.
    if (result.externalId) await repo.update({ id: call.id }, { externalId: result.externalId });
    await this.audit.record({
      action: 'call.dial',
      entityType: 'call_session',
      entityId: call.id,
      details: { provider: this.adapter.provider },
    });
    const saved = await repo.findOneByOrFail({ id: call.id });
    return { ...callView(saved), telUri: result.telUri ?? null };
  }

  /** A call of the caller's (404 for anyone else's). */
  private async mine(id: string): Promise<CallSession> {
    const call = await this.db.getRepository(CallSession).findOneBy({ id, staffId: currentUser().id });
    if (!call) throw AppError.notFound('Call');
    return call;
  }

  async get(id: string) {
    return callView(await this.mine(id));
  }

  async hangUp(id: string) {
    const call = await this.mine(id);
    if (call.state === 'ended' || call.state === 'failed') throw CallError.ended();
    if (call.externalId) await this.adapter.hangUp(call.externalId);
    else if (call.provider !== 'manual')
      throw CallError.ended(); // never placed: the dial failed
    else await this.endManual(this.db.manager, call.id);
    await this.audit.record({ action: 'call.hangup', entityType: 'call_session', entityId: id });
    // A CTI call ends when the CTI says so (call.ended); a manual one has ended now.
    return callView(await this.mine(id));
  }

  private async endManual(m: EntityManager, id: string, durationSeconds?: number): Promise<void> {
    await m.query(
      `UPDATE call_session SET state = 'ended', ended_at = now(), end_reason = 'hangup', updated_at = now(),
              duration_seconds = COALESCE($2, greatest(0, extract(epoch FROM now() - started_at))::int)
        WHERE id = $1 AND provider = 'manual' AND state NOT IN ('ended', 'failed')`,
      [id, durationSeconds ?? null],
    );
  }

  /**
   * Before an attempt is recorded for a call: the call must be the caller's, with this task's patient.
   * Returns its talk time (the attempt's duration when the console sends none).
   */
  async checkAttemptCall(callId: string, taskId: string): Promise<number | null> {
    const rows: Array<{ duration_seconds: number | null }> = await this.db.query(
      `SELECT c.duration_seconds FROM call_session c JOIN followup_task k ON k.id = $2 AND k.patient_id = c.patient_id
        WHERE c.id = $1 AND c.staff_id = $3`,
      [callId, taskId, currentUser().id],
    );
    if (!rows.length) throw AppError.validation({ callId: ['not a call of yours to this task’s patient'] });
    return rows[0].duration_seconds;
  }

  /** After an attempt was recorded for a call: a manual call ends there; a recording waiting for an attempt is attached. */
  async attemptRecorded(callId: string, durationSeconds: number | undefined): Promise<void> {
    await this.endManual(this.db.manager, callId, durationSeconds);
    await this.attachRecording(callId);
  }

  /**
   * Makes the call's recording a call_recording of its first contact attempt, once both exist (they
   * arrive in either order); the row lock makes it happen once.
   */
  private async attachRecording(callId: string, actor: { actorId?: null; actorUsername?: string } = {}): Promise<void> {
    const attached = await this.db.transaction(async (m) => {
      const [c]: Array<{ recording_url: string | null; recording_id: string | null; content_type: string | null; seconds: number | null }> =
        await m.query(
          `SELECT recording_url, recording_id, recording_content_type AS content_type, COALESCE(recording_duration_seconds, duration_seconds) AS seconds
             FROM call_session WHERE id = $1 FOR UPDATE`,
          [callId],
        );
      if (!c?.recording_url || c.recording_id) return null;
      const [attempt]: Array<{ id: string; patient_id: string }> = await m.query(
        `SELECT id, patient_id FROM contact_attempt WHERE call_session_id = $1 ORDER BY started_at, id LIMIT 1`,
        [callId],
      );
      if (!attempt) return null;
      const source = urlRecording(this.config, c.recording_url, c.content_type ?? undefined);
      const recordingId = await saveRecording(m, source, {
        attemptId: attempt.id,
        patientId: attempt.patient_id,
        durationSeconds: c.seconds,
        createdBy: null,
      });
      await m.query(`UPDATE call_session SET recording_id = $2, updated_at = now() WHERE id = $1`, [callId, recordingId]);
      return { attemptId: attempt.id, recordingId };
    });
    if (attached)
      await this.audit.record({
        action: 'recording.attach',
        entityType: 'contact_attempt',
        entityId: attached.attemptId,
        details: { recordingId: attached.recordingId, callId },
        ...actor,
      });
  }

  /** One CTI event, in the order the CTI sent them. Repeated events change nothing (and audit nothing) the second time. */
  async handle(e: CallEvent): Promise<void> {
    if (e.type === 'incoming') return this.incoming(e);
    const repo = this.db.getRepository(CallSession);
    let call = e.reference && UUID.test(e.reference) ? await repo.findOneBy({ id: e.reference, provider: this.adapter.provider }) : null;
    call ??= await repo.findOneBy({ provider: this.adapter.provider, externalId: e.callId });
    if (!call) {
      this.logger.warn({ type: e.type, callId: e.callId }, 'CTI event for a call this server does not know');
      return;
    }
    const params: unknown[] = [call.id, e.callId];
    let set: string;
    let guard: string;
    switch (e.type) {
      case 'ringing':
        [set, guard] = [`state = 'ringing'`, `state = 'dialing'`];
        break;
      case 'answered':
        params.push(e.at);
        [set, guard] = [`state = 'answered', answered_at = $3`, `state IN ('dialing', 'ringing')`];
        break;
      case 'ended':
        params.push(e.at, e.durationSeconds ?? null, e.reason ?? 'hangup');
        set = `state = 'ended', ended_at = $3, end_reason = $5,
               duration_seconds = COALESCE($4, CASE WHEN answered_at IS NULL THEN 0 ELSE greatest(0, extract(epoch FROM $3::timestamptz - answered_at))::int END)`;
        guard = `state NOT IN ('ended', 'failed')`;
        break;
      case 'recording':
        try {
          urlRecording(this.config, e.url, e.contentType);
        } catch (err) {
          const reason = Object.values((err as AppError).fields ?? {}).flat()[0] ?? (err as Error).message;
          this.logger.warn({ callId: call.id, reason }, 'CTI recording refused');
          await this.audit.record({
            action: 'call.recording',
            outcome: 'failure',
            entityType: 'call_session',
            entityId: call.id,
            details: { reason },
            ...CTI_ACTOR,
          });
          return;
        }
        params.push(e.url, e.contentType ?? 'audio/wav', e.durationSeconds ?? null);
        [set, guard] = [`recording_url = $3, recording_content_type = $4, recording_duration_seconds = $5`, `recording_url IS NULL`];
        break;
    }
    const [rows]: [unknown[], number] = await this.db.query(
      `UPDATE call_session SET ${set}, external_id = COALESCE(external_id, $2), updated_at = now() WHERE id = $1 AND ${guard} RETURNING id`,
      params,
    );
    if (!rows.length) return;
    await this.audit.record({
      action: `call.${e.type}`,
      entityType: 'call_session',
      entityId: call.id,
      details: { externalId: e.callId, ...(e.type === 'ended' ? { reason: e.reason ?? 'hangup' } : {}) },
      ...CTI_ACTOR,
    });
    if (e.type === 'recording') await this.attachRecording(call.id, CTI_ACTOR);
    this.hub.send(call.staffId, 'call', callView(await repo.findOneByOrFail({ id: call.id })));
  }

  /** After the event stream (re)connects: the calls still open are re-read from the CTI, so missed events are caught up. */
  private async resync(): Promise<void> {
    const open: Array<{ external_id: string }> = await this.db.query(
      `SELECT external_id FROM call_session
        WHERE provider = $1 AND external_id IS NOT NULL AND state NOT IN ('ended', 'failed') AND started_at > now() - make_interval(hours => $2)`,
      [this.adapter.provider, RESYNC_HOURS],
    );
    for (const { external_id } of open) {
      const latest = await this.adapter.status(external_id).catch((e: Error) => {
        this.logger.warn({ callId: external_id, err: e.message }, 'could not re-read a call from the CTI');
        return undefined;
      });
      if (latest) await this.handle(latest);
      else if (latest === null) await this.handle({ type: 'ended', callId: external_id, at: new Date(), reason: 'lost' });
    }
  }

  /** An incoming call rings a staff member's extension: match the caller, remember the call, pop it up on their console. */
  private async incoming(e: Extract<CallEvent, { type: 'incoming' }>): Promise<void> {
    const [user]: Array<{ id: string; username: string; roles: Role[]; department_ids: string[] }> = await this.db.query(
      `SELECT u.id, u.username, u.roles, COALESCE(array_agg(ud.department_id) FILTER (WHERE ud.department_id IS NOT NULL), '{}') AS department_ids
         FROM app_user u LEFT JOIN user_department ud ON ud.user_id = u.id
        WHERE u.phone_extension = $1 AND u.active GROUP BY u.id`,
      [e.extension],
    );
    if (!user) {
      this.logger.warn({ extension: e.extension }, 'incoming call for an extension no active user has');
      return;
    }
    const scope = user.roles.some((r) => ALL_DEPARTMENT_ROLES.includes(r)) ? null : user.department_ids;
    const forms = callerNumberForms(e.from);
    const matches: Array<{
      id: string;
      name: string;
      sex_code: string;
      birth_date: string | null;
      number: string;
      owner: string;
      visible: boolean;
    }> = forms
      ? await this.db.query(
          `SELECT DISTINCT ON (p.id) p.id, p.name, p.sex_code, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, ph.number, ph.owner,
                    ($3::uuid[] IS NULL OR p.department_ids && $3::uuid[]) AS visible
               FROM patient_phone ph JOIN patient p ON p.id = ph.patient_id
              WHERE right(ph.number, 4) = $1 AND regexp_replace(ph.number, '\\D', '', 'g') = ANY($2::text[]) AND p.merged_into_id IS NULL
              ORDER BY p.id, ph.is_primary DESC LIMIT 50`,
          [forms.tail, forms.digits, scope],
        )
      : [];
    const visible = matches.filter((p) => p.visible).slice(0, 10);
    const hiddenMatches = matches.length - matches.filter((p) => p.visible).length;
    const inserted: Array<{ id: string }> = await this.db.query(
      `INSERT INTO call_session (provider, direction, external_id, staff_id, extension, patient_id, number, state, started_at)
       VALUES ($1, 'inbound', $2, $3, $4, $5, $6, 'ringing', $7) ON CONFLICT (provider, external_id) DO NOTHING RETURNING id`,
      [this.adapter.provider, e.callId, user.id, e.extension, visible.length === 1 ? visible[0].id : null, e.from.slice(0, 32), e.at],
    );
    if (!inserted.length) return; // the same incoming call reported again
    const callId = inserted[0].id;
    const tasks: Array<{ patient_id: string; id: string; due_date: string; name_zh: string; name_en: string | null }> = visible.length
      ? await this.db.query(
          `SELECT DISTINCT ON (k.patient_id) k.patient_id, k.id, to_char(k.due_date, 'YYYY-MM-DD') AS due_date, t.name_zh, t.name_en
             FROM followup_task k JOIN followup_plan fp ON fp.id = k.plan_id JOIN followup_template t ON t.id = fp.template_id
            WHERE k.patient_id = ANY($1::uuid[]) AND k.status IN ${OPEN_TASK}
            ORDER BY k.patient_id, k.due_date, k.id`,
          [visible.map((p) => p.id)],
        )
      : [];
    // The caller's name reaches the nurse's screen: a read of the patients matched, audited as the nurse's.
    await this.audit.record({
      action: 'call.incoming',
      entityType: 'call_session',
      entityId: callId,
      details: { externalId: e.callId, extension: e.extension, patientIds: visible.map((p) => p.id), hiddenMatches },
      actorId: user.id,
      actorUsername: user.username,
    });
    this.hub.send(user.id, 'incoming', {
      call: {
        id: callId,
        // A number no patient has is not patient data: shown whole, so the nurse can search or note it.
        number: matches.length ? maskPhone(forms?.digits[0] ?? e.from) : e.from,
        extension: e.extension,
        at: e.at,
      },
      patients: visible.map((p) => {
        const task = tasks.find((k) => k.patient_id === p.id);
        return {
          id: p.id,
          name: p.name,
          sexCode: p.sex_code,
          age: ageOn(p.birth_date),
          phone: maskPhone(p.number),
          owner: p.owner,
          openTask: task ? { id: task.id, dueDate: task.due_date, templateName: task.name_zh, templateNameEn: task.name_en } : null,
        };
      }),
      hiddenMatches,
    });
  }
}
