import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Typed, validated configuration read once from the environment.
 * Bad values stop the boot with a message naming the variable (see ConfigError).
 */
export interface AppConfig {
  port: number;
  host: string;
  /** External PostgreSQL; when undefined the embedded server is used. */
  databaseUrl?: string;
  embeddedPg: { dataDir: string; port: number };
  migrateOnStart: boolean;
  seedDemo: boolean;
  /** With the demo hospital: also a demo follow-up history (templates, plans, calls, answers, escalations) on the start that seeds it. */
  demoFollowup: boolean;
  jwtSecret?: string;
  jwtExpiresInSeconds: number;
  login: { maxAttempts: number; lockMinutes: number; rateLimitPerMinute: number };
  passwordMinLength: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  consoleDir: string;
  trustProxy: boolean;
  /** Hours (China time) when phone tasks stay off the call list; undefined = never. */
  quietHours?: { from: number; to: number };
  /**
   * URL prefixes of the CTI/PBX recording store the server may fetch recordings from
   * (`RECORDING_URL_PREFIXES`, comma-separated). Empty: only uploaded recordings (no server-side fetches).
   */
  recordingUrlPrefixes: string[];
  telephony: TelephonyConfig;
  hl7: Hl7Config;
  /** Satisfaction figures of a group with fewer valid answers are not shown (`REPORT_MIN_RESPONSES`, default 5). */
  reportMinResponses: number;
  /**
   * Follow-up tasks exist as rows only up to this many days after today (`FOLLOWUP_HORIZON_DAYS`,
   * default 62, at least 31 so "this month" and "next week" are always complete); the daily
   * generation creates those coming into range, later ones are shown as planned.
   */
  followupHorizonDays: number;
}

/** Telephony adapter (docs/telephony.md). */
export interface TelephonyConfig {
  /** `manual`: the nurse dials on a desk phone (tel: link); `cti`: the CTI server/PBX dials and reports call events. */
  mode: 'manual' | 'cti';
  /** Base URL of the CTI server's HTTP API (cti mode); its WebSocket event stream is the same URL with ws(s):// and `/events` appended. */
  ctiUrl?: string;
  /** Bearer token sent to the CTI server on every request and on the WebSocket handshake. */
  ctiToken?: string;
  /** Reconnect backoff of the event stream: first wait, doubled after each failure up to the maximum. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** How often the console's call-event stream gets a keep-alive and the session behind it is re-checked. */
  streamHeartbeatSeconds: number;
}

/** HL7 transports (docs/hl7-interface.md, "Transports"). */
export interface Hl7Config {
  mllp: {
    enabled: boolean;
    host: string;
    port: number;
    /** A connection with no traffic for this long is closed. */
    idleSeconds: number;
    /** Code of the hl7_source messages received over MLLP are attributed to. */
    sourceCode: string;
    /** Frames larger than this are refused (AR) without being kept. */
    maxFrameBytes: number;
    /** TLS when both are set: PEM file paths. */
    tls?: { certFile: string; keyFile: string };
  };
  /** File drop: how often the sources' inbound folders are polled. */
  filePollMs: number;
  /** A file is picked up only when it has not changed for this long (the HIS may still be writing it). */
  fileSettleMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Parses durations such as `8h`, `30m`, `3600` (seconds). */
export function parseDuration(value: string): number | undefined {
  const m = DURATION.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_SECONDS[m[2] ?? 's'];
}

export function loadConfig(env: Env = process.env, argv: string[] = process.argv): AppConfig {
  const problems: string[] = [];

  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be an integer between ${min} and ${max}`);
      return def;
    }
    return n;
  };
  const bool = (name: string, def: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    problems.push(`${name}="${raw}" must be true or false`);
    return def;
  };

  const databaseUrl = env['DATABASE_URL'] || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }

  const jwtSecret = env['JWT_SECRET'] || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters (or unset it to let the server generate one)');
  }

  let jwtExpiresInSeconds = 8 * 3600;
  if (env['JWT_EXPIRES_IN']) {
    const parsed = parseDuration(env['JWT_EXPIRES_IN']);
    if (!parsed || parsed < 60 || parsed > 7 * 86400) {
      problems.push(`JWT_EXPIRES_IN="${env['JWT_EXPIRES_IN']}" must be a duration such as 8h, 30m or 3600 (60 s to 7 d)`);
    } else {
      jwtExpiresInSeconds = parsed;
    }
  }

  let quietHours: AppConfig['quietHours'] = { from: 22, to: 7 };
  const quiet = env['QUIET_HOURS'];
  if (quiet !== undefined && quiet !== '') {
    const m = /^(\d{1,2})(?::00)?-(\d{1,2})(?::00)?$/.exec(quiet);
    if (quiet === 'off') quietHours = undefined;
    else if (m && Number(m[1]) < 24 && Number(m[2]) < 24 && m[1] !== m[2]) quietHours = { from: Number(m[1]), to: Number(m[2]) };
    else problems.push(`QUIET_HOURS="${quiet}" must look like 22:00-07:00, or be "off"`);
  }

  const logLevel = (env['LOG_LEVEL'] || 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL="${logLevel}" must be one of ${LOG_LEVELS.join(', ')}`);

