/**
 * HL7 v2 parse benchmark (issue #4, part 1): messages/s for a small (~700 bytes) and a large (~8.5 kB) ADT^A01,
 * our parser and the npm HL7 libraries side by side in the same run, each parse followed by reading MSH-10, PID-3,
 * PID-5 and PV1-3 (so lazy and eager parsers do comparable work). Also runs every parser over ../shared/hl7-corpus
 * and reports, per file, whether it got the same header and probe values as our parser (whose outcome per file is
 * pinned by backend/src/hl7/parser/corpus.spec.ts), threw, or silently accepted input we reject.
 *
 * Our parser is given the raw bytes (charset detection and decoding included in its time); the peers, which only
 * accept strings, are given the already decoded text.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { frame, MllpDecoder, parseMessage, splitBatch, tryParseMessage, type Hl7Message } from '../backend/src/hl7/parser';

const load = createRequire(__filename);

/** What every parser must answer: HL7 paths, first repetition, first subcomponent. */
const PROBES = ['MSH-9.1', 'MSH-9.2', 'MSH-10', 'PID-3.1', 'PID-5.1', 'PID-5.2', 'PV1-3.1'] as const;
type Probe = (typeof PROBES)[number];
interface ParsedMessage {
  get(probe: Probe): string;
}
interface Parser {
  name: string;
  version: string;
  /** One message from the bytes (ours) or the decoded text (peers). */
  parse(bytes: Buffer, text: string): ParsedMessage;
  /** A whole file: batches and back-to-back messages where the library supports them. */
  parseFile(bytes: Buffer, text: string): ParsedMessage[];
}

function split(probe: Probe): [segment: string, field: number, component: number] {
  const [seg, rest] = probe.split('-');
  const [f, c = '1'] = rest.split('.');
  return [seg, Number(f), Number(c)];
}

function versionOf(pkg: string): string {
  // some packages do not export ./package.json: walk up from the resolved entry point instead
  for (let dir = resolve(load.resolve(pkg), '..'); resolve(dir, '..') !== dir; dir = resolve(dir, '..')) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (json.name === pkg) return json.version ?? '?';
  }
  return '?';
}

// ---- our parser
const ours: Parser = {
  name: 'hcrm (ours)',
  version: '-',
  parse: (bytes) => wrapOurs(parseMessage(bytes)),
  parseFile: (bytes) => splitBatch(bytes).messages.map((b) => wrapOurs(parseMessage(b))),
};
function wrapOurs(m: Hl7Message): ParsedMessage {
  return { get: (p) => m.get(p) };
}

// ---- hl7-standard (Iron Bridge)
interface Hl7StandardMsg {
  transform(cb?: (err: unknown) => void, batch?: boolean): void;
  get(path: string): unknown;
}
function hl7Standard(): Parser {
  const HL7 = load('hl7-standard') as new (text: string) => Hl7StandardMsg;
  const wrap = (h: Hl7StandardMsg): ParsedMessage => ({
    get: (p) => {
      const [s, f, c] = split(p);
      const v = h.get(`${s}.${f}.${c}`);
      return typeof v === 'string' ? v : v == null ? '' : JSON.stringify(v);
    },
  });
  const parse = (text: string): Hl7StandardMsg => {
    const h = new HL7(text);
    h.transform();
    return h;
  };
  return {
    name: 'hl7-standard',
    version: versionOf('hl7-standard'),
    parse: (_b, t) => wrap(parse(t)),
    parseFile: (_b, t) => [wrap(parse(t))],
  };
}

// ---- simple-hl7
interface SimpleSegment {
  getComponent(field: number, component: number, sub?: number): unknown;
  getField(field: number, repetition?: number): unknown;
}
interface SimpleMsg {
  header: SimpleSegment;
  getSegment(name: string): SimpleSegment | undefined;
}
function simpleHl7(): Parser {
  const lib = load('simple-hl7') as { Parser: new () => { parse(text: string): SimpleMsg } };
  const parser = new lib.Parser();
  const wrap = (m: SimpleMsg): ParsedMessage => ({
    get: (p) => {
      const [s, f, c] = split(p);
      // simple-hl7 numbers MSH fields from MSH-3 = 1
      const seg = s === 'MSH' ? m.header : m.getSegment(s);
      const n = s === 'MSH' ? f - 2 : f;
      const v = seg?.getComponent(n, c);
      if (typeof v === 'string' && v !== '') return v;
      // getComponent cannot read a field that has repetitions: take the first repetition and split it as a user would
      const rep = seg?.getField(n, 1);
      return typeof rep === 'string' ? (rep.split('^')[c - 1] ?? '') : '';
    },
  });
  return {
    name: 'simple-hl7',
    version: versionOf('simple-hl7'),
    parse: (_b, t) => wrap(parser.parse(t)),
    parseFile: (_b, t) => [wrap(parser.parse(t))],
  };
}

