import { startTestApp, TestApp } from './support/test-app';

describe('patient records', () => {
  let t: TestApp;
  let nurse: string;
  let admin: string;
  let manager: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const NURSE_DEPTS = ['CARD', 'ENDO'];

  beforeAll(async () => {
    t = await startTestApp();
    [nurse, admin, manager] = await Promise.all([t.login('nurse'), t.login('admin'), t.login('manager')]);
  });
  afterAll(() => t.close());

  const visibleToNurse = () =>
    t.sql<{ id: string }>(
      `SELECT DISTINCT p.id FROM patient p JOIN encounter e ON e.patient_id = p.id JOIN department d ON d.id = e.department_id
        WHERE d.code = ANY($1) AND p.merged_into_id IS NULL`,
      [NURSE_DEPTS],
    );
  const outsideNurse = async () =>
    (
      await t.sql<{ id: string }>(
        // No stay in her departments and not registered in one either (patients created by hand in this test are).
        `SELECT p.id FROM patient p WHERE NOT EXISTS (SELECT 1 FROM encounter e JOIN department d ON d.id = e.department_id WHERE e.patient_id = p.id AND d.code = ANY($1))
            AND NOT EXISTS (SELECT 1 FROM department d WHERE d.id = p.registered_department_id AND d.code = ANY($1)) ORDER BY p.id LIMIT 1`,
        [NURSE_DEPTS],
      )
    )[0].id;

  describe('department scoping', () => {
    it('a nurse lists exactly the patients with an encounter in her departments', async () => {
      const expected = await visibleToNurse();
      const res = await t.http().get('/api/patients?pageSize=200').set(auth(nurse)).expect(200);
      expect(res.body.total).toBe(expected.length);
      expect(res.body.items.map((p: { id: string }) => p.id).sort()).toEqual(expected.map((r) => r.id).sort());
      const all = await t.http().get('/api/patients?pageSize=1').set(auth(manager)).expect(200);
      expect(all.body.total).toBe(60);
      expect(res.body.total).toBeLessThan(60);
    });

    it('a nurse cannot open, reveal or read the timeline of a patient outside her departments (404)', async () => {
      const id = await outsideNurse();
      for (const [method, path] of [
        ['get', `/api/patients/${id}`],
        ['post', `/api/patients/${id}/reveal`],
        ['get', `/api/patients/${id}/timeline`],
      ] as const) {
        const res = await t.http()[method](path).set(auth(nurse));
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('PATIENT_NOT_FOUND');
      }
      await t.http().get(`/api/patients/${id}`).set(auth(manager)).expect(200);
    });

    it('a new encounter in her department makes a patient visible to the nurse (scope kept by triggers)', async () => {
      const id = await outsideNurse();
      expect((await t.http().get(`/api/patients/${id}`).set(auth(nurse))).status).toBe(404);
      await t.sql(
        `INSERT INTO encounter (patient_id, type, department_id, admitted_at, visit_number, source_system)
         SELECT $1, 'outpatient', id, now(), 'SCOPE-TEST-1', 'TEST' FROM department WHERE code = 'CARD'`,
        [id],
      );
      await t.http().get(`/api/patients/${id}`).set(auth(nurse)).expect(200);
      const row = (await t.sql<{ last_visit_at: Date }>(`SELECT last_visit_at FROM patient WHERE id = $1`, [id]))[0];
      expect(Date.now() - new Date(row.last_visit_at).getTime()).toBeLessThan(60_000);
      await t.sql(
        `UPDATE encounter SET department_id = (SELECT id FROM department WHERE code = 'ORTH') WHERE visit_number = 'SCOPE-TEST-1'`,
      );
      expect((await t.http().get(`/api/patients/${id}`).set(auth(nurse))).status).toBe(404);
    });

    it('the department switcher narrows the list to one department', async () => {
      const me = await t.http().get('/api/auth/me').set(auth(nurse));
      const endo = me.body.departments.find((d: { code: string }) => d.code === 'ENDO').id;
      const res = await t.http().get('/api/patients?pageSize=200').set(auth(nurse)).set('X-Department-Id', endo).expect(200);
      const expected = await t.sql(`SELECT DISTINCT e.patient_id FROM encounter e WHERE e.department_id = $1`, [endo]);
      expect(res.body.total).toBe(expected.length);
    });
  });

  describe('search', () => {
    let target: { id: string; name: string; pinyin_initials: string; name_pinyin: string; phone: string; his: string };
    beforeAll(async () => {
      target = (
        await t.sql<typeof target>(
          `SELECT p.id, p.name, p.pinyin_initials, p.name_pinyin,
                (SELECT number FROM patient_phone WHERE patient_id = p.id AND is_primary) AS phone,
                (SELECT value FROM patient_identifier WHERE patient_id = p.id AND type = 'his_id') AS his
           FROM patient p ORDER BY p.name LIMIT 1`,
        )
      )[0];
    });
    const ids = async (q: string) => {
      const res = await t
        .http()
        .get(`/api/patients?pageSize=200&q=${encodeURIComponent(q)}`)
        .set(auth(admin))
        .expect(200);
      return res.body.items.map((p: { id: string }) => p.id) as string[];
    };

    it('finds a patient by name, pinyin initials, full pinyin, phone, phone tail and identifier', async () => {
      expect(await ids(target.name)).toContain(target.id);
      expect(await ids(target.pinyin_initials.toLowerCase())).toContain(target.id);
      expect(await ids(target.name_pinyin)).toContain(target.id);
      expect(await ids(target.phone)).toContain(target.id);
      expect(await ids(target.phone.slice(-4))).toContain(target.id);
      expect(await ids(target.his)).toEqual([target.id]);
      expect(await ids('不存在的人名')).toEqual([]);
    });

    it('masks phones and ID numbers in the list', async () => {
      const res = await t.http().get(`/api/patients?q=${target.his}`).set(auth(admin)).expect(200);
      expect(res.body.items[0].phone).toMatch(/^1\d\d\*{4}\d{4}$/);
      expect(res.body.items[0].idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    });

    it('filters by ICD prefix, age band and status; bad filters are field errors', async () => {
      const res = await t.http().get('/api/patients?icd=I&pageSize=200').set(auth(admin)).expect(200);
      const expected = await t.sql(
        `SELECT DISTINCT e.patient_id FROM encounter_diagnosis d JOIN encounter e ON e.id = d.encounter_id WHERE d.icd10_code LIKE 'I%'`,
      );
      expect(res.body.total).toBe(expected.length);
      const old = await t.http().get('/api/patients?ageMin=80&pageSize=200').set(auth(admin)).expect(200);
      expect(old.body.items.every((p: { age: number }) => p.age >= 80)).toBe(true);
      const bad = await t.http().get('/api/patients?icd=hello&ageMin=-1&status=gone').set(auth(admin));
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.fields).sort()).toEqual(['ageMin', 'icd', 'status']);
    });
  });

  describe('the record', () => {
    it('shows the masked record, audits the read, reveals with an audit event', async () => {
      const id = (await visibleToNurse())[0].id;
      const res = await t.http().get(`/api/patients/${id}`).set(auth(nurse)).expect(200);
      expect(res.body.masked).toBe(true);
      expect(res.body.phones[0].number).toContain('****');
      expect(res.body.encounters.length).toBeGreaterThan(0);
      const revealed = await t.http().post(`/api/patients/${id}/reveal`).set(auth(nurse)).expect(201);
      expect(revealed.body.phones[0].number).toMatch(/^1[3-9]\d{9}$/);
      const events = await t.sql<{ action: string; actor_username: string }>(
        `SELECT action, actor_username FROM audit_event WHERE entity_id = $1 ORDER BY id`,
        [id],
      );
      expect(events).toEqual([
        { action: 'patient.read', actor_username: 'nurse' },
        { action: 'patient.reveal', actor_username: 'nurse' },
      ]);
    });

    it('a manager may read but not reveal', async () => {
      const id = (await visibleToNurse())[0].id;
      expect((await t.http().post(`/api/patients/${id}/reveal`).set(auth(manager))).status).toBe(403);
    });

    it('the timeline lists admissions, diagnoses and discharges newest first', async () => {
      const id = (await visibleToNurse())[0].id;
      const res = await t.http().get(`/api/patients/${id}/timeline`).set(auth(nurse)).expect(200);
      const kinds = new Set(res.body.map((i: { kind: string }) => i.kind));
      expect([...kinds]).toEqual(expect.arrayContaining(['admission', 'discharge', 'diagnosis']));
      const times = res.body.map((i: { at: string }) => new Date(i.at).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });
  });

  describe('create and edit', () => {
    const base = { name: '测试患者', sexCode: '2', phones: [{ number: '13912345678' }] };

    it('rejects a wrong ID checksum, inconsistent birth date and unknown codes with field errors; nothing is saved', async () => {
      const before = await t.sql<{ n: string }>(`SELECT count(*)::text AS n FROM patient`);
      const res = await t
        .http()
        .post('/api/patients')
        .set(auth(nurse))
        .send({ ...base, idNumber: '110105194912310021', ethnicityCode: '99', registeredDepartmentId: undefined });
      expect(res.status).toBe(400);
      expect(res.body.fields.idNumber).toEqual(['ID number check character is wrong (ISO 7064 MOD 11-2)']);
      expect(res.body.fields.ethnicityCode).toEqual(['unknown ethnicity code "99"']);
      const mismatch = await t
        .http()
        .post('/api/patients')
        .set(auth(admin))
        .send({ ...base, idNumber: '11010519491231002X', birthDate: '1950-01-01', sexCode: '1' });
      expect(Object.keys(mismatch.body.fields).sort()).toEqual(['birthDate', 'sexCode']);
      const badPhone = await t
        .http()
        .post('/api/patients')
        .set(auth(admin))
        .send({ ...base, phones: [{ number: '12345' }] });
      expect(Object.keys(badPhone.body.fields)).toEqual(['phones.0.number']);
      const after = await t.sql<{ n: string }>(`SELECT count(*)::text AS n FROM patient`);
      expect(after[0].n).toBe(before[0].n);
    });

    it('a nurse with two departments must say which registers the patient; then sees the new patient', async () => {
      const res = await t.http().post('/api/patients').set(auth(nurse)).send(base);
      expect(res.status).toBe(400);
      expect(res.body.fields.registeredDepartmentId).toBeDefined();
      const me = await t.http().get('/api/auth/me').set(auth(nurse));
      const card = me.body.departments.find((d: { code: string }) => d.code === 'CARD').id;
      const ok = await t
        .http()
        .post('/api/patients')
        .set(auth(nurse))
        .send({ ...base, idNumber: '11010519491231002X', registeredDepartmentId: card })
        .expect(201);
      const detail = await t.http().get(`/api/patients/${ok.body.id}`).set(auth(nurse)).expect(200);
      expect(detail.body).toMatchObject({
        name: '测试患者',
        birthDate: '1949-12-31',
        namePinyin: 'ceshihuanzhe',
        idNumber: '110105********002X',
        regionCode: '110105',
      });
    });

    it('finds probable duplicates and creates only after confirmation', async () => {
      const dup = await t
        .http()
        .post('/api/patients')
        .set(auth(admin))
        .send({ name: '测试患者', sexCode: '2', phones: [{ number: '13912345678' }] });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('PATIENT_POSSIBLE_DUPLICATE');
      expect(dup.body.details.candidates[0].reasons).toEqual(['same_name_phone']);
      const byId = await t
        .http()
        .post('/api/patients')
        .set(auth(admin))
        .send({ name: '别的名字', sexCode: '2', idNumber: '11010519491231002X' });
      expect(byId.body.details.candidates[0].reasons).toEqual(['same_id_number']);
      await t
        .http()
        .post('/api/patients')
        .set(auth(admin))
        .send({ name: '测试患者', sexCode: '2', phones: [{ number: '13912345678' }], confirmNotDuplicate: true })
        .expect(201);
    });

    it('a nurse is told of a probable duplicate in another department without seeing who it is', async () => {
      const { id, ...other } = (
        await t.sql<{ id: string; name: string; id_number: string; sex_code: string }>(
          `SELECT p.id, p.name, p.id_number, p.sex_code FROM patient p
            WHERE p.id_number IS NOT NULL AND p.merged_into_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM encounter e JOIN department d ON d.id = e.department_id WHERE e.patient_id = p.id AND d.code = ANY($1))
              AND NOT EXISTS (SELECT 1 FROM department d WHERE d.id = p.registered_department_id AND d.code = ANY($1))
            ORDER BY p.id LIMIT 1`,
          [NURSE_DEPTS],
        )
      )[0];
      const me = await t.http().get('/api/auth/me').set(auth(nurse));
      const card = me.body.departments.find((d: { code: string }) => d.code === 'CARD').id;
      const res = await t
        .http()
        .post('/api/patients')
        .set(auth(nurse))
        .send({ name: other.name, sexCode: other.sex_code, idNumber: other.id_number, registeredDepartmentId: card });
      expect(res.status).toBe(409);
      expect(res.body.details.candidates).toContainEqual({
        id: null,
        restricted: true,
        reasons: expect.arrayContaining(['same_id_number']),
      });
      expect(JSON.stringify(res.body)).not.toContain(id);
      expect(JSON.stringify(res.body)).not.toContain(other.name);
      // The administrator sees the same candidate in full.
      const full = await t
        .http()
        .post('/api/patients')
        .set(auth(admin))
        .send({ name: other.name, sexCode: other.sex_code, idNumber: other.id_number });
      expect(full.body.details.candidates[0]).toMatchObject({ id, name: other.name });
    });

    it('edits with the same rules; deceased needs a date; the audit trail names fields, not values', async () => {
      const id = (await t.sql<{ id: string }>(`SELECT id FROM patient WHERE name = '测试患者' AND id_number IS NOT NULL`))[0].id;
      const bad = await t.http().patch(`/api/patients/${id}`).set(auth(admin)).send({ status: 'deceased' });
      expect(bad.body.fields.deceasedDate).toBeDefined();
      await t
        .http()
        .patch(`/api/patients/${id}`)
        .set(auth(admin))
        .send({ address: '北京市东城区和平里1号', tags: ['高血压'] })
        .expect(200);
      const ev = await t.sql<{ details: { fields: string[] } }>(
        `SELECT details FROM audit_event WHERE action = 'patient.update' AND entity_id = $1`,
        [id],
      );
      expect(ev[0].details.fields.sort()).toEqual(['address', 'tags']);
      expect(JSON.stringify(ev)).not.toContain('和平里');
    });

    it('phones, contact persons and identifiers change after create; what they were is kept, one phone stays primary', async () => {
      const created = await t
        .http()
        .post('/api/patients')
        .set(auth(admin))
        .send({
          name: '详情编辑',
          sexCode: '1',
          birthDate: '1966-06-06',
          phones: [{ number: '13900001111' }],
          identifiers: [{ type: 'inpatient_no', authority: 'HIS', value: 'ZYDETAIL1' }],
          confirmNotDuplicate: true,
        })
        .expect(201);
      const id = created.body.id as string;
      const base = `/api/patients/${id}`;

      // A second phone, made primary: the first stops being primary. Numbers are masked in the answer.
      let rec = (
        await t.http().post(`${base}/phones`).set(auth(admin)).send({ number: '13900002222', owner: 'spouse', isPrimary: true }).expect(201)
      ).body;
      expect(rec.phones).toHaveLength(2);
      expect(rec.phones.filter((p: { isPrimary: boolean }) => p.isPrimary).map((p: { number: string }) => p.number)).toEqual([
        '139****2222',
      ]);
      const [first, second] = await t.sql<{ id: string; number: string }>(
        `SELECT id, number FROM patient_phone WHERE patient_id = $1 ORDER BY number`,
        [id],
      );
      expect(second.number).toBe('13900002222');

      // Bad input: a field error, nothing changed.
      const bad = await t.http().patch(`${base}/phones/${first.id}`).set(auth(admin)).send({ number: '12345' });
      expect(bad.status).toBe(400);
      expect(bad.body.fields.number).toBeDefined();
      // Correct a number: the old one goes to the history.
      await t.http().patch(`${base}/phones/${first.id}`).set(auth(admin)).send({ number: '13900003333' }).expect(200);
      // Removing the primary phone makes the remaining one primary.
      rec = (
        await t
          .http()
          .delete(`${base}/phones/${second.id}?reason=${encodeURIComponent('空号')}`)
          .set(auth(admin))
          .expect(200)
      ).body;
      expect(rec.phones).toEqual([expect.objectContaining({ number: '139****3333', isPrimary: true })]);
      // The new number finds the patient; the removed one does not.
      const byNew = await t.http().get('/api/patients?q=13900003333').set(auth(admin)).expect(200);
      expect(byNew.body.items.map((p: { id: string }) => p.id)).toContain(id);
      const byOld = await t.http().get('/api/patients?q=13900002222').set(auth(admin)).expect(200);
      expect(byOld.body.items.map((p: { id: string }) => p.id)).not.toContain(id);

      // Contact persons: relation checked against the dictionary.
      const badRelation = await t.http().post(`${base}/contacts`).set(auth(admin)).send({ relation: 'neighbour-ish', name: '王五' });
      expect(badRelation.status).toBe(400);
      expect(badRelation.body.fields.relation).toBeDefined();
      rec = (
        await t
          .http()
          .post(`${base}/contacts`)
          .set(auth(admin))
          .send({ relation: 'spouse', name: '李梅', phone: '13700004444' })
          .expect(201)
      ).body;
      const contactId = rec.contacts[0].id as string;
      rec = (await t.http().patch(`${base}/contacts/${contactId}`).set(auth(admin)).send({ phone: '13700005555' }).expect(200)).body;
      expect(rec.contacts[0]).toMatchObject({ name: '李梅', phone: '137****5555' });

      // Identifiers: unique per type + authority; the last one cannot be removed.
      const other = (
        await t.sql<{ value: string; type: string; authority: string }>(
          `SELECT type, authority, value FROM patient_identifier WHERE patient_id <> $1 LIMIT 1`,
          [id],
        )
      )[0];
      const clash = await t.http().post(`${base}/identifiers`).set(auth(admin)).send(other);
      expect(clash.status).toBe(409);
      const [onlyId] = await t.sql<{ id: string }>(`SELECT id FROM patient_identifier WHERE patient_id = $1`, [id]);
      expect((await t.http().delete(`${base}/identifiers/${onlyId.id}`).set(auth(admin))).body.code).toBe('LAST_IDENTIFIER');
      await t
        .http()
        .post(`${base}/identifiers`)
        .set(auth(admin))
        .send({ type: 'inpatient_no', authority: 'HIS', value: 'ZYDETAIL2' })
        .expect(201);
      await t.http().delete(`${base}/identifiers/${onlyId.id}?reason=typo`).set(auth(admin)).expect(200);

      // History: newest first, masked, with who did it; the audit trail names kinds, not values.
      const history = (await t.http().get(`${base}/detail-changes`).set(auth(admin)).expect(200)).body;
      expect(history.map((h: { kind: string; action: string }) => `${h.kind}:${h.action}`)).toEqual([
        'identifier:removed',
        'contact:changed',
        'phone:removed',
        'phone:changed',
      ]);
      expect(history[0]).toMatchObject({ before: { value: 'ZYDETAIL1' }, reason: 'typo', changedBy: expect.any(String) });
      expect(history[2]).toMatchObject({ before: { number: '139****2222', owner: 'spouse' }, reason: '空号' });
      const audit = await t.sql<{ action: string; details: unknown }>(
        `SELECT action, details FROM audit_event WHERE entity_id = $1 AND action LIKE 'patient.%\\_%' ORDER BY id`,
        [id],
      );
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          'patient.phone_add',
          'patient.phone_change',
          'patient.phone_remove',
          'patient.contact_add',
          'patient.identifier_remove',
        ]),
      );
      expect(JSON.stringify(audit)).not.toMatch(/139000|ZYDETAIL|李梅/);

      // A nurse cannot touch a patient outside her departments (404, as for reading).
      const outside = await outsideNurse();
      const denied = await t.http().post(`/api/patients/${outside}/phones`).set(auth(nurse)).send({ number: '13600006666' });
      expect(denied.status).toBe(404);
    });
  });

  describe('merge', () => {
    it('moves every identifier, phone and encounter to the survivor, keeps the merged record, and reverts exactly', async () => {
      const [a, b] = await t.sql<{ id: string }>(`SELECT id FROM patient WHERE merged_into_id IS NULL ORDER BY created_at, id LIMIT 2`);
      const counts = async (id: string) =>
        (
          await t.sql<Record<string, string>>(
            `SELECT (SELECT count(*) FROM patient_identifier WHERE patient_id = $1)::text AS ids,
                  (SELECT count(*) FROM patient_phone WHERE patient_id = $1)::text AS phones,
                  (SELECT count(*) FROM encounter WHERE patient_id = $1)::text AS encounters`,
            [id],
          )
        )[0];
      const [ca, cb] = [await counts(a.id), await counts(b.id)];
      const merged = await t.http().post(`/api/patients/${a.id}/merge`).set(auth(admin)).send({ mergedId: b.id }).expect(201);
      const after = await counts(a.id);
      for (const k of ['ids', 'phones', 'encounters']) expect(Number(after[k])).toBe(Number(ca[k]) + Number(cb[k]));
      expect(await counts(b.id)).toEqual({ ids: '0', phones: '0', encounters: '0' });
      const old = await t.http().get(`/api/patients/${b.id}`).set(auth(admin)).expect(200);
      expect(old.body.mergedIntoId).toBe(a.id);
      expect((await t.http().post(`/api/patients/${a.id}/merge`).set(auth(admin)).send({ mergedId: b.id })).status).toBe(409);
      expect((await t.http().post(`/api/patients/${a.id}/merge`).set(auth(nurse)).send({ mergedId: b.id })).status).toBe(403);

      await t.http().post(`/api/patient-merges/${merged.body.mergeId}/revert`).set(auth(admin)).expect(201);
      expect(await counts(a.id)).toEqual(ca);
      expect(await counts(b.id)).toEqual(cb);
      const actions = await t.sql<{ action: string }>(`SELECT action FROM audit_event WHERE action LIKE 'patient.merge%' ORDER BY id`);
      expect(actions.map((r) => r.action)).toEqual(['patient.merge', 'patient.merge_revert']);
    });
  });

  describe('organisations (团体客户)', () => {
    it('a manager registers a group customer, links a patient, and filters by it', async () => {
      const org = await t
        .http()
        .post('/api/organisations')
        .set(auth(manager))
        .send({ code: 'acme', name: '某某科技有限公司', contactPhone: '13800000000' })
        .expect(201);
      expect(org.body.code).toBe('ACME');
      expect((await t.http().post('/api/organisations').set(auth(manager)).send({ code: 'ACME', name: 'dup' })).status).toBe(409);
      expect((await t.http().post('/api/organisations').set(auth(nurse)).send({ code: 'X', name: 'x' })).status).toBe(403);
      const id = (await t.sql<{ id: string }>(`SELECT id FROM patient WHERE merged_into_id IS NULL ORDER BY id LIMIT 1`))[0].id;
      await t.http().patch(`/api/patients/${id}`).set(auth(admin)).send({ organisationId: org.body.id }).expect(200);
      const members = await t.http().get(`/api/patients?organisationId=${org.body.id}`).set(auth(manager)).expect(200);
      expect(members.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
      const list = await t.http().get('/api/organisations').set(auth(nurse)).expect(200);
      expect(list.body.find((o: { code: string }) => o.code === 'ACME').patientCount).toBe(1);
    });
  });

  describe('segments', () => {
    it('a manager saves a filter as a segment and counts and lists its members', async () => {
      const seg = await t
        .http()
        .post('/api/segments')
        .set(auth(manager))
        .send({ name: '高血压患者', filter: { icd: 'I10' } })
        .expect(201);
      const count = await t.http().get(`/api/segments/${seg.body.id}/count`).set(auth(manager)).expect(200);
      const expected = await t.sql(
        `SELECT DISTINCT e.patient_id FROM encounter_diagnosis d JOIN encounter e ON e.id = d.encounter_id JOIN patient p ON p.id = e.patient_id WHERE d.icd10_code LIKE 'I10%' AND p.merged_into_id IS NULL`,
      );
      expect(count.body.count).toBe(expected.length);
      const members = await t.http().get(`/api/segments/${seg.body.id}/patients?pageSize=200`).set(auth(manager)).expect(200);
      expect(members.body.total).toBe(expected.length);
      expect((await t.http().post('/api/segments').set(auth(nurse)).send({ name: 'x', filter: {} })).status).toBe(403);
      const bad = await t
        .http()
        .post('/api/segments')
        .set(auth(manager))
        .send({ name: 'bad', filter: { icd: '???' } });
      expect(bad.body.fields['filter.icd']).toBeDefined();
    });
  });
});
