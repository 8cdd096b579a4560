import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MllpListener } from '../src/hl7/inbox/mllp.listener';
import { startTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);
const CLI = join(__dirname, '../../dist/backend/backend/src/hl7/send-cli.js');
const FIXTURES = join(__dirname, '../../hl7-fixtures');

/**
 * Issue #4's first Done-when line, end to end: the fixtures sent over MLLP with `npm run hl7:send` (the built
 * CLI, a real TCP client) to the real application with the real mapping; each gets the right ACK, the data
 * is there, and sending one again changes nothing.
 */
describe('npm run hl7:send → MLLP → inbox → patients and encounters', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the API tests`);
    t = await startTestApp({ HL7_MLLP_ENABLED: 'true', HL7_MLLP_PORT: '0', HL7_MLLP_HOST: '127.0.0.1', HL7_FILE_POLL_MS: '3600000' });
    port = t.app.get(MllpListener).port ?? 0;
  });
  afterAll(() => t.close());

  const send = async (...files: string[]): Promise<{ code: number; lines: string[][] }> => {
    try {
      const paths = files.map((f) => (f.startsWith('/') ? f : join(FIXTURES, f)));
      const r = await run(process.execPath, [CLI, '--port', String(port), '--charset', 'GB18030', ...paths]);
      return {
        code: 0,
        lines: r.stdout
          .trim()
          .split('\n')
          .map((l) => l.split('\t')),
      };
    } catch (e) {
      const err = e as { code: number; stdout: string };
      return {
        code: err.code,
        lines: err.stdout
          .trim()
          .split('\n')
          .map((l) => l.split('\t')),
      };
    }
  };

  it('A01, A03, A08, A40 and SIU apply with AA; bad messages get AR with the reason; a repeat changes nothing', async () => {
    // The duplicate record the A40 merges away: registered earlier by the HIS under another 住院号.
    const dir = mkdtempSync(join(tmpdir(), 'hl7-send-'));
    const duplicate = join(dir, 'a28-duplicate-wang.hl7');
    writeFileSync(
      duplicate,
      [
        'MSH|^~\\&|HIS|HOSP01|HCRM|FOLLOWUP|20260301090000+0800||ADT^A28^ADT_A05|DUP0904|P|2.5|||||CHN|UNICODE UTF-8',
        'EVN|A28|20260301090000',
        'PID|1||ZY2026000904^^^HOSP01^MR~P00019904^^^HOSP01^PI||王建国^^^^^^L||19560718|M',
      ].join('\r') + '\r',
    );
    const first = await send(
      duplicate,
      'adt-a01-admit-zhangsan-gb18030.hl7',
      'adt-a08-update-zhangsan-gb18030-no-msh18.hl7',
      'adt-a03-discharge-zhangsan-gb18030.hl7',
      'file-two-messages-back-to-back.hl7',
      'adt-a40-merge-two-pairs.hl7',
      'siu-s12-new-appointment-zhangsan.hl7',
      'malformed-unknown-event.hl7',
      'malformed-no-msh.hl7',
    );
    expect(first.code).toBe(1); // not every message was accepted
    const codes = first.lines.map((l) => [l[0].split('/').pop(), l[2]]);
    expect(codes).toEqual([
      ['a28-duplicate-wang.hl7', 'AA'],
      ['adt-a01-admit-zhangsan-gb18030.hl7', 'AA'],
      ['adt-a08-update-zhangsan-gb18030-no-msh18.hl7', 'AA'],
      ['adt-a03-discharge-zhangsan-gb18030.hl7', 'AA'],
      ['file-two-messages-back-to-back.hl7', 'AA'],
      ['file-two-messages-back-to-back.hl7', 'AA'],
      ['adt-a40-merge-two-pairs.hl7', 'AA'],
      ['siu-s12-new-appointment-zhangsan.hl7', 'AA'],
      ['malformed-unknown-event.hl7', 'AR'],
      ['malformed-no-msh.hl7', 'AR'],
    ]);
    expect(first.lines[8][3]).toContain('ADT^A99');

    const [zhang] = await t.sql<{ id: string; name: string }>(
      `SELECT p.id, p.name FROM patient p JOIN patient_identifier i ON i.patient_id = p.id WHERE i.value = 'ZY2026000101'`,
    );
    expect(zhang.name).toBe('张三');
    const encounters = () =>
      t.sql<{ visit_number: string; discharged: boolean }>(
        `SELECT visit_number, discharged_at IS NOT NULL AS discharged FROM encounter WHERE patient_id = $1 ORDER BY visit_number`,
        [zhang.id],
      );
    expect(await encounters()).toEqual([{ visit_number: 'V2026040100012', discharged: true }]);
    expect(await t.sql(`SELECT status FROM appointment WHERE patient_id = $1`, [zhang.id])).toEqual([{ status: 'booked' }]);
    // A40: the duplicate record now points to its survivor, which holds its identifiers.
    const [wang] = await t.sql<{ merged_into: string | null; survivor_identifiers: string[] }>(
      `SELECT (SELECT p.merged_into_id FROM patient p WHERE p.name = '王建国' AND p.merged_into_id IS NOT NULL) AS merged_into,
              (SELECT array_agg(i.value ORDER BY i.value) FROM patient_identifier i JOIN patient_identifier s ON s.patient_id = i.patient_id
                WHERE s.value = 'ZY2026000104') AS survivor_identifiers`,
    );
    expect(wang.merged_into).not.toBeNull();
    expect(wang.survivor_identifiers).toEqual(expect.arrayContaining(['ZY2026000104', 'ZY2026000904']));
    // Everything is in the inbox, with the ACK sent.
    const stored = await t.sql<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM hl7_message GROUP BY status ORDER BY status`,
    );
    expect(stored).toEqual([
      { status: 'processed', n: 8 },
      { status: 'rejected', n: 2 },
    ]);

    // The discharge again: AA, the same row (attempts 2), nothing changed.
    const before = await t.sql(`SELECT row_to_json(e)::text AS row FROM encounter e WHERE patient_id = $1`, [zhang.id]);
    const again = await send('adt-a03-discharge-zhangsan-gb18030.hl7');
    expect([again.code, again.lines[0][2]]).toEqual([0, 'AA']);
    expect(await t.sql(`SELECT row_to_json(e)::text AS row FROM encounter e WHERE patient_id = $1`, [zhang.id])).toEqual(before);
    const rows = await t.sql<{ attempts: number }>(`SELECT attempts FROM hl7_message WHERE control_id = $1`, [
      again.lines[0][1].split(' ')[0],
    ]);
    expect(rows).toEqual([{ attempts: 2 }]);
  });
});
