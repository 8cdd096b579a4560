import { ConfigError, loadConfig, parseDuration } from './app-config';

describe('loadConfig', () => {
  it('uses safe defaults: embedded database, migrate and seed, 8 h tokens, 5 attempts / 15 min lock', () => {
    const c = loadConfig({}, []);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.port).toBe(3000);
    expect(c.migrateOnStart).toBe(true);
    expect(c.seedDemo).toBe(true);
    expect(c.jwtExpiresInSeconds).toBe(8 * 3600);
    expect(c.login).toEqual({ maxAttempts: 5, lockMinutes: 15, rateLimitPerMinute: 20 });
    expect(c.embeddedPg.dataDir).toMatch(/\.data\/postgres$/);
  });

  it('never migrates or seeds an external database unless asked', () => {
    const url = 'postgres://u:p@db:5432/hcrm';
    expect(loadConfig({ DATABASE_URL: url }, [])).toMatchObject({ migrateOnStart: false, seedDemo: false });
    expect(loadConfig({ DATABASE_URL: url, DB_MIGRATE_ON_START: 'true', SEED_DEMO: 'true' }, [])).toMatchObject({
      migrateOnStart: true,
      seedDemo: true,
    });
    expect(loadConfig({ DATABASE_URL: url }, ['node', 'main.js', '--demo']).seedDemo).toBe(true);
  });

  it('the demo follow-up history comes with the demo hospital unless DEMO_FOLLOWUP=false', () => {
    expect(loadConfig({}, []).demoFollowup).toBe(true);
    expect(loadConfig({ DEMO_FOLLOWUP: 'false' }, []).demoFollowup).toBe(false);
    expect(() => loadConfig({ DEMO_FOLLOWUP: 'sometimes' }, [])).toThrow('DEMO_FOLLOWUP="sometimes" must be true or false');
  });

  it('reports every bad variable at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: '70000', JWT_EXPIRES_IN: 'forever', JWT_SECRET: 'short', LOG_LEVEL: 'loud', SEED_DEMO: 'maybe' }, []);
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(5);
    expect(error!.message).toContain('PORT="70000" must be an integer between 0 and 65535');
  });

  it('HL7 transports: MLLP on 2575 by default; TLS needs both files; bad values are named', () => {
    expect(loadConfig({}, []).hl7).toEqual({
      mllp: {
        enabled: true,
        host: '0.0.0.0',
        port: 2575,
        idleSeconds: 300,
        sourceCode: 'HIS',
        maxFrameBytes: 10 * 1024 * 1024,
        tls: undefined,
      },
      filePollMs: 2000,
      fileSettleMs: 1000,
    });
    let error: ConfigError | undefined;
    try {
      loadConfig({ HL7_MLLP_PORT: 'x', HL7_MLLP_TLS_CERT: '/nonexistent/cert.pem', HL7_MLLP_SOURCE: 'a b' }, []);
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual([
      'HL7_MLLP_TLS_CERT and HL7_MLLP_TLS_KEY must be set together (PEM file paths), or neither',
      'HL7_MLLP_TLS_CERT="/nonexistent/cert.pem": no such file',
      'HL7_MLLP_SOURCE="a b" must be a source code (1–32 letters, digits, . _ -)',
      'HL7_MLLP_PORT="x" must be an integer between 0 and 65535',
    ]);
    expect(loadConfig({ HL7_MLLP_ENABLED: 'false' }, []).hl7.mllp.enabled).toBe(false);
  });

  it('telephony: manual by default; cti needs a URL and a long enough token; bad values are named', () => {
    expect(loadConfig({}, []).telephony).toEqual({
      mode: 'manual',
      ctiUrl: undefined,
      ctiToken: undefined,
      reconnectMinMs: 1000,
      reconnectMaxMs: 30_000,
      streamHeartbeatSeconds: 25,
    });
    const cti = loadConfig({ TELEPHONY: 'cti', CTI_URL: 'https://cti.local/api/', CTI_TOKEN: 'a-long-enough-secret' }, []).telephony;
    expect([cti.mode, cti.ctiUrl]).toEqual(['cti', 'https://cti.local/api']);
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env, []);
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problems({ TELEPHONY: 'cti' })).toEqual(['TELEPHONY=cti needs CTI_URL and CTI_TOKEN']);
    expect(problems({ TELEPHONY: 'pbx', CTI_URL: 'cti.local', CTI_TOKEN: 'short' })).toEqual([
      'TELEPHONY="pbx" must be manual or cti',
      'CTI_URL="cti.local" must look like http(s)://host[:port][/path]',
      'CTI_TOKEN must be at least 16 characters',
    ]);
  });

  it('parses durations', () => {
    expect(parseDuration('8h')).toBe(28800);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('2 weeks')).toBeUndefined();
  });
});
