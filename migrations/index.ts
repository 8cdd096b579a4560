import { PlatformSpine1763800000000 } from './1763800000000-PlatformSpine';
import { ReferenceDictionaries1763800000001 } from './1763800000001-ReferenceDictionaries';
import { PatientRecords1763900000000 } from './1763900000000-PatientRecords';
import { PatientImport1763900000001 } from './1763900000001-PatientImport';
import { PatientSearchScope1763900000002 } from './1763900000002-PatientSearchScope';
import { Questionnaires1764000000000 } from './1764000000000-Questionnaires';
import { QuestionnaireLibrary1764000000001 } from './1764000000001-QuestionnaireLibrary';
import { FollowupPlans1764000000002 } from './1764000000002-FollowupPlans';
import { Worklist1764100000000 } from './1764100000000-Worklist';
import { KnowledgeBase1764100000001 } from './1764100000001-KnowledgeBase';
import { ImportDuplicates1764200000000 } from './1764200000000-ImportDuplicates';
import { ImportRowProblems1764200000001 } from './1764200000001-ImportRowProblems';
import { PatientDetailChanges1764200000002 } from './1764200000002-PatientDetailChanges';
import { SelfSurvey1764200000003 } from './1764200000003-SelfSurvey';
import { CallRecordings1764200000004 } from './1764200000004-CallRecordings';
import { Hl7Inbox1764300000000 } from './1764300000000-Hl7Inbox';
import { Appointments1764300001000 } from './1764300001000-Appointments';
import { WorklistTaskScope1764500000000 } from './1764500000000-WorklistTaskScope';
import { WorklistViewIndexes1764400000000 } from './1764400000000-WorklistViewIndexes';
import { Telephony1764520000000 } from './1764520000000-Telephony';
import { Assignment1764530000000 } from './1764530000000-Assignment';
import { TemplateRegeneration1764540000000 } from './1764540000000-TemplateRegeneration';
import { Reports1764550000000 } from './1764550000000-Reports';
import { ReportDepartments1764550000001 } from './1764550000001-ReportDepartments';
import { SatisfactionDaily1764550000002 } from './1764550000002-SatisfactionDaily';
import { ImportWriteCosts1764510000000 } from './1764510000000-ImportWriteCosts';
import { ReportRollup1764620000000 } from './1764620000000-ReportRollup';
import { EnrolmentChangeMarker1764630000000 } from './1764630000000-EnrolmentChangeMarker';

/**
 * Every migration, in order. Listed explicitly (no globs) so the same list works from the
 * TypeScript sources (tests), the compiled build and the DB CLI.
 */
export const MIGRATIONS = [
  PlatformSpine1763800000000,
  ReferenceDictionaries1763800000001,
  PatientRecords1763900000000,
  PatientImport1763900000001,
  PatientSearchScope1763900000002,
  Questionnaires1764000000000,
  QuestionnaireLibrary1764000000001,
  FollowupPlans1764000000002,
  Worklist1764100000000,
  KnowledgeBase1764100000001,
  ImportDuplicates1764200000000,
  ImportRowProblems1764200000001,
  PatientDetailChanges1764200000002,
  SelfSurvey1764200000003,
  CallRecordings1764200000004,
  Hl7Inbox1764300000000,
  Appointments1764300001000,
  WorklistViewIndexes1764400000000,
  WorklistTaskScope1764500000000,
  Telephony1764520000000,
  Assignment1764530000000,
  TemplateRegeneration1764540000000,
  Reports1764550000000,
  ReportDepartments1764550000001,
  SatisfactionDaily1764550000002,
  ImportWriteCosts1764510000000,
  ReportRollup1764620000000,
  EnrolmentChangeMarker1764630000000,
];
