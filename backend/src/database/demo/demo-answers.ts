import { Answers, Question, QuestionnaireDefinition, visibleQuestions } from '../../followup/questionnaire/definition';
import { between, pick, Rng } from './synthetic';

/**
 * How a demo patient answers: `good` (the usual), `mixed` (satisfaction: middling scores), `poor`
 * (satisfaction: low scores, a complaint), `flag` (clinical: one answer that needs attention).
 */
export type Mood = 'good' | 'mixed' | 'poor' | 'flag';

const PRAISE = ['护士很耐心，出院指导讲得很清楚', '主治医生每天都来查房，解释得很详细', '病房很干净，护士态度好', '感谢病区全体医护人员'];
const MIXED = ['晚上病房有点吵，休息不好', '食堂饭菜偏咸，选择少', '出院结账排队时间太长', '检查预约要等好几天'];
const COMPLAINTS = ['夜间呼叫护士很久没人来', '医生查房时间太短，问题没问清楚', '出院手续办了一上午，流程太繁琐', '病房空调坏了几天没人修'];
const FOR_DOCTOR = ['降压药能不能减量？', '什么时候需要回医院复查？', '出院带的药吃完了要不要继续？'];
const SYMPTOMS = ['活动后胸闷、气短两天', '夜间咳嗽加重，不能平卧', '伤口周围红肿、有少量渗液', '近三天头晕明显'];

/** A satisfaction score for the mood: 5 = best. */
function satisfactionScore(rng: Rng, mood: Mood): number {
  const r = rng();
  if (mood === 'poor') return r < 0.45 ? 2 : r < 0.8 ? 3 : r < 0.9 ? 1 : 4;
  if (mood === 'mixed') return r < 0.5 ? 4 : r < 0.85 ? 3 : 5;
  return r < 0.62 ? 5 : r < 0.93 ? 4 : 3;
}

/** Whether a question can be answered so that it needs attention (an attention option or a normal range). */
const canFlag = (q: Question) => !!q.options?.some((o) => o.attention) || (q.type === 'number' && q.normalMax !== undefined);

function value(q: Question, rng: Rng, mood: Mood, flag: boolean): Answers[string] | undefined {
  const options = q.options ?? [];
  switch (q.type) {
    case 'instruction':
    case 'date':
      return undefined;
    case 'single':
    case 'dropdown':
    case 'multiple': {
      let code: string;
      if (flag)
        code = pick(
          rng,
          options.filter((o) => o.attention),
        ).code;
      else if (options.some((o) => o.score !== undefined)) {
        // Scored options (satisfaction): the option whose score is nearest the mood's score; rarely "don't know".
        const unscored = options.find((o) => o.score === undefined && !o.attention);
        if (unscored && rng() < 0.03) code = unscored.code;
        else {
          const want = satisfactionScore(rng, mood);
          const scored = options.filter((o) => o.score !== undefined && (mood === 'poor' || !o.attention));
          code = scored.reduce((a, b) => (Math.abs((b.score ?? 0) - want) < Math.abs((a.score ?? 0) - want) ? b : a)).code;
        }
      } else {
        const calm = options.filter((o) => !o.attention);
        code = rng() < 0.7 ? calm[0].code : pick(rng, calm).code;
      }
      return q.type === 'multiple' ? [code] : code;
    }
    case 'rating':
      return satisfactionScore(rng, mood);
    case 'nps':
      // With a dimension: likelihood to recommend (high is good); without: e.g. pain (low is good).
      return q.dimension ? Math.min(10, satisfactionScore(rng, mood) * 2 + between(rng, -1, 0)) : between(rng, 0, 4);
    case 'number': {
      const lo = q.normalMin ?? 0;
      const hi = q.normalMax ?? lo + 10;
      const decimals = Number.isInteger(lo) && Number.isInteger(hi) && hi - lo > 10 ? 0 : 1;
      const x = flag ? hi * (1.15 + rng() * 0.25) : lo + (hi - lo) * (0.25 + rng() * 0.65);
      return Number(x.toFixed(decimals));
    }
    case 'yesno':
      return rng() < 0.78;
    case 'text': {
      if (q.required) return pick(rng, SYMPTOMS);
      if (q.id === 'praise') return mood === 'good' && rng() < 0.25 ? pick(rng, PRAISE) : undefined;
      if (q.dimension || q.id === 'fftWhy' || q.id === 'suggestion') {
        if (mood === 'poor') return rng() < 0.8 ? pick(rng, COMPLAINTS) : undefined;
        if (mood === 'mixed') return rng() < 0.45 ? pick(rng, MIXED) : undefined;
        return rng() < 0.12 ? pick(rng, PRAISE) : undefined;
      }
      return rng() < 0.1 ? pick(rng, FOR_DOCTOR) : undefined;
    }
  }
}

/**
 * Answers a patient might give to a questionnaire, valid for its definition (branching followed:
 * questions are answered as they become visible). With mood `flag`, exactly one question that can
 * need attention is answered so that it does (the one a nurse would escalate).
 */
export function demoAnswers(def: QuestionnaireDefinition, rng: Rng, mood: Mood): Answers {
  const answers: Answers = {};
  const asked = new Set<string>();
  const flaggable = def.sections.flatMap((s) => s.questions).filter((q) => canFlag(q) && !q.showIf);
  const flagId = mood === 'flag' && flaggable.length ? pick(rng, flaggable).id : undefined;
  for (let pass = 0; pass < 4; pass++) {
    let added = false;
    for (const q of visibleQuestions(def, answers)) {
      if (asked.has(q.id)) continue;
      asked.add(q.id);
      const v = value(q, rng, mood, q.id === flagId);
      if (v === undefined) continue;
      answers[q.id] = v;
      added = true;
    }
    if (!added) break;
  }
  return answers;
}
