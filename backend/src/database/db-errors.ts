/** Turns a database connection/setup failure into one sentence an operator can act on. */
export function describeDatabaseError(e: unknown, url: string): string {
  const err = e as { code?: string; message?: string };
  let where = 'the database';
  try {
    const u = new URL(url);
    where = `PostgreSQL at ${u.hostname}:${u.port || 5432}/${u.pathname.slice(1)}`;
  } catch {
    /* keep the generic wording */
  }
  switch (err.code) {
    case 'ECONNREFUSED':
      return `Cannot connect to ${where}: connection refused. Is the server running and DATABASE_URL right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot connect to ${where}: host name not found.`;
    case 'ETIMEDOUT':
      return `Cannot connect to ${where}: timed out.`;
    case '28P01':
    case '28000':
      return `Cannot sign in to ${where}: wrong user name or password in DATABASE_URL.`;
    case '3D000':
      return `${where} does not exist; create the database first.`;
    default:
      return `Database setup failed (${where}): ${err.message ?? String(e)}`;
  }
}
