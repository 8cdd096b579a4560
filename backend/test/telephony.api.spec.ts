import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CtiSimulator } from './support/cti-simulator';
import { EventStream, openEventStream } from './support/sse-client';
import { startTestApp, TestApp } from './support/test-app';

const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

/** A task due today for each patient (template "today", phone channel); returns task ids in patient order. */
async function tasksFor(t: TestApp, patientIds: string[]): Promise<string[]> {
  const doctor = await t.login('doctor');
  const [{ id: q }] = await t.sql<{ id: string }>(`SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general'`);
  const step = {
    key: 'now',
    anchor: 'enrolment',
    offsetDays: 0,
    questionnaireId: q,
    channel: 'phone',
    team: 'centre',
    windowBeforeDays: 0,
    windowAfterDays: 3,
  };
  const tpl = await t
    .http()
    .post('/api/followup-templates')
    .set(auth(doctor))
    .send({ nameZh: '电话随访', nameEn: 'Phone follow-up', purpose: 'clinical', mode: 'centre', rules: {}, steps: [step] })
    .expect(201);
  await t.http().post(`/api/followup-templates/${tpl.body.id}/enrol`).set(auth(doctor)).send({ patientIds }).expect(201);
  const rows = await t.sql<{ id: string; patient_id: string }>(
    `SELECT k.id, k.patient_id FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id WHERE p.template_id = $1`,
    [tpl.body.id],
  );
  return patientIds.map((p) => rows.find((r) => r.patient_id === p)!.id);
}

/** Patients of a department with a mobile phone (and their primary phone). */
async function patientsWithPhones(t: TestApp, department: string, count: number) {
  return t.sql<{ id: string; phone_id: string; number: string }>(
    `SELECT DISTINCT ON (p.id) p.id, ph.id AS phone_id, ph.number FROM patient p JOIN patient_phone ph ON ph.patient_id = p.id
      WHERE p.merged_into_id IS NULL AND p.status <> 'deceased' AND ph.number ~ '^1[0-9]{10}$'
        AND EXISTS (SELECT 1 FROM encounter e JOIN department d ON d.id = e.department_id WHERE e.patient_id = p.id AND d.code = $1 AND e.discharged_at IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM encounter e JOIN department d ON d.id = e.department_id WHERE e.patient_id = p.id AND d.code <> $1)
      ORDER BY p.id, ph.is_primary DESC LIMIT $2`,
    [department, count],
  );
}

