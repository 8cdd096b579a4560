import type { EntityManager } from 'typeorm';
import { Hl7ErrorCode, type Hl7Location, type Hl7Message } from '../parser';
import { Hl7ApplyError, type Hl7SourceConfig } from './contract';

interface DepartmentRow {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
}
interface WardRow {
  id: string;
  code: string;
  name: string;
  department_id: string;
}

/**
 * State of one `apply`: the caller's transaction, what changed (for `outcome`) and the lines of the
 * summary. Summary lines carry names and visit numbers only, never ID numbers or phones.
 */
export class ApplyContext {
  changed = false;
  readonly notes: string[] = [];
  readonly warnings: string[] = [];
  private departments?: DepartmentRow[];
  private wards?: WardRow[];

  constructor(
    readonly m: EntityManager,
    readonly message: Hl7Message,
    readonly source: Hl7SourceConfig,
  ) {}

  note(text: string, changed = true): void {
    this.notes.push(text);
    if (changed) this.changed = true;
  }

  warn(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  /** When the event happened: EVN-6 (event occurred), else EVN-2, else MSH-7. */
  eventTime(): Date {
    for (const v of [this.message.get('EVN-6'), this.message.get('EVN-2'), this.message.msh.dateTime]) {
      const t = v ? parseLoose(v) : null;
      if (t) return t;
    }
    return new Date();
  }

  private async load(): Promise<void> {
    if (this.departments) return;
    this.departments = await this.m.query(`SELECT id, code, name, name_en FROM department`);
    this.wards = await this.m.query(`SELECT id, code, name, department_id FROM ward`);
  }

  /**
   * Our department for a code as the HIS sends it: `SourceMapping.departments` first, then the value
   * itself as our code, then a department whose Chinese or English name equals it. Undefined when none.
   */
  async department(code: string): Promise<DepartmentRow | undefined> {
    await this.load();
    const ours = this.source.mapping.departments?.[code] ?? code;
    const list = this.departments as DepartmentRow[];
    return (
      list.find((d) => d.code === ours) ??
      list.find((d) => d.code.toUpperCase() === ours.toUpperCase()) ??
      list.find((d) => d.name === ours || (d.name_en !== null && d.name_en.toLowerCase() === ours.toLowerCase()))
    );
  }

  /** Like `department`, but an unknown code is a content error (0357 code 103) at `location`. */
  async requireDepartment(code: string, location: Hl7Location): Promise<DepartmentRow> {
    const d = await this.department(code);
    if (!d) throw new Hl7ApplyError(Hl7ErrorCode.TableValueNotFound, `unknown department code "${code.slice(0, 40)}"`, location);
    return d;
  }

  /** Our ward for a ward code (`SourceMapping.wards`, else the value itself, else a ward with that name). */
  async ward(code: string): Promise<WardRow | undefined> {
    await this.load();
    const ours = this.source.mapping.wards?.[code] ?? code;
    const list = this.wards as WardRow[];
    return list.find((w) => w.code === ours) ?? list.find((w) => w.code.toUpperCase() === ours.toUpperCase() || w.name === ours);
  }

  async departmentById(id: string | null): Promise<DepartmentRow | undefined> {
    if (!id) return undefined;
    await this.load();
    return this.departments?.find((d) => d.id === id);
  }

  async wardById(id: string | null): Promise<WardRow | undefined> {
    if (!id) return undefined;
    await this.load();
    return this.wards?.find((w) => w.id === id);
  }
}

/** A header timestamp, read leniently (an unreadable MSH-7 is not worth failing a message for). */
function parseLoose(v: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?/.exec(v);
  if (!m) return null;
  const off = /([+-])(\d{2})(\d{2})$/.exec(v);
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${off ? `${off[1]}${off[2]}:${off[3]}` : '+08:00'}`;
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? null : t;
}
