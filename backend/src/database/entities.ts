import { Department, Ward } from '../admin/departments/department.entity';
import { DictItem, DictType } from '../admin/dictionary/dictionary.entity';
import { User } from '../admin/users/user.entity';
import { AuditEvent } from '../platform/audit/audit-event.entity';
import { AuthSession } from '../platform/auth/auth-session.entity';
import { Encounter, EncounterDiagnosis } from '../patients/entities/encounter.entity';
import { Patient, PatientIdentifier, PatientPhone } from '../patients/entities/patient.entity';
import { AppSetting } from './app-setting.entity';

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
];