describe('telephony through a CTI server (simulated, real HTTP + WebSocket)', () => {
  const sim = new CtiSimulator();
  let t: TestApp;
  let base: string;
  let nurse: string;
  let nurse2: string;
  let patients: Array<{ id: string; phone_id: string; number: string }>;
  let tasks: string[];
  let nurseStream: EventStream;
  let nurse2Stream: EventStream;

  beforeAll(async () => {
    await sim.start();
    t = await startTestApp({
      TELEPHONY: 'cti',
      CTI_URL: sim.url,
      CTI_TOKEN: sim.token,
      RECORDING_URL_PREFIXES: `${sim.url}/rec/`,
      CTI_RECONNECT_MIN_MS: '50',
      CTI_RECONNECT_MAX_MS: '200',
      CALL_EVENTS_HEARTBEAT_SECONDS: '1',
    });
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    nurse = await t.login('nurse');
    const admin = await t.login('admin');
    const [{ id: card }] = await t.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'CARD'`);
    await t
      .http()
      .post('/api/users')
      .set(auth(admin))
      .send({ username: 'nurse2', displayName: '王护士', password: 'Nurse-pass-22', roles: ['nurse'], departmentIds: [card] })
      .expect(201);
    nurse2 = await t.login('nurse2', 'Nurse-pass-22');
    patients = await patientsWithPhones(t, 'CARD', 3);
    expect(patients).toHaveLength(3);
    tasks = await tasksFor(
      t,
      patients.map((p) => p.id),
    );
    await sim.connections(1);
    nurseStream = await openEventStream(`${base}/api/calls/events`, nurse);
    nurse2Stream = await openEventStream(`${base}/api/calls/events`, nurse2);
    expect((await nurseStream.next('ready')).data).toEqual({ provider: 'cti' });
    await nurse2Stream.next('ready');
  });
  afterAll(async () => {
    nurseStream?.close();
    nurse2Stream?.close();
    await t.close();
    await sim.close();
  });

  /** The nurse claims task i and dials its patient's phone through the CTI. */
  const claimAndDial = async (i: number) => {
    await t.http().post(`/api/tasks/${tasks[i]}/claim`).set(auth(nurse)).expect(201);
    const call = await t
      .http()
      .post('/api/calls/dial')
      .set(auth(nurse))
      .send({ taskId: tasks[i], phoneId: patients[i].phone_id })
      .expect(201);
    const dialled = sim.dials.at(-1);
    expect(dialled?.reference).toBe(call.body.id);
    return { call, externalId: dialled?.callId as string };
  };

  it('the event stream is opened with the CTI token (the simulator refuses any other)', () => {
    expect(sim.accepted).toBeGreaterThanOrEqual(1);
    expect(sim.refused).toBe(0);
  });

  it('bad dial requests get clear errors: unknown task, task not claimed, no phone chosen, a phone of another patient, no extension', async () => {
    const dial = (tok: string, body: object) => t.http().post('/api/calls/dial').set(auth(tok)).send(body);
    const unknown = await dial(nurse, { taskId: '00000000-0000-4000-8000-000000000000', phoneId: patients[0].phone_id });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    const unclaimed = await dial(nurse, { taskId: tasks[0], phoneId: patients[0].phone_id });
    expect([unclaimed.status, unclaimed.body.code]).toEqual([409, 'TASK_NOT_CLAIMED']);
    await t.http().post(`/api/tasks/${tasks[0]}/claim`).set(auth(nurse)).expect(201);
    const neither = await dial(nurse, { taskId: tasks[0] });
    expect([neither.status, Object.keys(neither.body.fields)]).toEqual([400, ['phoneId']]);
    const other = await dial(nurse, { taskId: tasks[0], phoneId: patients[1].phone_id });
    expect([other.status, other.body.fields]).toEqual([400, { phoneId: ['not a phone of this task’s patient'] }]);
    const malformed = await dial(nurse, { taskId: 'x', phoneId: 'y' });
    expect([malformed.status, Object.keys(malformed.body.fields).sort()]).toEqual([400, ['phoneId', 'taskId']]);
    // nurse2 has no extension yet.
    await t.http().post(`/api/tasks/${tasks[2]}/claim`).set(auth(nurse2)).expect(201);
    const noExtension = await dial(nurse2, { taskId: tasks[2], phoneId: patients[2].phone_id });
    expect([noExtension.status, noExtension.body.code]).toEqual([409, 'NO_EXTENSION']);
    // The CTI refusing (extension busy) is said as such; the call is kept as failed.
    sim.refuseNextDial = { status: 409, message: 'extension 8001 is busy' };
    const busy = await dial(nurse, { taskId: tasks[0], phoneId: patients[0].phone_id });
    expect([busy.status, busy.body.code, busy.body.message]).toEqual([
      409,
      'CTI_REFUSED',
      'The telephony server refused: extension 8001 is busy',
    ]);
    expect(sim.dials).toHaveLength(0);
    const failed = await t.sql(`SELECT state, end_reason FROM call_session WHERE task_id = $1`, [tasks[0]]);
    expect(failed).toEqual([{ state: 'failed', end_reason: 'dial_failed' }]);
  });

  it('dial: the CTI gets the real number and the extension; the console gets a masked number; audited as a reveal for dialling', async () => {
    const res = await t
      .http()
      .post('/api/calls/dial')
      .set(auth(nurse))
      .send({ taskId: tasks[0], phoneId: patients[0].phone_id })
      .expect(201);
    expect(sim.dials).toEqual([{ extension: '8001', number: patients[0].number, reference: res.body.id, callId: 'sim-1' }]);
    expect(res.body).toMatchObject({ provider: 'cti', state: 'dialing', patientId: patients[0].id, taskId: tasks[0], telUri: null });
    expect(res.body.number).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(JSON.stringify(res.body)).not.toContain(patients[0].number);
    const audit = await t.sql<{ action: string; entity_id: string; details: Record<string, unknown> }>(
      `SELECT action, entity_id, details FROM audit_event WHERE actor_username = 'nurse' AND action IN ('patient.reveal', 'call.dial') ORDER BY id`,
    );
    expect(audit.slice(-2)).toEqual([
      {
        action: 'patient.reveal',
        entity_id: patients[0].id,
        details: { purpose: 'dial', callId: res.body.id, provider: 'cti', phoneId: patients[0].phone_id },
      },
      { action: 'call.dial', entity_id: res.body.id, details: { provider: 'cti' } },
    ]);
    const [row] = await t.sql(`SELECT external_id, extension, number, staff_id IS NOT NULL AS staff FROM call_session WHERE id = $1`, [
      res.body.id,
    ]);
    expect(row).toEqual({ external_id: 'sim-1', extension: '8001', number: patients[0].number, staff: true });
  });

  it('ringing, answered, ended and recording events update the call, reach the nurse’s stream, are audited; the recording lands on the attempt', async () => {
    const [{ id: callId }] = await t.sql<{ id: string }>(`SELECT id FROM call_session WHERE external_id = 'sim-1'`);
    sim.send({ type: 'call.ringing', callId: 'sim-1', reference: callId, at: new Date().toISOString() });
    expect((await nurseStream.next('call')).data).toMatchObject({ id: callId, state: 'ringing' });
    const answeredAt = new Date(Date.now() - 95_000);
    sim.send({ type: 'call.answered', callId: 'sim-1', at: answeredAt.toISOString() });
    expect((await nurseStream.next('call')).data).toMatchObject({ id: callId, state: 'answered' });
    sim.send({ type: 'call.ended', callId: 'sim-1', at: new Date(answeredAt.getTime() + 95_000).toISOString(), reason: 'hangup' });
    const ended = (await nurseStream.next('call')).data;
    expect(ended).toMatchObject({ id: callId, state: 'ended', durationSeconds: 95, endReason: 'hangup', recordingReady: false });
    expect(JSON.stringify(ended)).not.toContain(patients[0].number);
    // The same event again changes nothing.
    sim.send({ type: 'call.ended', callId: 'sim-1', at: new Date().toISOString(), durationSeconds: 3 });
    expect((await t.http().get(`/api/calls/${callId}`).set(auth(nurse)).expect(200)).body.durationSeconds).toBe(95);
    // A protocol violation is ignored, the stream carries on.
    sim.sendRaw('{"type":"call.answered"}');

    // The nurse records the outcome for the call: the duration comes from the CTI.
    await t.http().post(`/api/tasks/${tasks[0]}/attempts`).set(auth(nurse)).send({ outcome: 'no_answer', callId }).expect(201);
    const [attempt] = await t.sql<{ id: string; duration_seconds: number }>(
      `SELECT id, duration_seconds FROM contact_attempt WHERE call_session_id = $1`,
      [callId],
    );
    expect(attempt.duration_seconds).toBe(95);

    // The recording arrives after the attempt: attached to it at once.
    sim.send({ type: 'call.recording', callId: 'sim-1', url: `${sim.url}/rec/sim-1.wav`, contentType: 'audio/wav', durationSeconds: 95 });
    expect((await nurseStream.next('call')).data).toMatchObject({ id: callId, recordingReady: true });
    const [rec] = await t.sql<{ id: string; storage: string; url: string; attempt_id: string }>(
      `SELECT r.id, r.storage, r.url, r.attempt_id FROM call_recording r JOIN call_session c ON c.recording_id = r.id WHERE c.id = $1`,
      [callId],
    );
    expect(rec).toMatchObject({ storage: 'url', url: `${sim.url}/rec/sim-1.wav`, attempt_id: attempt.id });
    const history = await t.http().get(`/api/patients/${patients[0].id}/follow-up-history`).set(auth(nurse)).expect(200);
    expect(history.body.contacts.find((c: { id: string }) => c.id === attempt.id).recordings).toEqual([
      { id: rec.id, durationSeconds: 95, contentType: 'audio/wav' },
    ]);
    const audio = await t.http().get(`/api/recordings/${rec.id}/audio`).set(auth(nurse)).buffer(true).expect(200);
    expect(String(audio.body)).toBe('RIFF-recording-/rec/sim-1.wav');

    const audit = await t.sql<{ action: string; actor_username: string | null }>(
      `SELECT action, actor_username FROM audit_event WHERE entity_id IN ($1, $2) AND action LIKE ANY (ARRAY['call.%', 'recording.attach']) ORDER BY id`,
      [callId, attempt.id],
    );
    expect(audit.map((a) => `${a.action} ${a.actor_username}`)).toEqual([
      'call.dial nurse',
      'call.ringing cti',
      'call.answered cti',
      'call.ended cti',
      'call.recording cti',
      'recording.attach cti',
    ]);
  });

  it('a recording that arrives before the attempt is attached when the attempt is recorded; one outside RECORDING_URL_PREFIXES is refused', async () => {
    const { call, externalId: callId } = await claimAndDial(1);
    sim.send({ type: 'call.recording', callId, url: 'http://elsewhere.example/rec/x.wav' });
    await until(
      async () =>
        (
          await t.sql(`SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'call.recording' AND outcome = 'failure'`, [
            call.body.id,
          ])
        ).length === 1,
      'the refused recording',
    );
    sim.send({ type: 'call.answered', callId });
    sim.send({ type: 'call.ended', callId, durationSeconds: 42 });
    sim.send({ type: 'call.recording', callId, url: `${sim.url}/rec/${callId}.wav` });
    await until(
      async () => (await t.sql(`SELECT 1 FROM call_session WHERE id = $1 AND recording_url IS NOT NULL`, [call.body.id])).length === 1,
      'the recording',
    );
    expect(await t.sql(`SELECT recording_url FROM call_session WHERE id = $1`, [call.body.id])).toEqual([
      { recording_url: `${sim.url}/rec/${callId}.wav` },
    ]);
    expect(await t.sql(`SELECT 1 FROM call_recording WHERE url LIKE $1`, [`%${callId}.wav`])).toHaveLength(0);
    await t
      .http()
      .post(`/api/tasks/${tasks[1]}/attempts`)
      .set(auth(nurse))
      .send({ outcome: 'reached', callId: call.body.id, durationSeconds: 40 })
      .expect(201);
    const [row] = await t.sql<{ duration_seconds: number; recording: string }>(
      `SELECT a.duration_seconds, r.url AS recording FROM contact_attempt a JOIN call_recording r ON r.attempt_id = a.id WHERE a.call_session_id = $1`,
      [call.body.id],
    );
    expect(row).toEqual({ duration_seconds: 40, recording: `${sim.url}/rec/${callId}.wav` });
  });

  it('hang up goes to the CTI, which reports the end; a second hang-up is refused; another nurse’s call is not found', async () => {
    const { call, externalId } = await claimAndDial(1);
    expect((await t.http().get(`/api/calls/${call.body.id}`).set(auth(nurse2))).status).toBe(404);
    await t.http().post(`/api/calls/${call.body.id}/hangup`).set(auth(nurse)).expect(200);
    expect(sim.hangups).toEqual([externalId]);
    expect((await nurseStream.next('call', { id: call.body.id, state: 'ended' })).data).toMatchObject({ durationSeconds: 0 });
    const again = await t.http().post(`/api/calls/${call.body.id}/hangup`).set(auth(nurse));
    expect([again.status, again.body.code]).toEqual([409, 'CALL_ENDED']);
    // An attempt may only name the nurse's own call with this patient.
    const wrong = await t.http().post(`/api/tasks/${tasks[0]}/attempts`).set(auth(nurse)).send({ outcome: 'busy', callId: call.body.id });
    expect([wrong.status, Object.keys(wrong.body.fields)]).toEqual([400, ['callId']]);
  });

  it('incoming call: the patient matched by the caller number pops up on the console of the nurse whose extension rings, and no one else’s', async () => {
    // An administrator gives nurse2 an extension: digits only, and one extension rings one person.
    const [{ id: nurse2Id }] = await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'nurse2'`);
    const setExtension = async (phoneExtension: string) =>
      t
        .http()
        .patch(`/api/users/${nurse2Id}`)
        .set(auth(await t.login('admin')))
        .send({ phoneExtension });
    const taken = await setExtension('8001');
    expect([taken.status, taken.body.fields]).toEqual([409, { phoneExtension: ['extension 8001 belongs to 陈护士'] }]);
    expect(Object.keys((await setExtension('ext 5')).body.fields)).toEqual(['phoneExtension']);
    expect((await setExtension('8003')).body.phoneExtension).toBe('8003');
    sim.send({ type: 'call.incoming', callId: 'in-1', from: `+86${patients[2].number}`, extension: '8001', at: new Date().toISOString() });
    const pop = (await nurseStream.next('incoming')).data as {
      call: { id: string; number: string; extension: string };
      patients: Array<{ id: string; phone: string; openTask: { id: string } | null }>;
      hiddenMatches: number;
    };
    expect(pop.call.extension).toBe('8001');
    expect(pop.call.number).toBe(`${patients[2].number.slice(0, 3)}****${patients[2].number.slice(7)}`);
    expect(pop.patients.map((p) => p.id)).toEqual([patients[2].id]);
    expect(pop.patients[0].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(pop.patients[0].openTask?.id).toBe(tasks[2]);
    expect(pop.hiddenMatches).toBe(0);
    expect(JSON.stringify(pop)).not.toContain(patients[2].number);
    const [audit] = await t.sql<{ actor_username: string; details: { patientIds: string[] } }>(
      `SELECT actor_username, details FROM audit_event WHERE action = 'call.incoming' AND entity_id = $1`,
      [pop.call.id],
    );
    expect(audit).toEqual({
      actor_username: 'nurse',
      details: expect.objectContaining({ patientIds: [patients[2].id], hiddenMatches: 0 }),
    });
    const [session] = await t.sql(`SELECT direction, state, patient_id FROM call_session WHERE id = $1`, [pop.call.id]);
    expect(session).toEqual({ direction: 'inbound', state: 'ringing', patient_id: patients[2].id });

    // Several patients share the number: all are listed; one outside the nurse's departments only counted.
    const [endo] = await patientsWithPhones(t, 'ENDO', 1);
    const outside = await t.sql<{ id: string }>(
      `SELECT p.id FROM patient p WHERE p.merged_into_id IS NULL AND NOT EXISTS (SELECT 1 FROM encounter e JOIN department d ON d.id = e.department_id
        WHERE e.patient_id = p.id AND d.code IN ('CARD', 'ENDO')) AND p.registered_department_id IS NULL LIMIT 1`,
    );
    for (const p of [endo.id, outside[0].id])
      await t.sql(`INSERT INTO patient_phone (patient_id, number, owner) VALUES ($1, $2, 'self')`, [p, patients[0].number]);
    sim.send({ type: 'call.incoming', callId: 'in-2', from: patients[0].number, extension: '8001' });
    const shared = (await nurseStream.next('incoming')).data as { patients: Array<{ id: string }>; hiddenMatches: number };
    expect(shared.patients.map((p) => p.id).sort()).toEqual([patients[0].id, endo.id].sort());
    expect(shared.hiddenMatches).toBe(1);

    // A number no patient has: shown in full, nobody matched.
    sim.send({ type: 'call.incoming', callId: 'in-3', from: '02087654321', extension: '8003' });
    const unknown = (await nurse2Stream.next('incoming')).data as { call: { number: string }; patients: unknown[] };
    expect(unknown).toMatchObject({ call: { number: '02087654321' }, patients: [] });
    // nurse2 got only the call for 8003; nurse none of it.
    await new Promise((r) => setTimeout(r, 200));
    expect(nurse2Stream.events.filter((e) => e.type === 'incoming')).toHaveLength(1);
    expect(nurseStream.events.filter((e) => e.type === 'incoming')).toHaveLength(2);
    // The same incoming call reported twice pops up once.
    sim.send({ type: 'call.incoming', callId: 'in-3', from: '02087654321', extension: '8003' });
    sim.send({ type: 'call.ended', callId: 'in-3', durationSeconds: 5 });
    expect((await nurse2Stream.next('call')).data).toMatchObject({ direction: 'inbound', state: 'ended', durationSeconds: 5 });
    expect(nurse2Stream.events.filter((e) => e.type === 'incoming')).toHaveLength(1);
  });

  it('the CTI going away: the server reconnects with backoff and catches up on what it missed', async () => {
    const { call, externalId } = await claimAndDial(0);
    const before = sim.accepted;
    sim.drop();
    // While disconnected the call is answered and ends: the event is lost, but GET /calls/:id says so after the reconnect.
    sim.send({ type: 'call.ended', callId: externalId, durationSeconds: 61, reason: 'hangup' });
    await sim.connections(before + 1);
    await until(
      async () => (await t.sql(`SELECT 1 FROM call_session WHERE id = $1 AND state = 'ended'`, [call.body.id])).length === 1,
      'the resync',
    );
    expect((await t.http().get(`/api/calls/${call.body.id}`).set(auth(nurse))).body).toMatchObject({ state: 'ended', durationSeconds: 61 });
    // Events flow again.
    sim.send({ type: 'call.incoming', callId: 'in-4', from: '02000000001', extension: '8001' });
    expect((await nurseStream.next('incoming')).data).toMatchObject({ call: { number: '02000000001' } });
  });

  it('the call-event stream needs a signed-in worklist user and ends when the session does', async () => {
    expect((await openEventStream(`${base}/api/calls/events`)).status).toBe(401);
    const auditor = await openEventStream(`${base}/api/calls/events`, await t.login('auditor'));
    expect([auditor.status, (auditor.body as { code: string }).code]).toEqual([403, 'FORBIDDEN']);
    const token = await t.login('nurse');
    const stream = await openEventStream(`${base}/api/calls/events`, token);
    await stream.next('ready');
    await t.http().post('/api/auth/logout').set(auth(token)).expect(204);
    await stream.ended; // within one keep-alive (1 s here)
  });
});