// ---- node-hl7-client (Bugs5382), the parser behind node-hl7-server
interface NhcNode {
  toString(): string;
}
interface NhcMessage {
  get(path: string): NhcNode;
}
function nodeHl7Client(): Parser {
  const lib = load('node-hl7-client') as {
    Message: new (o: { text: string }) => NhcMessage;
    FileBatch: new (o: { text: string }) => { messages(): NhcMessage[] };
    Batch: new (o: { text: string }) => { messages(): NhcMessage[] };
    isBatch(text: string): boolean;
    isFile(text: string): boolean;
  };
  const wrap = (m: NhcMessage): ParsedMessage => ({
    get: (p) => {
      const [s, f, c] = split(p);
      return m.get(`${s}.${f}.${c}.1`).toString();
    },
  });
  return {
    name: 'node-hl7-client',
    version: versionOf('node-hl7-client'),
    parse: (_b, t) => wrap(new lib.Message({ text: t })),
    parseFile: (_b, t) => {
      if (lib.isFile(t)) return new lib.FileBatch({ text: t }).messages().map(wrap);
      if (lib.isBatch(t)) return new lib.Batch({ text: t }).messages().map(wrap);
      return [wrap(new lib.Message({ text: t }))];
    },
  };
}

// ---- @medplum/core Hl7Message
interface MedplumSegment {
  getComponent(field: number, component: number, subcomponent?: number): string;
}
interface MedplumMessage {
  header: MedplumSegment;
  getSegment(name: string): MedplumSegment | undefined;
}
function medplum(): Parser {
  const lib = load('@medplum/core') as { Hl7Message: { parse(text: string): MedplumMessage } };
  const wrap = (m: MedplumMessage): ParsedMessage => ({
    get: (p) => {
      const [s, f, c] = split(p);
      // subcomponent index is 0-based in @medplum/core 4.5 (the docs say 1-based)
      return (s === 'MSH' ? m.header : m.getSegment(s))?.getComponent(f, c, 0) ?? '';
    },
  });
  return {
    name: '@medplum/core',
    version: versionOf('@medplum/core'),
    parse: (_b, t) => wrap(lib.Hl7Message.parse(t)),
    parseFile: (_b, t) => [wrap(lib.Hl7Message.parse(t))],
  };
}

// ---- inputs

function findUp(rel: string): string | undefined {
  for (let dir = __dirname; ; dir = resolve(dir, '..')) {
    const p = join(dir, rel);
    if (existsSync(p)) return p;
    if (resolve(dir, '..') === dir) return undefined;
  }
}

/** A typical inpatient admission from a Chinese HIS, ~700 bytes of UTF-8, CR separators. */
export const SMALL_ADT = [
  'MSH|^~\\&|HIS|HOSP01^示范医院|HCRM|FOLLOWUP|20260401083000+0800||ADT^A01^ADT_A01|HIS202604010001|P|2.5|||AL|NE|CHN|UNICODE UTF-8',
  'EVN|A01|20260401083000||||20260401082500',
  'PID|1||ZY2026000101^^^HOSP01^MR~P00012001^^^HOSP01^PI~11010519780512003X^^^CHN^NI||张三^^^^^^L||19780512|M|||朝阳区建国路88号3单元502^^北京市^北京市^100022^CHN^H||13812345678^PRN^CP|||M|||11010519780512003X',
  'NK1|1|李梅^^^^^^L|SPO^配偶^HL70063||13812345679^PRN^CP',
  'PV1|1|I|CARD-1^0312^02^HOSP01^^^^^心内科一病区|R|||D1021^王伟^^^^主任医师|||CARD|||||||D1021^王伟|IP|V2026040100012^^^HOSP01^VN||||||||||||||||||||HOSP01|||||20260401082500',
  'DG1|1||I20.0^不稳定型心绞痛^ICD10|||A',
  'AL1|1|DA|Z01^青霉素^LOCAL|MO|皮疹',
].join('\r');

interface Input {
  name: string;
  bytes: Buffer;
  text: string;
}

