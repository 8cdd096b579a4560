import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { MllpListener } from '../src/hl7/inbox/mllp.listener';
import { adt, MllpClient, msa } from './support/hl7-client';
import { TestApplier } from './support/hl7-test-applier';
import { startTestApp, TestApp } from './support/test-app';

/** The MLLP listener over TLS (test certificate in support/tls), its idle timeout and its clean shutdown. */
jest.setTimeout(60_000);

const TLS_DIR = join(__dirname, 'support/tls');
const ca = readFileSync(join(TLS_DIR, 'test-cert.pem'));

let t: TestApp;
let port: number;
const applier = new TestApplier();
let closed = false;

afterAll(async () => {
  if (!closed) await t?.close();
});

beforeAll(async () => {
  t = await startTestApp(
    {
      HL7_MLLP_ENABLED: 'true',
      HL7_MLLP_PORT: '0',
      HL7_MLLP_HOST: '127.0.0.1',
      HL7_MLLP_IDLE_SECONDS: '1',
      HL7_MLLP_TLS_CERT: join(TLS_DIR, 'test-cert.pem'),
      HL7_MLLP_TLS_KEY: join(TLS_DIR, 'test-key.pem'),
    },
    undefined,
    undefined,
    { hl7Applier: applier },
  );
  port = t.app.get(MllpListener).port ?? 0;
  expect(port).toBeGreaterThan(0);
});

it('TLS: a message is stored, applied and answered AA over an encrypted connection', async () => {
  const c = await MllpClient.openTls(port, ca);
  const ack = msa(await c.send(adt('TLS0001', 'P9001')));
  expect(ack).toMatchObject({ code: 'AA', controlId: 'TLS0001' });
  expect(await t.sql(`SELECT status, remote_address FROM hl7_message WHERE control_id = 'TLS0001'`)).toEqual([
    { status: 'processed', remote_address: '127.0.0.1' },
  ]);
  await c.close();
});

it('a plain TCP sender gets no ACK from the TLS listener, and nothing is stored', async () => {
  const s = connect(port, '127.0.0.1');
  s.on('error', () => undefined);
  await new Promise((r) => s.once('connect', r));
  s.write(Buffer.concat([Buffer.from([0x0b]), Buffer.from(adt('PLAIN001', 'P9002')), Buffer.from([0x1c, 0x0d])]));
  await new Promise((r) => s.once('close', r));
  expect(await t.sql(`SELECT 1 FROM hl7_message WHERE control_id = 'PLAIN001'`)).toEqual([]);
});

it('an idle connection is closed after HL7_MLLP_IDLE_SECONDS', async () => {
  const c = await MllpClient.openTls(port, ca);
  expect(msa(await c.send(adt('IDLE001', 'P9003'))).code).toBe('AA');
  const started = Date.now();
  while (!c.isClosed && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 50));
  expect(c.isClosed).toBe(true);
  expect(Date.now() - started).toBeGreaterThanOrEqual(700);
});

it('shutdown: stops accepting, finishes the message in flight (its AA arrives), then closes the connection', async () => {
  const c = await MllpClient.openTls(port, ca);
  const answered = c.send(adt('SLOW001', 'SLOW')); // the applier takes 500 ms
  await new Promise((r) => setTimeout(r, 100));
  const closing = t.close();
  expect(msa(await answered)).toMatchObject({ code: 'AA', controlId: 'SLOW001' });
  await closing;
  closed = true;
  expect(applier.count('SLOW001')).toBe(1);
  for (let i = 0; i < 40 && !c.isClosed; i++) await new Promise((r) => setTimeout(r, 50));
  expect(c.isClosed).toBe(true);
  await expect(MllpClient.openTls(port, ca)).rejects.toThrow(/ECONNREFUSED/);
});
