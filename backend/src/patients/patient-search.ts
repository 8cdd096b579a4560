import type { PatientFilter } from './patients.dto';

/**
 * Builds the WHERE clause of a patient search from a filter and the caller's department scope.
 * Parameterised only (never string-concatenated values). The single search box is interpreted by
 * shape, each shape served by an index:
 *   4 digits          → phone tail (ix_patient_phone_tail) or an identifier
 *   5+ digits / +…    → full phone, ID number or identifier
 *   17 digits + X/d   → ID number or identifier
 *   Latin letters     → pinyin initials (ZS) or full pinyin (zhangsan), by prefix; or an identifier
 *   anything else     → name prefix (ix_patient_name_pattern) or an identifier
 */
export class PatientQuery {
  readonly params: unknown[] = [];
  readonly where: string[] = ['p.merged_into_id IS NULL'];

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

  /**
   * Each way of matching becomes one index-served subquery of patient ids; their UNION feeds a
   * semi-join. (An OR of EXISTS clauses would force a scan of every patient.)
   */
  private search(raw: string | undefined): void {
    const q = raw?.trim().replace(/\s+/g, '');
    if (!q) return;
    const like = (s: string) => s.replace(/[\\%_]/g, '\\$&') + '%';
    const identifier = (v: string) => `SELECT patient_id FROM patient_identifier WHERE value = ${this.p(v)}`;
    const parts: string[] = [];
    if (/^\d{4}$/.test(q)) {
      parts.push(`SELECT patient_id FROM patient_phone WHERE right(number, 4) = ${this.p(q)}`, identifier(q));
    } else if (/^\d{17}[\dXx]$/.test(q)) {
      parts.push(`SELECT id FROM patient WHERE id_number = ${this.p(q.toUpperCase())}`, identifier(q.toUpperCase()));
    } else if (/^\+?\d{5,16}$/.test(q)) {
      parts.push(
        `SELECT patient_id FROM patient_phone WHERE number = ${this.p(q)}`,
        `SELECT id FROM patient WHERE id_number = ${this.p(q)}`,
        identifier(q),
      );
    } else if (/^[A-Za-z]+$/.test(q)) {
      parts.push(
        `SELECT id FROM patient WHERE merged_into_id IS NULL AND pinyin_initials LIKE ${this.p(like(q.toUpperCase()))}`,
        `SELECT id FROM patient WHERE merged_into_id IS NULL AND name_pinyin LIKE ${this.p(like(q.toLowerCase()))}`,
        identifier(q),
      );
      if (q.toUpperCase() !== q) parts.push(identifier(q.toUpperCase()));
    } else {
      parts.push(`SELECT id FROM patient WHERE merged_into_id IS NULL AND name LIKE ${this.p(like(q))}`, identifier(q));
      if (/[a-z]/.test(q)) parts.push(identifier(q.toUpperCase()));
    }
    this.where.push(`p.id IN (${parts.join(' UNION ')})`);
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
    if (enc.length) this.where.push(`EXISTS (SELECT 1 FROM encounter e WHERE e.patient_id = p.id AND ${enc.join(' AND ')})`);
    if (f.regionCode) this.where.push(`p.region_code LIKE ${this.p(f.regionCode + '%')}`);
    if (f.tag) this.where.push(`p.tags @> ARRAY[${this.p(f.tag)}]::text[]`);
    if (f.status) this.where.push(`p.status = ${this.p(f.status)}`);
    if (f.organisationId) this.where.push(`p.organisation_id = ${this.p(f.organisationId)}`);
    // Age band on `today`: born after (today - ageMax - 1 years) and on/before (today - ageMin years).
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const yearsAgo = (n: number) => new Date(Date.UTC(today.getUTCFullYear() - n, today.getUTCMonth(), today.getUTCDate()));
    if (f.ageMin !== undefined) this.where.push(`p.birth_date <= ${this.p(iso(yearsAgo(f.ageMin)))}::date`);
    if (f.ageMax !== undefined) this.where.push(`p.birth_date > ${this.p(iso(yearsAgo(f.ageMax + 1)))}::date`);
  }

  /** A nurse or doctor sees patients registered by, or with an encounter in, one of their departments. */
  private scope(departmentIds: string[]): void {
    if (!departmentIds.length) {
      this.where.push('false');
      return;
    }
    const ids = this.p(departmentIds);
    this.where.push(
      `(p.registered_department_id = ANY(${ids}::uuid[]) OR EXISTS (SELECT 1 FROM encounter e WHERE e.patient_id = p.id AND e.department_id = ANY(${ids}::uuid[])))`,
    );
  }

  sql(): string {
    return this.where.join(' AND ');
  }
}
