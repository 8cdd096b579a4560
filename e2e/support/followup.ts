import { apiCall, apiLogin, uniqueName } from './api';

/** Helpers of the questionnaire and template tests (issue #5): data made through the API, unique to the run. */

async function ok<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await apiCall<T>(method, path, token, body);
  if (res.status >= 300) throw new Error(`[e2e] ${method} /api${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A questionnaire code unique to this run (the API allows lower-case letters, digits and _). */
export function uniqueCode(prefix: string): string {
  return uniqueName(prefix).replace(/-/g, '_');
}

const t2 = (zh: string, en: string) => ({ zh, en });

/** A small questionnaire made by the demo doctor: chest pain (needs attention), its level only when "yes", overall satisfaction. */
export async function publishedQuestionnaire(publish = true): Promise<{ id: string; code: string; titleZh: string; titleEn: string }> {
  const doctor = await apiLogin('doctor');
  const code = uniqueCode('tq');
  const body = {
    code,
    titleZh: `出院随访问卷 ${code.slice(-5)}`,
    titleEn: `Discharge follow-up ${code.slice(-5)}`,
    definition: {
      sections: [
        {
          id: 's1',
          title: t2('随访', 'Follow-up'),
          questions: [
            {
              id: 'pain',
              type: 'single',
              required: true,
              text: t2('是否有胸痛？', 'Any chest pain?'),
              options: [
                { code: 'yes', label: t2('有', 'Yes'), attention: true, score: 0 },
                { code: 'no', label: t2('没有', 'No'), score: 2 },
              ],
            },
            {
              id: 'painLevel',
              type: 'rating',
              text: t2('胸痛程度如何？', 'How bad is the pain?'),
              showIf: [{ question: 'pain', op: 'equals', value: 'yes' }],
            },
            { id: 'overall', type: 'rating', text: t2('总体满意度', 'Overall satisfaction'), dimension: 'overall' },
          ],
        },
      ],
    },
  };
  const created = await ok<{ id: string }>('POST', '/questionnaires', doctor, body);
  if (publish) await ok('POST', `/questionnaires/${created.id}/publish`, doctor);
  return { id: created.id, code, titleZh: body.titleZh, titleEn: body.titleEn };
}

export interface DoctorPatient {
  id: string;
  name: string;
}

/**
 * A patient of the doctor's own list (心内科) with a Chinese name, to enrol by hand: the first one
 * (by name, so the choice does not depend on row order) that has no plan of `templateId` yet.
 */
export async function doctorPatient(): Promise<DoctorPatient> {
  const doctor = await apiLogin('doctor');
  const page = await ok<{ items: Array<{ id: string; name: string; status: string }> }>(
    'GET',
    '/patients?pageSize=50&sort=name&order=asc',
    doctor,
  );
  const patient = page.items.find((p) => p.status === 'active' && /^[\u4e00-\u9fa5]{2,3}$/.test(p.name));
  if (!patient) throw new Error('[e2e] the doctor sees no active patient (is the demo seed loaded?)');
  return { id: patient.id, name: patient.name };
}

/** The 心内科 department (code CARD) of the demo seed. */
export async function cardiology(): Promise<{ id: string; name: string; nameEn: string }> {
  const doctor = await apiLogin('doctor');
  const units = await ok<Array<{ id: string; code: string; name: string; nameEn: string }>>('GET', '/followup-templates/org-units', doctor);
  const card = units.find((d) => d.code === 'CARD');
  if (!card) throw new Error('[e2e] no CARD department');
  return card;
}

export async function ruleTest(templateId: string, days = 30): Promise<{ matching: number; alreadyEnrolled: number }> {
  return ok('GET', `/followup-templates/${templateId}/test?days=${days}`, await apiLogin('doctor'));
}

export async function patientPlans(
  patientId: string,
): Promise<Array<{ templateId: string; status: string; tasks: Array<{ stepKey: string; status: string; dueDate: string }> }>> {
  return ok('GET', `/patients/${patientId}/plans`, await apiLogin('doctor'));
}

export async function questionnaireById(id: string): Promise<{ status: string; version: number; definition: unknown }> {
  return ok('GET', `/questionnaires/${id}`, await apiLogin('doctor'));
}

/** The template "心内科 discharge +1/+7/+30" with `questionnaireId` at every step, made through the API. */
export async function cardiologyTemplate(questionnaireId: string, suffix: string): Promise<{ id: string; nameZh: string }> {
  const card = await cardiology();
  const step = (key: string, offsetDays: number, team = 'centre') => ({
    key,
    anchor: 'discharge',
    offsetDays,
    questionnaireId,
    channel: 'phone',
    team,
    windowBeforeDays: 0,
    windowAfterDays: 2,
  });
  const body = {
    nameZh: `心内科出院随访 +1/+7/+30 ${suffix}`,
    nameEn: `Cardiology discharge +1/+7/+30 ${suffix}`,
    purpose: 'clinical',
    mode: 'linked',
    ownerDepartmentId: card.id,
    rules: { departmentIds: [card.id], icdPrefixes: ['I'] },
    steps: [step('d1', 1), step('d7', 7), step('d30', 30, 'department')],
  };
  const created = await ok<{ id: string }>('POST', '/followup-templates', await apiLogin('doctor'), body);
  return { id: created.id, nameZh: body.nameZh };
}

/** Enrols patients in a template through the API. */
export async function enrol(templateId: string, patientIds: string[]): Promise<void> {
  await ok('POST', `/followup-templates/${templateId}/enrol`, await apiLogin('doctor'), { patientIds });
}
