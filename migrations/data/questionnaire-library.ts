/**
 * The questionnaire library shipped with the product (zh-CN and en), inserted as published
 * version 1 by migration QuestionnaireLibrary. Frozen with that migration: improvements ship as new
 * versions through a later migration, never by editing this file.
 */
type T = { zh: string; en: string };
const t = (zh: string, en: string): T => ({ zh, en });
const opt = (code: string, zh: string, en: string, extra: { score?: number; attention?: boolean } = {}) => ({
  code,
  label: t(zh, en),
  ...extra,
});
const YES_NO_ALERT = [opt('yes', '是', 'Yes', { attention: true }), opt('no', '否', 'No')];
const YES_NO = [opt('yes', '是', 'Yes'), opt('no', '否', 'No')];
const SATISFACTION = [
  opt('5', '非常满意', 'Very satisfied', { score: 5 }),
  opt('4', '满意', 'Satisfied', { score: 4 }),
  opt('3', '一般', 'Neither', { score: 3 }),
  opt('2', '不满意', 'Dissatisfied', { score: 2, attention: true }),
  opt('1', '非常不满意', 'Very dissatisfied', { score: 1, attention: true }),
];
/** NHS Friends and Family Test answer set. */
const FFT = [
  opt('very_good', '非常好', 'Very good', { score: 5 }),
  opt('good', '好', 'Good', { score: 4 }),
  opt('neither', '一般', 'Neither good nor poor', { score: 3 }),
  opt('poor', '差', 'Poor', { score: 2, attention: true }),
  opt('very_poor', '非常差', 'Very poor', { score: 1, attention: true }),
  opt('dont_know', '不知道', "Don't know"),
];

const SCRIPT = {
  id: 'script',
  type: 'instruction',
  text: t(
    '您好，我是医院随访中心的护士，想了解一下您出院后的恢复情况，大约需要三分钟，现在方便吗？',
    'Hello, I am a nurse from the hospital follow-up centre. May I ask a few questions about your recovery? It takes about three minutes.',
  ),
};
const GENERAL_STATE = {
  id: 'generalState',
  type: 'single',
  required: true,
  text: t('您目前的总体恢复情况如何？', 'How is your recovery overall?'),
  options: [opt('good', '良好', 'Good'), opt('fair', '一般', 'Fair'), opt('poor', '较差', 'Poor', { attention: true })],
};
const MEDICATION = {
  id: 'medication',
  type: 'single',
  required: true,
  text: t('您是否按医嘱规律服药？', 'Do you take your medication as prescribed?'),
  options: [
    opt('regular', '规律服药', 'Regularly'),
    opt('sometimes', '偶尔漏服', 'Sometimes miss doses', { attention: true }),
    opt('stopped', '已自行停药', 'Stopped on my own', { attention: true }),
    opt('none', '无需服药', 'No medication'),
  ],
};
const RETURN_VISIT = { id: 'returnVisit', type: 'yesno', text: t('是否已按时复诊？', 'Have you attended your follow-up appointment?') };
const QUESTIONS_FOR_DOCTOR = {
  id: 'questions',
  type: 'text',
  text: t('您还有什么问题需要我们转达给医生？', 'Anything you would like us to pass on to your doctor?'),
};

const section = (id: string, zh: string, en: string, questions: object[], showIf?: object[]) => ({
  id,
  title: t(zh, en),
  ...(showIf ? { showIf } : {}),
  questions,
});

