import { MigrationInterface, QueryRunner } from 'typeorm';

const ARTICLES: Array<[icd: string, titleZh: string, titleEn: string, bodyZh: string, bodyEn: string]> = [
  [
    'I10',
    '原发性高血压随访要点',
    'Hypertension: follow-up essentials',
    '- 目标血压一般 <140/90 mmHg（能耐受者 <130/80）。\n- 询问家庭自测血压、头晕头痛、服药依从性。\n- 收缩压 ≥180 或舒张压 ≥110 mmHg，或伴胸痛、肢体无力、言语不清：建议立即就医。\n- 生活方式：每日食盐 <5 克、戒烟限酒、规律运动。',
    '- Target usually below 140/90 mmHg (130/80 if tolerated).\n- Ask about home readings, dizziness or headache, and adherence.\n- Systolic ≥ 180 or diastolic ≥ 110 mmHg, or chest pain, weakness, slurred speech: advise urgent care.\n- Lifestyle: salt under 5 g a day, no smoking, limited alcohol, regular exercise.',
  ],
  [
    'E11',
    '2型糖尿病随访要点',
    'Type 2 diabetes: follow-up essentials',
    '- 空腹血糖目标 4.4–7.0 mmol/L，糖化血红蛋白一般 <7%。\n- 询问低血糖（心慌、出汗、手抖），如有立即进食含糖食物并复测。\n- 每年足部、眼底检查及尿微量白蛋白检测。\n- 随身携带糖果，规律监测血糖。',
    '- Fasting glucose 4.4–7.0 mmol/L; HbA1c usually below 7 %.\n- Ask about hypoglycaemia (palpitations, sweating, tremor): eat sugar and re-test.\n- Yearly foot and eye examinations and urine microalbumin.\n- Carry sweets; monitor glucose regularly.',
  ],
  [
    'I25',
    '冠心病出院后注意事项',
    'Coronary heart disease after discharge',
    '- 坚持抗血小板、他汀等药物，不可自行停药。\n- 出现持续胸痛超过15分钟、含服硝酸甘油不缓解：立即拨打120。\n- 逐步恢复活动，避免剧烈运动与情绪激动。',
    '- Keep taking antiplatelet and statin medicines; never stop on your own.\n- Chest pain lasting over 15 minutes or not relieved by nitroglycerin: call 120 at once.\n- Return to activity gradually; avoid strenuous exercise and stress.',
  ],
  [
    'K80',
    '胆囊结石术后随访要点',
    'Gallstones: after surgery',
    '- 术后一个月内低脂清淡饮食，少量多餐。\n- 伤口红肿、渗液或发热 >38℃、皮肤巩膜发黄：及时复诊。',
    '- Low-fat, light meals in small portions for a month after surgery.\n- Red or discharging wound, fever above 38 °C, or yellow skin or eyes: see a doctor promptly.',
  ],
  [
    'O80',
    '产后随访要点',
    'After childbirth',
    '- 产后42天复查。\n- 恶露量多、有异味或发热：及时就诊。\n- 关注产妇情绪，持续低落两周以上建议心理门诊。\n- 鼓励母乳喂养，新生儿黄疸加重需就医。',
    '- Postnatal check at 42 days.\n- Heavy or smelly lochia, or fever: see a doctor.\n- Watch the mother’s mood: low for more than two weeks → mental-health clinic.\n- Encourage breastfeeding; worsening newborn jaundice needs a doctor.',
  ],
];

/** Disease knowledge base (issue #5): articles per ICD-10 prefix, with a few seeded in zh-CN and en. */
export class KnowledgeBase1764100000001 implements MigrationInterface {
  name = 'KnowledgeBase1764100000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "knowledge_article" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "icd_prefix" character varying(16) NOT NULL, "title_zh" character varying(200) NOT NULL, "title_en" character varying(200) NOT NULL, "body_zh" text NOT NULL, "body_en" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e6c80ff5dc988b082b737db9df" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_knowledge_article_icd" ON "knowledge_article" ("icd_prefix")`);
    for (const [icd, tz, te, bz, be] of ARTICLES) {
      await q.query(`INSERT INTO knowledge_article (icd_prefix, title_zh, title_en, body_zh, body_en) VALUES ($1, $2, $3, $4, $5)`, [
        icd,
        tz,
        te,
        bz,
        be,
      ]);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_knowledge_article_icd"`);
    await q.query(`DROP TABLE "knowledge_article"`);
  }
}
