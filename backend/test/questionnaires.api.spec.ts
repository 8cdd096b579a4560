import { startTestApp, TestApp } from './support/test-app';

const t2 = (zh: string, en: string) => ({ zh, en });
const DEFINITION = {
  scoring: 'sum',
  sections: [
    {
      id: 'main',
      title: t2('随访', 'Follow-up'),
      questions: [
        {
          id: 'chestPain',
          type: 'single',
          required: true,
          text: t2('是否胸痛？', 'Chest pain?'),
          options: [
            { code: 'yes', label: t2('是', 'Yes'), attention: true },
            { code: 'no', label: t2('否', 'No') },
          ],
        },
        {
          id: 'painScore',
          type: 'rating',
          required: true,
          text: t2('疼痛程度', 'Pain level'),
          showIf: [{ question: 'chestPain', op: 'equals', value: 'yes' }],
        },
        { id: 'overall', type: 'rating', text: t2('总体满意度', 'Overall satisfaction'), dimension: 'overall' },
      ],
    },
  ],
};

describe('questionnaires', () => {
  let t: TestApp;
  let doctor: string;
  const auth = () => ({ Authorization: `Bearer ${doctor}` });

  beforeAll(async () => {
    t = await startTestApp();
    doctor = await t.login('doctor');
  });
  afterAll(() => t.close());

  it('a doctor builds, previews and publishes a questionnaire; published versions are frozen; edits make a new version', async () => {
    const created = await t
      .http()
      .post('/api/questionnaires')
      .set(auth())
      .send({ code: 'cardio_discharge', titleZh: '心内科出院随访', titleEn: 'Cardiology discharge', definition: DEFINITION })
      .expect(201);
    expect(created.body).toMatchObject({ version: 1, status: 'draft' });

    const preview = await t
      .http()
      .post(`/api/questionnaires/${created.body.id}/preview`)
      .set(auth())
      .send({ answers: { chestPain: 'yes', overall: 4 } })
      .expect(201);
    expect(preview.body).toMatchObject({
      visible: ['chestPain', 'painScore', 'overall'],
      errors: { painScore: ['an answer is required'] },
      attention: ['chestPain'],
      scores: { total: 4, dimensions: { overall: 4 } },
    });

    await t.http().post(`/api/questionnaires/${created.body.id}/publish`).set(auth()).expect(201);
    const frozen = await t.http().patch(`/api/questionnaires/${created.body.id}`).set(auth()).send({ titleZh: '改名' });
    expect(frozen.status).toBe(409);
    expect(frozen.body.code).toBe('QUESTIONNAIRE_NOT_DRAFT');
    // The database refuses too, whatever the code path.
    await expect(t.sql(`UPDATE questionnaire SET definition = '{}' WHERE id = $1`, [created.body.id])).rejects.toThrow(/cannot be changed/);

    const v2 = await t.http().post(`/api/questionnaires/${created.body.id}/new-version`).set(auth()).expect(201);
    expect(v2.body).toMatchObject({ code: 'cardio_discharge', version: 2, status: 'draft' });
    expect((await t.http().post(`/api/questionnaires/${created.body.id}/new-version`).set(auth())).body.code).toBe(
      'QUESTIONNAIRE_DRAFT_EXISTS',
    );
    await t.http().patch(`/api/questionnaires/${v2.body.id}`).set(auth()).send({ titleZh: '心内科出院随访（第二版）' }).expect(200);
    await t.http().post(`/api/questionnaires/${v2.body.id}/publish`).set(auth()).expect(201);
    const v1 = await t.http().get(`/api/questionnaires/${created.body.id}`).set(auth()).expect(200);
    expect(v1.body.status).toBe('retired');
  });

  it('refuses logic pointing to a later question with field errors', async () => {
    const broken = JSON.parse(JSON.stringify(DEFINITION));
    broken.sections[0].questions[0].showIf = [{ question: 'overall', op: 'answered' }];
    const res = await t
      .http()
      .post('/api/questionnaires')
      .set(auth())
      .send({ code: 'broken', titleZh: '坏', titleEn: 'Broken', definition: broken });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual({
      'definition.sections.0.questions.0.showIf.0': ['refers to "overall", which is not an earlier question'],
    });
  });

  it("previews an unsaved definition (the builder's live preview) and checks it like a save", async () => {
    const created = await t
      .http()
      .post('/api/questionnaires')
      .set(auth())
      .send({ code: 'preview_unsaved', titleZh: '预览', titleEn: 'Preview', definition: DEFINITION })
      .expect(201);
    const edited = JSON.parse(JSON.stringify(DEFINITION));
    edited.sections[0].questions[2].showIf = [{ question: 'chestPain', op: 'equals', value: 'no' }];
    const preview = await t
      .http()
      .post(`/api/questionnaires/${created.body.id}/preview`)
      .set(auth())
      .send({ answers: { chestPain: 'yes', painScore: 3, overall: 5 }, definition: edited })
      .expect(201);
    expect(preview.body).toMatchObject({ visible: ['chestPain', 'painScore'], scores: { total: 3 } });
    // The stored definition is unchanged.
    const stored = await t.http().get(`/api/questionnaires/${created.body.id}`).set(auth()).expect(200);
    expect(stored.body.definition.sections[0].questions[2].showIf).toBeUndefined();

    edited.sections[0].questions[0].showIf = [{ question: 'painScore', op: 'answered' }];
    const refused = await t
      .http()
      .post(`/api/questionnaires/${created.body.id}/preview`)
      .set(auth())
      .send({ answers: {}, definition: edited });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual({
      'definition.sections.0.questions.0.showIf.0': ['refers to "painScore", which is not an earlier question'],
    });
  });

  it('ships the library, published, in Chinese and English', async () => {
    const res = await t.http().get('/api/questionnaires?status=published').set(auth()).expect(200);
    const library = res.body.filter((q: { library: boolean }) => q.library);
    expect(library).toHaveLength(7);
    expect(library.find((q: { code: string }) => q.code === 'lib_diabetes')).toMatchObject({
      titleZh: '糖尿病随访',
      titleEn: 'Diabetes follow-up',
      version: 1,
    });
  });

  it('the knowledge base finds the most specific article for a diagnosis; doctors edit it', async () => {
    const res = await t.http().get('/api/knowledge?icd=I10.x1').set(auth()).expect(200);
    expect(res.body.map((a: { icdPrefix: string }) => a.icdPrefix)).toEqual(['I10']);
    const created = await t
      .http()
      .post('/api/knowledge')
      .set(auth())
      .send({ icdPrefix: 'i10.0', titleZh: '恶性高血压', titleEn: 'Malignant hypertension', bodyZh: '- 立即就医', bodyEn: '- Urgent care' })
      .expect(201);
    expect(created.body.icdPrefix).toBe('I10.0');
    const specific = await t.http().get('/api/knowledge?icd=I10.01').set(auth()).expect(200);
    expect(specific.body.map((a: { icdPrefix: string }) => a.icdPrefix)).toEqual(['I10.0', 'I10']);
    expect((await t.http().get('/api/knowledge?icd=zz9').set(auth())).status).toBe(400);
  });

  it('nurses read but cannot build questionnaires', async () => {
    const nurse = await t.login('nurse');
    await t.http().get('/api/questionnaires').set('Authorization', `Bearer ${nurse}`).expect(200);
    expect((await t.http().post('/api/questionnaires').set('Authorization', `Bearer ${nurse}`).send({})).status).toBe(403);
  });
});