function inputs(): Input[] {
  const small = Buffer.from(SMALL_ADT + '\r', 'utf8');
  const largeFile = findUp('../shared/hl7-corpus/fhirconv/adt-a01-01.hl7') ?? findUp('shared/hl7-corpus/fhirconv/adt-a01-01.hl7');
  if (!largeFile) throw new Error('shared/hl7-corpus/fhirconv/adt-a01-01.hl7 not found (the large input)');
  // CR separators for everyone (simple-hl7 splits on CR only)
  const large = Buffer.from(readFileSync(largeFile, 'utf8').replace(/\r?\n/g, '\r'), 'utf8');
  return [
    { name: 'small', bytes: small, text: small.toString('utf8') },
    { name: 'large', bytes: large, text: large.toString('utf8') },
  ];
}

// ---- throughput

const READ: Probe[] = ['MSH-10', 'PID-3.1', 'PID-5.1', 'PV1-3.1'];

interface Run {
  n: number;
  wallSeconds: number;
  cpuSeconds: number;
  sink: number;
}

function runFor(parser: Parser, input: Input, ms: number): Run {
  let n = 0;
  let sink = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const deadline = t0 + ms;
  while (performance.now() < deadline) {
    for (let k = 0; k < 200; k++) {
      const m = parser.parse(input.bytes, input.text);
      for (const p of READ) sink += m.get(p).length;
    }
    n += 200;
  }
  const c = process.cpuUsage(c0);
  return { n, wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6, sink };
}

/**
 * Messages per second of this process's CPU time (user + system, all threads, so GC helpers count against us) and per
 * wall-clock second. On a shared machine the CPU figure is the stable one; on an idle machine the two agree.
 */
function throughput(parser: Parser, input: Input): { cpu: number; wall: number } {
  runFor(parser, input, 300); // warm-up
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < 3; r++) {
    const run = runFor(parser, input, 700);
    cpu.push(run.n / run.cpuSeconds);
    wall.push(run.n / run.wallSeconds);
  }
  const median = (xs: number[]): number => Math.round([...xs].sort((a, b) => a - b)[1]);
  return { cpu: median(cpu), wall: median(wall) };
}

// ---- corpus comparison

type Outcome = 'same' | 'different' | 'threw' | 'rejected' | 'accepted-invalid';

function compare(parser: Parser, bytes: Buffer, reference: ParsedMessage[] | undefined): { outcome: Outcome; detail?: string } {
  let got: ParsedMessage[];
  try {
    got = parser.parseFile(bytes, bytes.toString('utf8'));
  } catch (e) {
    return reference ? { outcome: 'threw', detail: e instanceof Error ? e.message.slice(0, 80) : String(e) } : { outcome: 'rejected' };
  }
  if (!reference) return { outcome: 'accepted-invalid' };
  if (got.length !== reference.length) return { outcome: 'different', detail: `${got.length} messages instead of ${reference.length}` };
  for (let i = 0; i < got.length; i++) {
    for (const p of PROBES) {
      let v: string;
      try {
        v = got[i].get(p);
      } catch (e) {
        return { outcome: 'threw', detail: `reading ${p}: ${e instanceof Error ? e.message.slice(0, 60) : String(e)}` };
      }
      const want = reference[i].get(p);
      if (v !== want) return { outcome: 'different', detail: `${p} ${JSON.stringify(v.slice(0, 30))} instead of ${JSON.stringify(want)}` };
    }
  }
  return { outcome: 'same' };
}

function corpusComparison(parsers: Parser[]): object {
  const root = findUp('../shared/hl7-corpus') ?? findUp('shared/hl7-corpus');
  if (!root) return { error: 'shared/hl7-corpus not found' };
  const files = readdirSync(root)
    .filter((d) => statSync(join(root, d)).isDirectory())
    .flatMap((d) => readdirSync(join(root, d)).map((f) => `${d}/${f}`))
    .sort();
  const perFile: Record<string, Record<string, string>> = {};
  const totals: Record<string, Record<Outcome, number>> = {};
  for (const p of parsers) totals[p.name] = { same: 0, different: 0, threw: 0, rejected: 0, 'accepted-invalid': 0 };
  for (const f of files) {
    const bytes = readFileSync(join(root, f));
    const results = splitBatch(bytes).messages.map((b) => tryParseMessage(b));
    const reference = results.every((r) => r.ok) ? results.flatMap((r) => (r.ok ? [wrapOurs(r.message)] : [])) : undefined;
    perFile[f] = {};
    for (const p of parsers) {
      const { outcome, detail } =
        p === ours ? { outcome: reference ? ('same' as const) : ('rejected' as const), detail: undefined } : compare(p, bytes, reference);
      totals[p.name][outcome]++;
      perFile[f][p.name] = detail ? `${outcome}: ${detail}` : outcome;
    }
  }
  return { files: files.length, totals, perFile };
}

// ---- MLLP: two frames in one TCP read, and one frame over two reads