describe('telephony without a CTI (TELEPHONY=manual)', () => {
  let t: TestApp;
  let nurse: string;
  beforeAll(async () => {
    t = await startTestApp();
    nurse = await t.login('nurse');
  });
  afterAll(() => t.close());

  it('dial returns a tel: URI (audited), hang-up ends the call, the attempt takes the call and its duration', async () => {
    const [p] = await patientsWithPhones(t, 'CARD', 1);
    const [taskId] = await tasksFor(t, [p.id]);
    await t.http().post(`/api/tasks/${taskId}/claim`).set(auth(nurse)).expect(201);
    const call = await t.http().post('/api/calls/dial').set(auth(nurse)).send({ taskId, phoneId: p.phone_id }).expect(201);
    expect(call.body).toMatchObject({ provider: 'manual', state: 'dialing', telUri: `tel:${p.number}` });
    expect(
      await t.sql(`SELECT details->>'purpose' AS purpose FROM audit_event WHERE action = 'patient.reveal' AND entity_id = $1`, [p.id]),
    ).toEqual([{ purpose: 'dial' }]);
    await t
      .http()
      .post(`/api/tasks/${taskId}/attempts`)
      .set(auth(nurse))
      .send({ outcome: 'busy', callId: call.body.id, durationSeconds: 12 })
      .expect(201);
    const ended = await t.http().get(`/api/calls/${call.body.id}`).set(auth(nurse)).expect(200);
    expect(ended.body).toMatchObject({ state: 'ended', durationSeconds: 12 });
    const stream = await openEventStream(
      `${await new Promise<string>((resolve) => {
        const server = t.app.getHttpServer() as Server;
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
      })}/api/calls/events`,
      nurse,
    );
    expect((await stream.next('ready')).data).toEqual({ provider: 'manual' });
    stream.close();
  });
});
