import type { DataSource, EntityManager } from 'typeorm';
import { Department, Ward } from '../admin/departments/department.entity';
import { User } from '../admin/users/user.entity';
import { AuthService } from '../platform/auth/auth.service';
import type { Role } from '../platform/auth/permissions';
import { Encounter, EncounterDiagnosis } from '../patients/entities/encounter.entity';
import { Patient, PatientIdentifier, PatientPhone } from '../patients/entities/patient.entity';
import { namePinyin } from '../patients/pinyin';
import { between, birthDate, chineseName, createRng, mobileNumber, pick, REGIONS, residentIdNumber, Rng } from './demo/synthetic';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_PATIENT_COUNT = 300;

export interface SeedSummary {
  departments: number;
  wards: number;
  users: Array<{ username: string; roles: Role[] }>;
  patients: number;
  encounters: number;
}

export interface DeptDef {
  code: string;
  name: string;
  nameEn: string;
  wards: Array<[code: string, name: string, nameEn: string]>;
  /** ICD-10 code and Chinese text of typical discharge diagnoses. */
  diagnoses: Array<[code: string, text: string]>;
  femaleOnly?: boolean;
  ageRange: [number, number];
}

export const DEPARTMENTS: DeptDef[] = [
  {
    code: 'CARD',
    name: '心内科',
    nameEn: 'Cardiology',
    ageRange: [40, 90],
    wards: [
      ['CARD-1', '心内科一病区', 'Cardiology Ward 1'],
      ['CARD-2', '心内科二病区', 'Cardiology Ward 2'],
    ],
    diagnoses: [
      ['I10', '原发性高血压'],
      ['I25.1', '冠状动脉粥样硬化性心脏病'],
      ['I50.9', '心力衰竭'],
      ['I48', '心房颤动'],
      ['I21.9', '急性心肌梗死'],
    ],
  },
  {
    code: 'ENDO',
    name: '内分泌科',
    nameEn: 'Endocrinology',
    ageRange: [25, 85],
    wards: [['ENDO-1', '内分泌科病区', 'Endocrinology Ward']],
    diagnoses: [
      ['E11.9', '2型糖尿病'],
      ['E05.9', '甲状腺功能亢进症'],
      ['E78.5', '高脂血症'],
      ['E03.9', '甲状腺功能减退症'],
    ],
  },
  {
    code: 'GSURG',
    name: '普外科',
    nameEn: 'General Surgery',
    ageRange: [18, 85],
    wards: [
      ['GSURG-1', '普外科一病区', 'General Surgery Ward 1'],
      ['GSURG-2', '普外科二病区', 'General Surgery Ward 2'],
    ],
    diagnoses: [
      ['K80.2', '胆囊结石'],
      ['K35.8', '急性阑尾炎'],
      ['K40.9', '腹股沟疝'],
      ['K56.7', '肠梗阻'],
    ],
  },
  {
    code: 'ORTH',
    name: '骨科',
    nameEn: 'Orthopaedics',
    ageRange: [18, 90],
    wards: [['ORTH-1', '骨科病区', 'Orthopaedics Ward']],
    diagnoses: [
      ['S72.0', '股骨颈骨折'],
      ['M17.9', '膝关节骨关节炎'],
      ['M51.2', '腰椎间盘突出症'],
      ['S82.2', '胫骨干骨折'],
    ],
  },
  {
    code: 'OBGYN',
    name: '妇产科',
    nameEn: 'Obstetrics & Gynaecology',
    ageRange: [20, 60],
    femaleOnly: true,
    wards: [
      ['OBGYN-1', '产科病区', 'Obstetrics Ward'],
      ['OBGYN-2', '妇科病区', 'Gynaecology Ward'],
    ],
    diagnoses: [
      ['O80.0', '单胎顺产'],
      ['O82.0', '剖宫产'],
      ['D25.9', '子宫平滑肌瘤'],
      ['N83.2', '卵巢囊肿'],
    ],
  },
  {
    code: 'ONC',
    name: '肿瘤科',
    nameEn: 'Oncology',
    ageRange: [35, 85],
    wards: [['ONC-1', '肿瘤科病区', 'Oncology Ward']],
    diagnoses: [
      ['C34.9', '肺恶性肿瘤'],
      ['C50.9', '乳腺恶性肿瘤'],
      ['C16.9', '胃恶性肿瘤'],
      ['C18.9', '结肠恶性肿瘤'],
      ['C22.0', '肝细胞癌'],
    ],
  },
];