function mllpCheck(): object {
  const a = 'MSH|^~\\&|A|B|C|D|20260401||ADT^A08|1|P|2.5\rPID|1||1\r';
  const b = 'MSH|^~\\&|A|B|C|D|20260401||ADT^A08|2|P|2.5\rPID|1||2\r';
  const merged = Buffer.concat([frame(a), frame(b)]);
  const dec = new MllpDecoder();
  const oursFrames = dec.push(merged).filter((e) => e.kind === 'frame').length;
  const lib = load('node-hl7-client') as { MLLPCodec: new () => { receiveData(b: Buffer): boolean; getLastMessage(): string | null } };
  const codec = new lib.MLLPCodec();
  codec.receiveData(merged);
  const theirs = codec.getLastMessage() ?? '';
  return {
    input: 'two MLLP frames delivered in one TCP read',
    'hcrm MllpDecoder frames': oursFrames,
    'node-hl7-client MLLPCodec messages': theirs ? 1 : 0,
    'node-hl7-client message holds both control ids': theirs.includes('|1|P|') && theirs.includes('|2|P|'),
    'simple-hl7 tcp-server':
      'concatenates reads until the buffer ends with 0x1C 0x0D, then parses everything between the first 0x0B and the last 0x1C as one message (read from its source)',
  };
}

export async function hl7Parse(): Promise<object> {
  const parsers = [ours, hl7Standard(), simpleHl7(), nodeHl7Client(), medplum()];
  const ins = inputs();
  const results: Record<string, Record<string, number | string>> = {};
  const wall: Record<string, Record<string, number | string>> = {};
  for (const input of ins) {
    results[input.name] = {};
    wall[input.name] = {};
    for (const p of parsers) {
      try {
        const t = throughput(p, input);
        results[input.name][p.name] = t.cpu;
        wall[input.name][p.name] = t.wall;
      } catch (e) {
        results[input.name][p.name] = wall[input.name][p.name] = `failed: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  }
  // ours on GB 18030 bytes (the peers cannot decode them at all)
  const gbInput: Input = {
    name: 'small-gb18030',
    bytes: (load('iconv-lite') as { encode(s: string, e: string): Buffer }).encode(
      SMALL_ADT.replace('UNICODE UTF-8', 'GB 18030-2000') + '\r',
      'gb18030',
    ),
    text: '',
  };
  const gb18030 = throughput(ours, gbInput);

  // every peer must read the benchmark inputs right, or its figure means nothing
  const inputCheck: Record<string, Record<string, string>> = {};
  for (const input of ins) {
    inputCheck[input.name] = {};
    for (const p of parsers) {
      if (p === ours) continue;
      const { outcome, detail } = compare(p, input.bytes, [wrapOurs(parseMessage(input.bytes))]);
      inputCheck[input.name][p.name] = detail ? `${outcome}: ${detail}` : outcome;
    }
  }

  const smallOurs = results['small'][ours.name];
  const peersSmall = parsers.filter((p) => p !== ours).map((p) => results['small'][p.name]);
  const ahead = typeof smallOurs === 'number' && peersSmall.every((r) => typeof r !== 'number' || r < smallOurs);
  return {
    benchmark: 'hl7',
    input: {
      small: {
        bytes: ins[0].bytes.length,
        segments: ins[0].text.split('\r').filter(Boolean).length,
        description: 'ADT^A01, UTF-8, Chinese names',
      },
      large: {
        bytes: ins[1].bytes.length,
        segments: ins[1].text.split('\r').filter(Boolean).length,
        description: 'fhirconv/adt-a01-01.hl7 (v2.8 ADT^A01), CR',
      },
      smallGb18030: { bytes: gbInput.bytes.length },
      perParse: 'parse + read MSH-10, PID-3.1, PID-5.1, PV1-3.1; median of 3 × 0.7 s after 0.3 s warm-up',
      rates: 'messagesPerSecond per CPU-second of this process (stable on a shared machine), messagesPerWallSecond per wall-clock second',
    },
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
    },
    versions: Object.fromEntries(parsers.map((p) => [p.name, p.version])),
    messagesPerSecond: { ...results, 'small-gb18030 (ours only)': gb18030.cpu },
    messagesPerWallSecond: { ...wall, 'small-gb18030 (ours only)': gb18030.wall },
    inputCheck,
    targets: { smallMessagesPerSecond: 100_000, aheadOfEveryPeer: true },
    pass: typeof smallOurs === 'number' && smallOurs >= 100_000 && ahead,
    corpus: corpusComparison(parsers),
    mllp: mllpCheck(),
  };
}

if (require.main === module) {
  hl7Parse()
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
