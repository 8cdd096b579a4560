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

  it('parses durations', () => {
    expect(parseDuration('8h')).toBe(28800);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('2 weeks')).toBeUndefined();
  });
});
