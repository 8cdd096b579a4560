import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, TestApp } from './support/test-app';
import { binary } from './support/binary';

/** A small WAV-shaped payload (RIFF header + distinct bytes), so ranges can be checked byte for byte. */
function wav(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  b.write('RIFF', 0);
  b.writeUInt32LE(size - 8, 4);
  b.write('WAVE', 8);
  for (let i = 12; i < size; i++) b[i] = (i * 31 + seed) % 256;
  return b;
}

/** Stands in for the CTI/PBX recording store: serves /rec/call.wav with byte ranges, 404 otherwise. */
function recordingStore(body: Buffer): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/rec/call.wav') {
      res.writeHead(404).end();
      return;
    }
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (m) {
      const [start, end] = [Number(m[1]), Math.min(Number(m[2]), body.length - 1)];
      res.writeHead(206, {
        'Content-Type': 'audio/wav',
        'Content-Range': `bytes ${start}-${end}/${body.length}`,
        'Content-Length': end - start + 1,
      });
      res.end(body.subarray(start, end + 1));
    } else {
      res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': body.length });
      res.end(body);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('call recordings', () => {
  let t: TestApp;
  let store: Server;
  let storeBase: string;
  let nurse: string;
  let attemptId: string;
  let outsideAttemptId: string;
  const ctiRecording = wav(20_000, 7);
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });

  beforeAll(async () => {
    store = await recordingStore(ctiRecording);
    storeBase = `http://127.0.0.1:${(store.address() as AddressInfo).port}/rec/`;
    t = await startTestApp({ RECORDING_URL_PREFIXES: storeBase });
    nurse = await t.login('nurse');
    const [{ id: nurseId }] = await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'nurse'`);
    // A call to a patient of the nurse's departments, and one to a patient outside them.
    const [inside] = await t.sql<{ id: string }>(
      `SELECT p.id FROM patient p JOIN encounter e ON e.patient_id = p.id JOIN department d ON d.id = e.department_id
        WHERE d.code = 'CARD' AND p.merged_into_id IS NULL LIMIT 1`,
    );
    const [outside] = await t.sql<{ id: string }>(
      `SELECT p.id FROM patient p WHERE NOT EXISTS (SELECT 1 FROM encounter e JOIN department d ON d.id = e.department_id
        WHERE e.patient_id = p.id AND d.code IN ('CARD', 'ENDO')) AND p.registered_department_id IS NULL LIMIT 1`,
    );
    const insert = `INSERT INTO contact_attempt (patient_id, staff_id, channel, outcome, duration_seconds) VALUES ($1, $2, 'phone', 'reached', 95) RETURNING id`;
    attemptId = (await t.sql<{ id: string }>(insert, [inside.id, nurseId]))[0].id;
    outsideAttemptId = (await t.sql<{ id: string }>(insert, [outside.id, nurseId]))[0].id;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => store.close(r));
  });

  it('an uploaded recording plays back whole and by byte range, each playback audited; bad uploads are field errors', async () => {
    const audio = wav(48_000, 3);
    const up = await t
      .http()
      .post(`/api/attempts/${attemptId}/recording`)
      .set(auth(nurse))
      .field('durationSeconds', '95')
      .attach('file', audio, { filename: 'call-0930.wav', contentType: 'audio/wav' })
      .expect(201);
    expect(up.body).toMatchObject({ storage: 'upload', contentType: 'audio/wav', sizeBytes: 48_000, durationSeconds: 95 });

    const notAudio = await t
      .http()
      .post(`/api/attempts/${attemptId}/recording`)
      .set(auth(nurse))
      .attach('file', Buffer.from('hello'), { filename: 'notes.txt', contentType: 'text/plain' });
    expect([notAudio.status, Object.keys(notAudio.body.fields ?? {})]).toEqual([400, ['file']]);
    const nothing = await t.http().post(`/api/attempts/${attemptId}/recording`).set(auth(nurse)).send({});
    expect(nothing.status).toBe(400);

    const whole = await t
      .http()
      .get(`/api/recordings/${up.body.id}/audio`)
      .set(auth(nurse))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(Buffer.compare(whole.body as Buffer, audio)).toBe(0);
    const part = await t
      .http()
      .get(`/api/recordings/${up.body.id}/audio`)
      .set({ ...auth(nurse), Range: 'bytes=100-199' })
      .buffer(true)
      .parse(binary as never)
      .expect(206);
    expect(part.headers['content-range']).toBe('bytes 100-199/48000');
    expect(Buffer.compare(part.body as Buffer, audio.subarray(100, 200))).toBe(0);
    await t
      .http()
      .get(`/api/recordings/${up.body.id}/audio`)
      .set({ ...auth(nurse), Range: 'bytes=90000-' })
      .expect(416);

    const audit = await t.sql<{ action: string; actor_username: string; details: { attemptId: string } }>(
      `SELECT action, actor_username, details FROM audit_event WHERE entity_id = $1 ORDER BY id`,
      [up.body.id],
    );
    expect(audit.map((a) => [a.action, a.actor_username])).toEqual([
      ['recording.play', 'nurse'],
      ['recording.play', 'nurse'],
      ['recording.play', 'nurse'],
    ]);
    expect(audit[0].details.attemptId).toBe(attemptId);

    // The patient's contact log lists it.
    const [{ patient_id }] = await t.sql<{ patient_id: string }>(`SELECT patient_id FROM contact_attempt WHERE id = $1`, [attemptId]);
    const history = await t.http().get(`/api/patients/${patient_id}/follow-up-history`).set(auth(nurse)).expect(200);
    const contact = history.body.contacts.find((c: { id: string }) => c.id === attemptId);
    expect(contact.recordings).toEqual([{ id: up.body.id, durationSeconds: 95, contentType: 'audio/wav' }]);
  });

  it('playback needs recording.play and the patient in the caller’s departments', async () => {
    const manager = await t.login('manager');
    const up = await t
      .http()
      .post(`/api/attempts/${outsideAttemptId}/recording`)
      .set(auth(manager))
      .attach('file', wav(1_000, 1), { filename: 'x.wav', contentType: 'audio/wav' });
    expect(up.status).toBe(403); // managers do not make calls (worklist.work)
    const admin = await t.login('admin');
    // The nurse cannot attach to a call with a patient outside her departments.
    const refused = await t
      .http()
      .post(`/api/attempts/${outsideAttemptId}/recording`)
      .set(auth(nurse))
      .attach('file', wav(1_000, 1), { filename: 'x.wav', contentType: 'audio/wav' });
    expect([refused.status, refused.body.code]).toEqual([404, 'PATIENT_NOT_FOUND']);
    const [{ id: recordingId }] = await t.sql<{ id: string }>(
      `INSERT INTO call_recording (attempt_id, patient_id, storage, content_type, size_bytes)
       SELECT id, patient_id, 'upload', 'audio/wav', 4 FROM contact_attempt WHERE id = $1 RETURNING id`,
      [outsideAttemptId],
    );
    await t.sql(`INSERT INTO call_recording_content (recording_id, content) VALUES ($1, '\\x52494646')`, [recordingId]);
    const outside = await t.http().get(`/api/recordings/${recordingId}/audio`).set(auth(nurse));
    expect([outside.status, outside.body.code]).toEqual([404, 'PATIENT_NOT_FOUND']);
    expect((await t.http().get(`/api/recordings/${recordingId}/audio`).set(auth(admin))).status).toBe(403);
    expect(
      (
        await t
          .http()
          .get(`/api/recordings/${recordingId}/audio`)
          .set(auth(await t.login('auditor')))
      ).status,
    ).toBe(403);
    await t.http().get(`/api/recordings/${recordingId}/audio`).set(auth(manager)).expect(200);
    // Refused playbacks leave no playback event; the manager's does.
    const events = await t.sql<{ actor_username: string }>(
      `SELECT actor_username FROM audit_event WHERE action = 'recording.play' AND entity_id = $1`,
      [recordingId],
    );
    expect(events).toEqual([{ actor_username: 'manager' }]);
  });

  it('a recording kept by the CTI server plays through the server (range passed on); other hosts are refused', async () => {
    const elsewhere = await t
      .http()
      .post(`/api/attempts/${attemptId}/recording`)
      .set(auth(nurse))
      .send({ url: 'http://169.254.169.254/latest/meta-data/', contentType: 'audio/wav' });
    expect([elsewhere.status, Object.keys(elsewhere.body.fields ?? {})]).toEqual([400, ['url']]);

    const linked = await t
      .http()
      .post(`/api/attempts/${attemptId}/recording`)
      .set(auth(nurse))
      .send({ url: `${storeBase}call.wav`, durationSeconds: 60 })
      .expect(201);
    expect(linked.body).toMatchObject({ storage: 'url', contentType: 'audio/wav' });
    const whole = await t
      .http()
      .get(`/api/recordings/${linked.body.id}/audio`)
      .set(auth(nurse))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(Buffer.compare(whole.body as Buffer, ctiRecording)).toBe(0);
    const part = await t
      .http()
      .get(`/api/recordings/${linked.body.id}/audio`)
      .set({ ...auth(nurse), Range: 'bytes=0-11' })
      .buffer(true)
      .parse(binary as never)
      .expect(206);
    expect((part.body as Buffer).toString('latin1', 0, 4)).toBe('RIFF');

    const gone = await t
      .http()
      .post(`/api/attempts/${attemptId}/recording`)
      .set(auth(nurse))
      .send({ url: `${storeBase}deleted.wav` })
      .expect(201);
    const res = await t.http().get(`/api/recordings/${gone.body.id}/audio`).set(auth(nurse));
    expect([res.status, res.body.code]).toEqual([502, 'RECORDING_UNAVAILABLE']);
  });
});
