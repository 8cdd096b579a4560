import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Answers, QuestionnaireDefinition, checkAnswers, visibleQuestions } from '../followup/questionnaire/definition';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock';
import { currentUser } from '../platform/context/request-context';
import { AppError } from '../platform/errors/app-error';
import { recordResponse, WorklistService } from './worklist.service';

/** How long a self-survey link works. */
export const SURVEY_LINK_DAYS = 14;
/** How long the task stays off the call list after a link was made. */
export const SURVEY_WAIT_DAYS = 2;
const OPEN = `('pending', 'due', 'overdue', 'in_progress')`;

export class SurveyLinkError extends AppError {
  static override notFound(): SurveyLinkError {
    return new SurveyLinkError(HttpStatus.NOT_FOUND, 'SURVEY_LINK_NOT_FOUND', 'This survey link is not valid');
  }
  static expired(): SurveyLinkError {
    return new SurveyLinkError(HttpStatus.GONE, 'SURVEY_LINK_EXPIRED', 'This survey link has expired');
  }
  static submitted(): SurveyLinkError {
    return new SurveyLinkError(HttpStatus.CONFLICT, 'SURVEY_ALREADY_SUBMITTED', 'This survey has already been answered. Thank you!');
  }
}

interface LinkRow {
  id: string;
  task_id: string;
  patient_id: string;
  lang: string;
  expires_at: Date;
  submitted_at: Date | null;
  revoked_at: Date | null;
  task_status: string;
  questionnaire_id: string;
  department_id: string | null;
  title_zh: string;
  title_en: string;
  definition: QuestionnaireDefinition;
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The patient self-survey: a nurse makes a one-time link for a task (e.g. after the patient could
 * not be reached by phone, to send by SMS); the patient opens it on a phone without signing in and
 * answers the task's questionnaire. The answers finish the task exactly as a call would, marked as
 * collected by self-survey; a second submit is refused.
 */
@Injectable()
export class SelfSurveyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly worklist: WorklistService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A new link for a task the caller holds (earlier unused links of the task stop working). The token is shown once. */
  async createLink(taskId: string, lang: 'zh-CN' | 'en' = 'zh-CN') {
    const task = await this.worklist.mine(taskId);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + SURVEY_LINK_DAYS * 86_400_000);
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE survey_link SET revoked_at = now() WHERE task_id = $1 AND submitted_at IS NULL AND revoked_at IS NULL`, [
        taskId,
      ]);
      await m.query(
        `INSERT INTO survey_link (task_id, patient_id, token_hash, lang, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [taskId, task.patient_id, hash(token), lang, currentUser().id, expiresAt],
      );
      // The task leaves the call list while the patient has time to answer; it comes back if they do not.
      await m.query(
        `UPDATE followup_task SET last_outcome = 'survey_sent', next_attempt_at = now() + make_interval(days => $2) WHERE id = $1`,
        [taskId, SURVEY_WAIT_DAYS],
      );
    });
    await this.audit.record({ action: 'survey_link.create', entityType: 'followup_task', entityId: taskId });
    return { path: `/s/${token}`, token, expiresAt };
  }

  /** What the patient's phone shows: the questionnaire and the language; nothing that identifies the patient. */
  async open(token: string) {
    const link = await this.usable(token);
    await this.db.query(`UPDATE survey_link SET opened_at = COALESCE(opened_at, now()) WHERE id = $1`, [link.id]);
    await this.audit.record({
      action: 'survey_link.open',
      entityType: 'followup_task',
      entityId: link.task_id,
      actorId: null,
      actorUsername: null,
    });
    return {
      lang: link.lang,
      expiresAt: link.expires_at,
      questionnaire: { titleZh: link.title_zh, titleEn: link.title_en, definition: link.definition },
    };
  }

  /** Which questions show for these answers and their errors (branching on the phone matches the server). */
  async preview(token: string, answers: Answers) {
    const link = await this.usable(token);
    const check = checkAnswers(link.definition, answers);
    return { visible: visibleQuestions(link.definition, answers).map((q) => q.id), errors: check.errors, outOfRange: check.outOfRange };
  }

  /** Stores the answers and finishes the task; works once. */
  async submit(token: string, answers: Answers) {
    const link = await this.usable(token);
    const result = await this.db.transaction(async (m) => {
      // An UPDATE through TypeORM answers [rows, affected]: exactly one submit changes the row.
      const [claimed]: [Array<{ id: string }>, number] = await m.query(
        `UPDATE survey_link SET submitted_at = now() WHERE id = $1 AND submitted_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
        [link.id],
      );
      if (!claimed.length) throw SurveyLinkError.submitted();
      const open: Array<{ id: string }> = await m.query(`SELECT id FROM followup_task WHERE id = $1 AND status IN ${OPEN} FOR UPDATE`, [
        link.task_id,
      ]);
      if (!open.length) throw SurveyLinkError.submitted();
      return recordResponse(
        m,
        { id: link.task_id, patient_id: link.patient_id, questionnaire_id: link.questionnaire_id, department_id: link.department_id },
        answers,
        { by: null, mode: 'self', at: this.clock.now() },
      );
    });
    await this.audit.record({
      action: 'survey_link.submit',
      entityType: 'followup_task',
      entityId: link.task_id,
      actorId: null,
      actorUsername: null,
      details: { escalations: result.escalationIds.length },
    });
    return { submitted: true };
  }

  /** The link for this token if it can still be answered; otherwise the reason, as an error. */
  private async usable(token: string): Promise<LinkRow> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw SurveyLinkError.notFound();
    const rows: LinkRow[] = await this.db.query(
      `SELECT l.id, l.task_id, l.patient_id, l.lang, l.expires_at, l.submitted_at, l.revoked_at, k.status AS task_status,
              k.questionnaire_id, COALESCE(k.department_id, e.department_id) AS department_id, q.title_zh, q.title_en, q.definition
         FROM survey_link l JOIN followup_task k ON k.id = l.task_id JOIN followup_plan p ON p.id = k.plan_id
         LEFT JOIN encounter e ON e.id = p.encounter_id JOIN questionnaire q ON q.id = k.questionnaire_id
        WHERE l.token_hash = $1`,
      [hash(token)],
    );
    const link = rows[0];
    if (!link) throw SurveyLinkError.notFound();
    if (link.submitted_at || link.task_status === 'done') throw SurveyLinkError.submitted();
    if (
      link.revoked_at ||
      link.expires_at.getTime() <= Date.now() ||
      !['pending', 'due', 'overdue', 'in_progress'].includes(link.task_status)
    )
      throw SurveyLinkError.expired();
    return link;
  }
}
