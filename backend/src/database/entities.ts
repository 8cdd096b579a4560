import { Department, Ward } from '../admin/departments/department.entity';
import { DictItem, DictType } from '../admin/dictionary/dictionary.entity';
import { User } from '../admin/users/user.entity';
import { AuditEvent } from '../platform/audit/audit-event.entity';
import { AuthSession } from '../platform/auth/auth-session.entity';
import { Encounter, EncounterDiagnosis, EncounterProcedure, LabResult } from '../patients/entities/encounter.entity';
import {
  ContactPerson,
  Organisation,
  Patient,
  PatientContactRestriction,
  PatientEmail,
  PatientIdentifier,
  PatientPhone,
} from '../patients/entities/patient.entity';
import { PatientDetailChange } from '../patients/entities/detail-change.entity';
import { PatientMerge, PatientSegment } from '../patients/entities/segment.entity';
import { ImportDuplicate, ImportFile, ImportJob, ImportMapping, ImportRowError } from '../patients/import/import.entities';
import { FollowupPlan, FollowupTask, FollowupTemplate } from '../followup/plans/plan.entities';
import { KnowledgeArticle } from '../followup/knowledge/knowledge';
import { Questionnaire } from '../followup/questionnaire/questionnaire.entity';
import { ContactAttempt, Escalation, QuestionnaireResponse, SurveyLink } from '../worklist/worklist.entities';
import { Appointment } from '../hl7/mapping/appointment.entity';
import { CallRecording, CallRecordingContent } from '../worklist/recording.entities';
import { Hl7MessageRow, Hl7Source } from '../hl7/inbox/hl7.entities';
import { CallSession } from '../telephony/call-session.entity';
import { AssignmentRule, TaskAssignmentHistory } from '../worklist/assignment.entities';
import { AppSetting } from './app-setting.entity';
import { SatisfactionAnswer, SatisfactionDaily } from '../reports/satisfaction-answer.entity';
import { ReportCallDaily, ReportTaskDaily } from '../reports/report-rollup.entity';

/** Every entity, listed explicitly (no globs: works the same from ts sources, tests and the build). */
export const ENTITIES = [
  Department,
  Ward,
  User,
  AuthSession,
  AuditEvent,
  DictType,
  DictItem,
  AppSetting,
  Patient,
  PatientIdentifier,
  PatientPhone,
  Encounter,
  EncounterDiagnosis,
  PatientContactRestriction,
  PatientEmail,
  ContactPerson,
  Organisation,
  EncounterProcedure,
  LabResult,
  PatientSegment,
  PatientMerge,
  PatientDetailChange,
  ImportJob,
  ImportFile,
  ImportRowError,
  ImportDuplicate,
  ImportMapping,
  Questionnaire,
  FollowupTemplate,
  FollowupPlan,
  FollowupTask,
  ContactAttempt,
  QuestionnaireResponse,
  Escalation,
  SurveyLink,
  CallRecording,
  CallRecordingContent,
  KnowledgeArticle,
  Hl7Source,
  Hl7MessageRow,
  Appointment,
  CallSession,
  AssignmentRule,
  TaskAssignmentHistory,
  SatisfactionAnswer,
  SatisfactionDaily,
  ReportTaskDaily,
  ReportCallDaily,
];
