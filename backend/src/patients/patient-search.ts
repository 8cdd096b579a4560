import type { PatientFilter } from './patients.dto';

/**
 * Builds a patient search from a filter and the caller's department scope, parameterised only.
 *
 * The search box is read by shape; each reading becomes one *branch* (an index-served condition on
 * the patient row), and the branches are combined with UNION rather than OR so every branch keeps
 * its index:
 *   4 digits          → phone tail (ix_patient_phone_tail) | identifier
 *   5+ digits / +…    → full phone | ID number | identifier
 *   17 digits + X/d   → ID number | identifier
 *   Latin letters     → pinyin initials (ZS) | full pinyin (zhangsan), by prefix | identifier
 *   anything else     → name prefix | identifier
 * Filters and the department scope (`department_ids && …`, kept on the patient row by triggers)
 * apply to every branch. The name and pinyin indexes include `department_ids`, so a broad search is
 * answered from the index alone.
 */
export class PatientQuery {
  readonly params: unknown[] = [];
  /** Conditions every match must meet. */
  readonly common: string[] = ['p.merged_into_id IS NULL'];
  /** Alternative ways to match the search box; empty = no search text. */
  readonly branches: string[] = [];

  private p(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  static build(filter: PatientFilter, departmentIds: string[] | null, today = new Date()): PatientQuery {
    const qb = new PatientQuery();
    qb.search(filter.q);
    qb.filters(filter, today);
    if (departmentIds) qb.scope(departmentIds);
    return qb;
  }

  private search(raw: string | undefined): void {
    const q = raw?.trim().replace(/\s+/g, '');
    if (!q) return;
    const like = (s: string) => s.replace(/[\\%_]/g, '\\$&') + '%';
    const identifier = (v: string) => `p.id IN (SELECT patient_id FROM patient_identifier WHERE value = ${this.p(v)})`;
    const b = this.branches;
    if (/^\d{4}$/.test(q)) {
      b.push(`p.id IN (SELECT patient_id FROM patient_phone WHERE right(number, 4) = ${this.p(q)})`, identifier(q));
    } else if (/^\d{17}[\dXx]$/.test(q)) {
      b.push(`p.id_number = ${this.p(q.toUpperCase())}`, identifier(q.toUpperCase()));
    } else if (/^\+?\d{5,16}$/.test(q)) {
      b.push(`p.id IN (SELECT patient_id FROM patient_phone WHERE number = ${this.p(q)})`, `p.id_number = ${this.p(q)}`, identifier(q));
    } else if (/^[A-Za-z]+$/.test(q)) {
      b.push(
        `p.pinyin_initials LIKE ${this.p(like(q.toUpperCase()))}`,
        `p.name_pinyin LIKE ${this.p(like(q.toLowerCase()))}`,
        identifier(q),
      );
      if (q.toUpperCase() !== q) b.push(identifier(q.toUpperCase()));
    } else {
      b.push(`p.name LIKE ${this.p(like(q))}`, identifier(q));
      if (/[a-z]/.test(q)) b.push(identifier(q.toUpperCase()));
    }
  }

  private filters(f: PatientFilter, today: Date): void {
    const enc: string[] = [];
    if (f.departmentId) enc.push(`e.department_id = ${this.p(f.departmentId)}`);
    if (f.wardId) enc.push(`e.ward_id = ${this.p(f.wardId)}`);
    if (f.dischargedFrom) enc.push(`e.discharged_at >= ${this.p(f.dischargedFrom)}::date`);
    if (f.dischargedTo) enc.push(`e.discharged_at < ${this.p(f.dischargedTo)}::date + 1`);
    if (f.icd)
      enc.push(
        `EXISTS (SELECT 1 FROM encounter_diagnosis d WHERE d.encounter_id = e.id AND d.icd10_code LIKE ${this.p(f.icd.toUpperCase() + '%')})`,
      );
    if (enc.length) this.common.push(`EXISTS (SELECT 1 FROM encounter e WHERE e.patient_id = p.id AND ${enc.join(' AND ')})`);
    if (f.regionCode) this.common.push(`p.region_code LIKE ${this.p(f.regionCode + '%')}`);
    if (f.tag) this.common.push(`p.tags @> ARRAY[${this.p(f.tag)}]::text[]`);
    if (f.status) this.common.push(`p.status = ${this.p(f.status)}`);
    if (f.organisationId) this.common.push(`p.organisation_id = ${this.p(f.organisationId)}`);
    // Age band on `today`: born after (today - ageMax - 1 years) and on/before (today - ageMin years).
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const yearsAgo = (n: number) => new Date(Date.UTC(today.getUTCFullYear() - n, today.getUTCMonth(), today.getUTCDate()));
    if (f.ageMin !== undefined) this.common.push(`p.birth_date <= ${this.p(iso(yearsAgo(f.ageMin)))}::date`);
    if (f.ageMax !== undefined) this.common.push(`p.birth_date > ${this.p(iso(yearsAgo(f.ageMax + 1)))}::date`);
  }

  /** Nurses and doctors see patients registered by, or with an encounter in, one of their departments. */
  private scope(departmentIds: string[]): void {
    this.common.push(departmentIds.length ? `p.department_ids && ${this.p(departmentIds)}::uuid[]` : 'false');
  }

  /** The common conditions (scope + filters) as one boolean expression on `p`. */
  sql(): string {
    return this.common.join(' AND ');
  }

  /** `SELECT id, sort_key` of every match, one UNION branch per reading of the search box. */
  candidates(sortExpr: string): string {
    const common = this.sql();
    if (!this.branches.length) return `SELECT p.id, ${sortExpr} AS sort_key FROM patient p WHERE ${common}`;
    return this.branches.map((b) => `SELECT p.id, ${sortExpr} AS sort_key FROM patient p WHERE ${b} AND ${common}`).join('\nUNION\n');
  }
}