export const LIBRARY: Array<{ code: string; titleZh: string; titleEn: string; description: string; definition: object }> = [
  {
    code: 'lib_post_discharge_general',
    titleZh: '出院后通用随访',
    titleEn: 'Post-discharge follow-up (general)',
    description: '适用于各科室出院患者的电话随访 / Phone follow-up for patients discharged from any department.',
    definition: {
      scoring: 'sum',
      sections: [
        section('recovery', '恢复情况', 'Recovery', [
          SCRIPT,
          GENERAL_STATE,
          {
            id: 'newSymptoms',
            type: 'single',
            required: true,
            text: t('出院后是否出现新的不适症状？', 'Any new symptoms since discharge?'),
            options: YES_NO_ALERT,
          },
          {
            id: 'symptomDetail',
            type: 'text',
            required: true,
            text: t('请描述症状', 'Please describe the symptoms'),
            showIf: [{ question: 'newSymptoms', op: 'equals', value: 'yes' }],
          },
          MEDICATION,
          RETURN_VISIT,
        ]),
        section('advice', '健康指导', 'Advice', [
          { id: 'adviceClear', type: 'yesno', text: t('出院时的注意事项您是否清楚？', 'Were the discharge instructions clear to you?') },
          QUESTIONS_FOR_DOCTOR,
        ]),
      ],
    },
  },
  {
    code: 'lib_post_surgery',
    titleZh: '术后随访',
    titleEn: 'Post-surgery follow-up',
    description: '手术患者出院后的伤口、疼痛与功能恢复 / Wound, pain and function after surgery.',
    definition: {
      scoring: 'sum',
      sections: [
        section('wound', '伤口与疼痛', 'Wound and pain', [
          SCRIPT,
          {
            id: 'wound',
            type: 'single',
            required: true,
            text: t('伤口愈合情况', 'How is the wound healing?'),
            options: [
              opt('healed', '已愈合', 'Healed'),
              opt('healing', '愈合中', 'Healing'),
              opt('red', '红肿', 'Red or swollen', { attention: true }),
              opt('discharge', '渗液或化脓', 'Discharge or pus', { attention: true }),
            ],
          },
          {
            id: 'fever',
            type: 'single',
            required: true,
            text: t('出院后是否发热（超过38℃）？', 'Any fever above 38 °C since discharge?'),
            options: YES_NO_ALERT,
          },
          { id: 'pain', type: 'nps', required: true, text: t('目前疼痛程度（0 无痛 – 10 剧痛）', 'Pain now (0 none – 10 worst)') },
          {
            id: 'painAdvice',
            type: 'instruction',
            text: t('疼痛评分≥7，请告知患者尽快复诊，并上报主治医生。', 'Pain 7 or more: advise an early visit and report to the surgeon.'),
            showIf: [{ question: 'pain', op: 'gte', value: 7 }],
          },
        ]),
        section('function', '功能恢复', 'Function', [
          {
            id: 'mobility',
            type: 'single',
            text: t('日常活动能力', 'Daily activities'),
            options: [
              opt('normal', '正常', 'Normal'),
              opt('limited', '部分受限', 'Partly limited'),
              opt('bed', '卧床', 'Bed-bound', { attention: true }),
            ],
          },
          RETURN_VISIT,
          QUESTIONS_FOR_DOCTOR,
        ]),
      ],
    },
  },
  {
    code: 'lib_hypertension',
    titleZh: '高血压随访',
    titleEn: 'Hypertension follow-up',
    description: '血压监测、服药与生活方式 / Blood pressure, medication and lifestyle.',
    definition: {
      sections: [
        section('bp', '血压', 'Blood pressure', [
          SCRIPT,
          {
            id: 'sbp',
            type: 'number',
            required: true,
            unit: 'mmHg',
            normalMin: 90,
            normalMax: 139,
            text: t('最近一次收缩压', 'Latest systolic pressure'),
          },
          {
            id: 'dbp',
            type: 'number',
            required: true,
            unit: 'mmHg',
            normalMin: 60,
            normalMax: 89,
            text: t('最近一次舒张压', 'Latest diastolic pressure'),
          },
          { id: 'dizziness', type: 'single', text: t('是否有头晕、头痛？', 'Dizziness or headache?'), options: YES_NO_ALERT },
          MEDICATION,
        ]),
        section('lifestyle', '生活方式', 'Lifestyle', [
          { id: 'salt', type: 'yesno', text: t('是否坚持低盐饮食（每日<5克）？', 'Low-salt diet (under 5 g a day)?') },
          {
            id: 'smoking',
            type: 'single',
            text: t('吸烟情况', 'Smoking'),
            options: [opt('never', '从不吸烟', 'Never'), opt('quit', '已戒烟', 'Quit'), opt('current', '吸烟', 'Smokes')],
          },
          {
            id: 'exercise',
            type: 'single',
            text: t('每周运动次数', 'Exercise per week'),
            options: [opt('0', '基本不运动', 'Hardly any'), opt('1_2', '1–2次', '1–2 times'), opt('3', '3次及以上', '3 or more')],
          },
        ]),
      ],
    },
  },
  {
    code: 'lib_diabetes',
    titleZh: '糖尿病随访',
    titleEn: 'Diabetes follow-up',
    description: '血糖、糖化血红蛋白、尿微量白蛋白与并发症筛查 / Glucose, HbA1c, microalbumin and complications.',
    definition: {
      sections: [
        section('control', '血糖控制', 'Glucose control', [
          SCRIPT,
          { id: 'fpg', type: 'number', unit: 'mmol/L', normalMin: 4.4, normalMax: 7.0, text: t('空腹血糖', 'Fasting plasma glucose') },
          { id: 'hba1c', type: 'number', unit: '%', normalMin: 4.0, normalMax: 7.0, text: t('糖化血红蛋白（HbA1c）', 'HbA1c') },
          { id: 'malb', type: 'number', unit: 'mg/L', normalMin: 0, normalMax: 20, text: t('尿微量白蛋白', 'Urine microalbumin') },
          {
            id: 'hypo',
            type: 'single',
            required: true,
            text: t(
              '近一个月是否发生低血糖（心慌、出汗、手抖）？',
              'Any hypoglycaemia in the last month (palpitations, sweating, tremor)?',
            ),
            options: YES_NO_ALERT,
          },
          { id: 'insulin', type: 'yesno', text: t('是否使用胰岛素？', 'On insulin?') },
          MEDICATION,
        ]),
        section('complications', '并发症筛查', 'Complications', [
          { id: 'footCheck', type: 'yesno', text: t('近一年是否做过足部检查？', 'Foot examination in the last year?') },
          { id: 'eyeCheck', type: 'yesno', text: t('近一年是否做过眼底检查？', 'Eye (fundus) examination in the last year?') },
          {
            id: 'numbness',
            type: 'single',
            text: t('手脚是否麻木或刺痛？', 'Numbness or tingling in hands or feet?'),
            options: YES_NO_ALERT,
          },
        ]),
      ],
    },
  },
  {
    code: 'lib_maternity',
    titleZh: '产后随访',
    titleEn: 'Postnatal follow-up',
    description: '产妇与新生儿情况、母乳喂养与情绪 / Mother and baby, breastfeeding and mood.',
    definition: {
      sections: [
        section('mother', '产妇情况', 'Mother', [
          SCRIPT,
          {
            id: 'delivery',
            type: 'single',
            required: true,
            text: t('分娩方式', 'Mode of delivery'),
            options: [opt('vaginal', '顺产', 'Vaginal'), opt('caesarean', '剖宫产', 'Caesarean')],
          },
          {
            id: 'lochia',
            type: 'single',
            text: t('恶露情况', 'Lochia'),
            options: [opt('normal', '正常', 'Normal'), opt('heavy', '量多或有异味', 'Heavy or smells', { attention: true })],
          },
          {
            id: 'incision',
            type: 'single',
            text: t('剖宫产切口情况', 'Caesarean wound'),
            options: [opt('good', '愈合良好', 'Healing well'), opt('problem', '红肿渗液', 'Red or discharging', { attention: true })],
            showIf: [{ question: 'delivery', op: 'equals', value: 'caesarean' }],
          },
          {
            id: 'mood',
            type: 'single',
            text: t('近两周是否经常情绪低落、对事物失去兴趣？', 'In the last two weeks, often feeling down or losing interest?'),
            options: YES_NO_ALERT,
          },
        ]),
        section('baby', '新生儿', 'Baby', [
          {
            id: 'feeding',
            type: 'single',
            text: t('喂养方式', 'Feeding'),
            options: [opt('breast', '纯母乳', 'Breast only'), opt('mixed', '混合喂养', 'Mixed'), opt('formula', '人工喂养', 'Formula')],
          },
          { id: 'jaundice', type: 'single', text: t('宝宝皮肤是否发黄加重？', 'Is the baby getting more yellow?'), options: YES_NO_ALERT },
          { id: 'vaccines', type: 'yesno', text: t('是否按时接种疫苗？', 'Vaccinations on schedule?') },
        ]),
      ],
    },
  },
  {
    code: 'lib_inpatient_satisfaction',
    titleZh: '住院患者满意度调查',
    titleEn: 'Inpatient satisfaction survey',
    description:
      '按维度评分，含"亲友推荐"总体问题（参照英国 Friends and Family Test）/ Scored by dimension, with the Friends-and-Family overall question.',
    definition: {
      scoring: 'weighted',
      sections: [
        section('overall', '总体评价', 'Overall', [
          {
            id: 'fft',
            type: 'single',
            required: true,
            dimension: 'overall',
            text: t('总体而言，您对本次住院的医疗服务体验如何？', 'Overall, how was your experience of our service?'),
            options: FFT,
          },
          { id: 'fftWhy', type: 'text', text: t('请告诉我们您这样评价的主要原因', 'Please tell us the main reason for your answer') },
        ]),
        section('dimensions', '分项满意度', 'By area', [
          {
            id: 'doctor',
            type: 'single',
            required: true,
            dimension: 'doctor',
            weight: 2,
            text: t('医生的诊疗与沟通', 'Care and explanations from doctors'),
            options: SATISFACTION,
          },
          {
            id: 'nurse',
            type: 'single',
            required: true,
            dimension: 'nurse',
            weight: 2,
            text: t('护士的护理与态度', 'Care and attitude of nurses'),
            options: SATISFACTION,
          },
          {
            id: 'environment',
            type: 'single',
            dimension: 'environment',
            text: t('病房环境与卫生', 'Ward environment and cleanliness'),
            options: SATISFACTION,
          },
          { id: 'food', type: 'single', dimension: 'food', text: t('医院膳食', 'Hospital food'), options: SATISFACTION },
          {
            id: 'discharge',
            type: 'single',
            dimension: 'discharge',
            text: t('出院手续与出院指导', 'Discharge process and instructions'),
            options: SATISFACTION,
          },
          { id: 'praise', type: 'text', text: t('您想表扬的医护人员', 'Staff you would like to praise') },
          { id: 'suggestion', type: 'text', text: t('意见与建议', 'Comments and suggestions') },
        ]),
      ],
    },
  },
  {
    code: 'lib_outpatient_satisfaction',
    titleZh: '门诊患者满意度调查',
    titleEn: 'Outpatient satisfaction survey',
    description: '门诊流程、候诊时间与医生沟通 / Clinic process, waiting time and doctors.',
    definition: {
      scoring: 'weighted',
      sections: [
        section('visit', '就诊体验', 'Visit', [
          {
            id: 'nps',
            type: 'nps',
            required: true,
            dimension: 'overall',
            text: t('您有多大可能向亲友推荐本院门诊？（0–10）', 'How likely are you to recommend our clinic to friends or family? (0–10)'),
          },
          {
            id: 'waiting',
            type: 'single',
            text: t('候诊时间', 'Waiting time'),
            options: [
              opt('lt15', '15分钟以内', 'Under 15 minutes', { score: 5 }),
              opt('15_30', '15–30分钟', '15–30 minutes', { score: 4 }),
              opt('30_60', '30–60分钟', '30–60 minutes', { score: 2 }),
              opt('gt60', '超过1小时', 'Over an hour', { score: 1, attention: true }),
            ],
          },
          {
            id: 'doctor',
            type: 'single',
            required: true,
            dimension: 'doctor',
            text: t('医生的问诊与解释', 'Consultation and explanations'),
            options: SATISFACTION,
          },
          {
            id: 'environment',
            type: 'single',
            dimension: 'environment',
            text: t('门诊环境与指引', 'Clinic environment and signposting'),
            options: SATISFACTION,
          },
          { id: 'suggestion', type: 'text', text: t('意见与建议', 'Comments and suggestions') },
        ]),
      ],
    },
  },
];
