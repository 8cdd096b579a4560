import { apiCall, apiLogin } from './support/api';
import { byTestId, signIn, url } from './support/app';
import { sql } from './support/db';
import { baseUrl } from './support/env';
import { useBrowser } from './support/fixture';
import { dueTasksForNurse, retryDelayPassed } from './support/worklist';

const inPage = useBrowser();

/** One second of 8 kHz 8-bit mono silence as a WAV file. */
function silentWav(): Buffer {
  const samples = 8000;
  const b = Buffer.alloc(44 + samples, 0x80);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(8000, 28);
  b.writeUInt16LE(1, 32);
  b.writeUInt16LE(8, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples, 40);
  return b;
}

describe('call recordings in the call screen (issue #6)', () => {
  it(
    'the contact log offers the recording of an earlier call; playing it is audited',
    inPage(async (page) => {
      const [task] = await dueTasksForNurse(1);
      const nurse = await apiLogin('nurse');
      // An earlier call without an answer, recorded by the desk phone's recorder.
      expect((await apiCall('POST', `/tasks/${task.taskId}/claim`, nurse)).status).toBe(201);
      expect((await apiCall('POST', `/tasks/${task.taskId}/attempts`, nurse, { outcome: 'no_answer', durationSeconds: 30 })).status).toBe(
        201,
      );
      const [{ id: attemptId }] = await sql<{ id: string }>(`SELECT id FROM contact_attempt WHERE task_id = $1`, [task.taskId]);
      const form = new FormData();
      form.append('file', new Blob([silentWav()], { type: 'audio/wav' }), 'call.wav');
      form.append('durationSeconds', '30');
      const up = await fetch(`${baseUrl()}/api/attempts/${attemptId}/recording`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${nurse}` },
        body: form,
      });
      expect(up.status).toBe(201);
      const { id: recordingId } = (await up.json()) as { id: string };
      await retryDelayPassed(task.taskId);

      // The next call: the contact log shows the earlier attempt with its recording; play it.
      await page.goto(url('/sign-in'));
      await signIn(page, 'nurse');
      await page.goto(url(`/worklist/tasks/${task.taskId}`));
      await byTestId(page, `recording-play-${recordingId}`).click();
      const audio = byTestId(page, `recording-audio-${recordingId}`);
      await audio.waitFor();
      expect(await audio.getAttribute('src')).toMatch(/^blob:/);
      const events = await sql<{ actor_username: string }>(
        `SELECT actor_username FROM audit_event WHERE action = 'recording.play' AND entity_id = $1`,
        [recordingId],
      );
      expect(events).toEqual([{ actor_username: 'nurse' }]);
    }),
  );
});
