/** globalSetup writes TestPgState to a file and names it in this environment variable (inherited by workers). */
export const TEST_PG_STATE_ENV = 'HCRM_TEST_PG_STATE';
export const TEMPLATE_DB = 'hcrm_template';

export interface TestPgState {
  /** URL of the server's maintenance database (postgres). */
  adminUrl: string;
  dataDir: string;
}

/** URL of another database on the same server. */
export function dbUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}