/** `followup`: follow-up nurses seeded only with the demo follow-up history (DEMO_FOLLOWUP), so the supervisor table has several staff. */
const DEMO_USERS: Array<{ username: string; displayName: string; roles: Role[]; departments: string[]; extension?: string; followup?: true }> = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], departments: [] },
  { username: 'manager', displayName: '李主任（医务部）', roles: ['manager'], departments: DEPARTMENTS.map((d) => d.code) },
  { username: 'doctor', displayName: '张医生', roles: ['doctor'], departments: ['CARD'], extension: '8002' },
  { username: 'nurse', displayName: '陈护士', roles: ['nurse'], departments: ['CARD', 'ENDO'], extension: '8001' },
  { username: 'auditor', displayName: '审计员', roles: ['auditor'], departments: [] },
  { username: 'nurse.card', displayName: '王护士（心内科）', roles: ['nurse'], departments: ['CARD'], extension: '8003', followup: true },
  {
    username: 'nurse.surgery',
    displayName: '刘护士（外科片区）',
    roles: ['nurse'],
    departments: ['GSURG', 'ORTH', 'OBGYN', 'ONC'],
    extension: '8004',
    followup: true,
  },
];

const DOCTOR_NAMES = ['王建国', '李文华', '张志强', '刘海燕', '陈立新', '杨晓明', '赵丽萍', '黄志刚', '周红梅', '吴国庆'];

export type SeedDepartment = DeptDef & { id: string; wardIds: string[] };

/**
 * Synthetic patients with phones, identifiers (HIS id, 住院号), encounters and diagnoses.
 * `start` numbers the patients so repeated runs (seed:scale) create distinct identifiers.
 */
export function patientRows(rng: Rng, today: Date, depts: SeedDepartment[], count: number, start = 0) {
  const patients: Array<Partial<Patient>> = [];
  const identifiers: Array<Partial<PatientIdentifier>> = [];
  const phones: Array<Partial<PatientPhone>> = [];
  const encounters: Array<Partial<Encounter> & { id: string }> = [];
  const diagnoses: Array<Partial<EncounterDiagnosis>> = [];
  const uuid = () => crypto.randomUUID();
  for (let n = 0; n < count; n++) {
    const i = start + n;
    const home = pick(rng, depts);
    const sex: '1' | '2' = home.femaleOnly || rng() < 0.48 ? '2' : '1';
    const [regionCode, regionName] = pick(rng, REGIONS);
    const birth = birthDate(rng, today, home.ageRange[0], home.ageRange[1]);
    const id = uuid();
    const name = chineseName(rng, sex);
    const py = namePinyin(name);
    patients.push({
      id,
      name,
      namePinyin: py.full,
      pinyinInitials: py.initials,
      sexCode: sex,
      birthDate: birth,
      idNumber: residentIdNumber(rng, regionCode, birth, sex),
      ethnicityCode: rng() < 0.9 ? '01' : pick(rng, ['02', '03', '05', '08', '10', '11', '15']),
      insuranceTypeCode: pick(rng, ['urban_employee', 'urban_employee', 'resident', 'resident', 'commercial', 'self_pay', 'public']),
      address: `${regionName}${pick(rng, ['人民路', '解放路', '建设路', '中山路', '和平街', '新华路', '长江路'])}${between(rng, 1, 300)}号`,
      regionCode,
      status: 'active',
    });
    identifiers.push({ patientId: id, type: 'his_id', authority: 'DEMO-HIS', value: `P${String(10_000_000 + i)}` });
    identifiers.push({ patientId: id, type: 'inpatient_no', authority: 'DEMO-HIS', value: `ZY${String(i + 1).padStart(8, '0')}` });
    phones.push({ patientId: id, number: mobileNumber(rng), owner: 'self', isPrimary: true });
    if (rng() < 0.4)
      phones.push({ patientId: id, number: mobileNumber(rng), owner: pick(rng, ['spouse', 'child', 'child', 'parent']), isPrimary: false });

    // One to three hospital stays in the last 200 days, most recent first; sometimes an outpatient visit.
    const stays = between(rng, 1, 3);
    let dischargeDaysAgo = between(rng, 0, 60);
    for (let s = 0; s < stays; s++) {
      const dept =
        s === 0
          ? home
          : rng() < 0.7
            ? home
            : pick(
                rng,
                depts.filter((d) => !d.femaleOnly || sex === '2'),
              );
      const los = between(rng, 2, 14);
      const discharged = new Date(today.getTime() - dischargeDaysAgo * 86_400_000 - between(rng, 8, 17) * 3_600_000);
      const admitted = new Date(discharged.getTime() - los * 86_400_000);
      const encId = uuid();
      encounters.push({
        id: encId,
        patientId: id,
        type: rng() < 0.1 ? 'day_surgery' : 'inpatient',
        departmentId: dept.id,
        wardId: pick(rng, dept.wardIds),
        attendingDoctor: pick(rng, DOCTOR_NAMES),
        admittedAt: admitted,
        dischargedAt: discharged,
        dischargeDisposition: rng() < 0.93 ? '1' : pick(rng, ['2', '3', '4']),
        visitNumber: `ZY${admitted.getUTCFullYear()}${String(between(rng, 0, 99_999)).padStart(5, '0')}-${i}-${s}`,
        sourceSystem: 'DEMO-HIS',
      });
      const [code, text] = pick(rng, dept.diagnoses);
      diagnoses.push({ encounterId: encId, icd10Code: code, text, type: 'primary' });
      if (rng() < 0.35) {
        const [c2, t2] = pick(rng, depts[0].diagnoses);
        if (c2 !== code) diagnoses.push({ encounterId: encId, icd10Code: c2, text: t2, type: 'secondary' });
      }
      dischargeDaysAgo += los + between(rng, 10, 60);
    }
    if (rng() < 0.5) {
      const visit = new Date(today.getTime() - between(rng, 1, 90) * 86_400_000);
      encounters.push({
        id: uuid(),
        patientId: id,
        type: 'outpatient',
        departmentId: home.id,
        wardId: null,
        attendingDoctor: pick(rng, DOCTOR_NAMES),
        admittedAt: visit,
        dischargedAt: null,
        visitNumber: `MZ${visit.getTime()}-${i}`,
        sourceSystem: 'DEMO-HIS',
      });
    }
  }
  return { patients, identifiers, phones, encounters, diagnoses };
}

