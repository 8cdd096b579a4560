/** The interface monitor's view of the HL7 inbox (`/api/hl7`, hl7.read / hl7.manage). */

export type Hl7Status = 'received' | 'processed' | 'ignored' | 'failed' | 'rejected' | 'duplicate';
export const HL7_STATUSES: readonly Hl7Status[] = ['received', 'processed', 'ignored', 'failed', 'rejected', 'duplicate'];

export type Hl7Transport = 'mllp' | 'file' | 'upload' | 'replay';
export type StatsBucket = 'minute' | 'hour' | 'day';

/** A row of the message list (no raw bytes). */
export interface Hl7MessageItem {
  id: string;
  sourceId: string;
  sourceCode: string;
  transport: Hl7Transport;
  receivedAt: string;
  controlId: string;
  sendingApplication: string;
  sendingFacility: string;
  messageType: string | null;
  version: string | null;
  status: Hl7Status;
  errorCode: number | null;
  errorReason: string | null;
  errorLocation: string | null;
  ackCode: string | null;
  patientId: string | null;
  summary: string | null;
  attempts: number;
  processedAt: string | null;
  replayOf: string | null;
  resolvedBy: string | null;
  fileName: string | null;
}

export interface SegmentField {
  n: number;
  value: string;
  components: string[];
}

export interface Segment {
  name: string;
  fields: SegmentField[];
}

export interface Hl7Replay {
  id: string;
  status: Hl7Status;
  receivedAt: string;
  errorCode: number | null;
  errorReason: string | null;
}

/** One message opened: its raw text, segment tree, the ACK sent and its replays. */
export interface Hl7MessageDetail extends Hl7MessageItem {
  charset: string | null;
  remoteAddress: string | null;
  bytes: number;
  rawText: string;
  segments: Segment[] | null;
  parseError: { code: number; reason: string } | null;
  ackText: string;
  replays: Hl7Replay[];
}

/** What a replay, an edit-and-replay or an upload says about one message. */
export interface Hl7Outcome {
  messageId: string | null;
  status: Hl7Status | 'not_stored';
  ackCode: string | null;
  controlId: string;
  messageType: string | null;
  repeat: boolean;
  error: { code: number; reason: string; location?: string } | null;
}

export type Hl7ReplayResult = Partial<Hl7MessageItem> & { outcome: Hl7Outcome };

export interface BulkReplayResult {
  requested: number;
  resolved: number;
  failed: number;
  notReplayed: number;
  items: Array<{ id: string; replayId: string | null; status: string; error?: string }>;
}

export interface UploadResult {
  fileName: string;
  messages: Hl7Outcome[];
}

export interface StatsBucketRow {
  at: string;
  total: number;
  byStatus: Partial<Record<Hl7Status, number>>;
  bySource: Record<string, number>;
}

export interface Hl7Stats {
  from: string;
  to: string;
  bucket: StatsBucket;
  series: StatsBucketRow[];
  totals: { total: number; byStatus: Partial<Record<Hl7Status, number>>; bySource: Record<string, number> };
}

export type SourceTransport = 'mllp' | 'file';

export interface Hl7Source {
  id: string;
  code: string;
  name: string;
  transport: SourceTransport;
  defaultCharset: string;
  inboundDir: string | null;
  mapping: Record<string, Record<string, string>>;
  enabled: boolean;
}

export type Hl7SourceInput = Omit<Hl7Source, 'id'>;

export interface MessageQuery {
  page: number;
  pageSize: number;
  status: Hl7Status | '';
  sourceId: string;
  type: string;
  controlId: string;
  patientId: string;
  q: string;
  from: string;
  to: string;
}

/** Periods the monitor offers: the list's `from` and the chart's range and bucket. */
export type Period = '1h' | '24h' | '7d' | '30d';
export const PERIODS: Record<Period, { ms: number; bucket: StatsBucket }> = {
  '1h': { ms: 3600_000, bucket: 'minute' },
  '24h': { ms: 86400_000, bucket: 'hour' },
  '7d': { ms: 7 * 86400_000, bucket: 'hour' },
  '30d': { ms: 30 * 86400_000, bucket: 'day' },
};