  const recordingUrlPrefixes = (env['RECORDING_URL_PREFIXES'] ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const prefix of recordingUrlPrefixes)
    if (!/^https?:\/\/[^/]+\//.test(prefix)) problems.push(`RECORDING_URL_PREFIXES: "${prefix}" must look like http(s)://host/path/`);
  const telephonyMode = env['TELEPHONY'] || 'manual';
  if (telephonyMode !== 'manual' && telephonyMode !== 'cti') problems.push(`TELEPHONY="${telephonyMode}" must be manual or cti`);
  const ctiUrl = env['CTI_URL'] || undefined;
  const ctiToken = env['CTI_TOKEN'] || undefined;
  if (ctiUrl && !/^https?:\/\/[^/]+/.test(ctiUrl)) problems.push(`CTI_URL="${ctiUrl}" must look like http(s)://host[:port][/path]`);
  if (telephonyMode === 'cti' && (!ctiUrl || !ctiToken)) problems.push('TELEPHONY=cti needs CTI_URL and CTI_TOKEN');
  if (ctiToken !== undefined && ctiToken.length < 16) problems.push('CTI_TOKEN must be at least 16 characters');
  const tlsCert = env['HL7_MLLP_TLS_CERT'] || undefined;
  const tlsKey = env['HL7_MLLP_TLS_KEY'] || undefined;
  if (!!tlsCert !== !!tlsKey) problems.push('HL7_MLLP_TLS_CERT and HL7_MLLP_TLS_KEY must be set together (PEM file paths), or neither');
  for (const [name, file] of [
    ['HL7_MLLP_TLS_CERT', tlsCert],
    ['HL7_MLLP_TLS_KEY', tlsKey],
  ] as const) {
    if (file && !existsSync(file)) problems.push(`${name}="${file}": no such file`);
  }
  const mllpSource = env['HL7_MLLP_SOURCE'] || 'HIS';
  if (!/^[A-Za-z0-9._-]{1,32}$/.test(mllpSource))
    problems.push(`HL7_MLLP_SOURCE="${mllpSource}" must be a source code (1–32 letters, digits, . _ -)`);

  const config: AppConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: env['HOST'] || '0.0.0.0',
    databaseUrl,
    embeddedPg: {
      dataDir: resolve(env['EMBEDDED_PG_DIR'] || '.data/postgres'),
      port: int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    },
    // The embedded server is always migrated on start; an external one only when asked.
    migrateOnStart: bool('DB_MIGRATE_ON_START', false) || !databaseUrl,
    // Demo data goes into an empty embedded database by default; into an external one only when asked.
    seedDemo: bool('SEED_DEMO', !databaseUrl) || argv.includes('--demo'),
    demoFollowup: bool('DEMO_FOLLOWUP', true),
    jwtSecret,
    jwtExpiresInSeconds,
    login: {
      maxAttempts: int('LOGIN_MAX_ATTEMPTS', 5, 1, 100),
      lockMinutes: int('LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
      rateLimitPerMinute: int('LOGIN_RATE_LIMIT', 20, 1, 100000),
    },
    passwordMinLength: int('PASSWORD_MIN_LENGTH', 8, 8, 128),
    logLevel,
    consoleDir: resolve(env['CONSOLE_DIR'] || 'dist/frontend/browser'),
    trustProxy: bool('TRUST_PROXY', false),
    quietHours,
    recordingUrlPrefixes,
    telephony: {
      mode: telephonyMode as TelephonyConfig['mode'],
      ctiUrl: ctiUrl?.replace(/\/+$/, ''),
      ctiToken,
      reconnectMinMs: int('CTI_RECONNECT_MIN_MS', 1000, 10, 600_000),
      reconnectMaxMs: int('CTI_RECONNECT_MAX_MS', 30_000, 10, 3_600_000),
      streamHeartbeatSeconds: int('CALL_EVENTS_HEARTBEAT_SECONDS', 25, 1, 300),
    },
    hl7: {
      mllp: {
        enabled: bool('HL7_MLLP_ENABLED', true),
        host: env['HL7_MLLP_HOST'] || '0.0.0.0',
        port: int('HL7_MLLP_PORT', 2575, 0, 65535),
        idleSeconds: int('HL7_MLLP_IDLE_SECONDS', 300, 1, 86400),
        sourceCode: mllpSource,
        maxFrameBytes: int('HL7_MLLP_MAX_FRAME_BYTES', 10 * 1024 * 1024, 1024, 256 * 1024 * 1024),
        tls: tlsCert && tlsKey ? { certFile: tlsCert, keyFile: tlsKey } : undefined,
      },
      filePollMs: int('HL7_FILE_POLL_MS', 2000, 100, 3_600_000),
      fileSettleMs: int('HL7_FILE_SETTLE_MS', 1000, 0, 600_000),
    },
    reportMinResponses: int('REPORT_MIN_RESPONSES', 5, 1, 1000),
    followupHorizonDays: int('FOLLOWUP_HORIZON_DAYS', 62, 31, 3660),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Injection token for the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