async function insertChunked<T>(m: EntityManager, entity: new () => T, rows: object[], size = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await m.insert(entity, rows.slice(i, i + size) as never);
}

/**
 * Seeds a demo hospital into an EMPTY database (no user accounts yet). Safe to call on every
 * start: it does nothing once any account exists, and an advisory lock stops two instances from
 * seeding at the same time.
 */
export async function seedDemoData(
  ds: DataSource,
  log: (msg: string) => void,
  opts: { patients?: number; today?: Date; followupStaff?: boolean } = {},
): Promise<SeedSummary | undefined> {
  return ds.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('hcrm.demo_seed'))`);
    if ((await m.count(User)) > 0) return undefined;
    const rng = createRng(20261122);
    const today = opts.today ?? new Date();

    const depts: SeedDepartment[] = [];
    let wardCount = 0;
    for (const d of DEPARTMENTS) {
      const dept = await m.save(m.create(Department, { code: d.code, name: d.name, nameEn: d.nameEn }));
      const wards = await m.save(d.wards.map(([code, name, nameEn]) => m.create(Ward, { departmentId: dept.id, code, name, nameEn })));
      wardCount += wards.length;
      depts.push({ ...d, id: dept.id, wardIds: wards.map((w) => w.id) });
    }

    const hash = await AuthService.hashPassword(DEMO_PASSWORD);
    const users = DEMO_USERS.filter((u) => !u.followup || opts.followupStaff);
    for (const u of users) {
      await m.save(
        m.create(User, {
          username: u.username,
          displayName: u.displayName,
          passwordHash: hash,
          roles: u.roles,
          phoneExtension: u.extension ?? null,
          departments: depts.filter((d) => u.departments.includes(d.code)).map((d) => ({ id: d.id }) as Department),
          passwordChangedAt: today,
        }),
      );
    }

    const rows = patientRows(rng, today, depts, opts.patients ?? DEMO_PATIENT_COUNT);
    await insertChunked(m, Patient, rows.patients);
    await insertChunked(m, PatientIdentifier, rows.identifiers);
    await insertChunked(m, PatientPhone, rows.phones);
    await insertChunked(m, Encounter, rows.encounters);
    await insertChunked(m, EncounterDiagnosis, rows.diagnoses);

    const summary: SeedSummary = {
      departments: depts.length,
      wards: wardCount,
      users: users.map((u) => ({ username: u.username, roles: u.roles })),
      patients: rows.patients.length,
      encounters: rows.encounters.length,
    };
    log(
      `Seeded demo hospital: ${summary.departments} departments, ${summary.wards} wards, ${summary.patients} patients, ${summary.encounters} encounters.`,
    );
    return summary;
  });
}
