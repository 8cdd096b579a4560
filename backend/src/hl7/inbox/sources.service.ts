import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors/app-error';
import { resolveCharset } from '../parser';
import type { SourceMapping } from '../mapping/contract';
import { Hl7Source, type Hl7SourceTransport } from './hl7.entities';
import { Hl7InboxError } from './hl7.errors';

export interface SourceInput {
  code?: string;
  name?: string;
  transport?: Hl7SourceTransport;
  defaultCharset?: string;
  inboundDir?: string | null;
  mapping?: SourceMapping;
  enabled?: boolean;
}

const MAPPING_KEYS = ['sex', 'patientClass', 'departments', 'wards', 'identifierTypes'];

/** How long a source looked up by code for the transports is trusted before it is read again. */
const CACHE_MS = 5000;

/** The configured sending systems (table hl7_source). */
@Injectable()
export class Hl7SourcesService {
  private readonly byCode = new Map<string, { at: number; source: Hl7Source | null }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<Hl7Source[]> {
    return this.db.getRepository(Hl7Source).find({ order: { code: 'ASC' } });
  }

  async get(id: string): Promise<Hl7Source> {
    const s = await this.db.getRepository(Hl7Source).findOneBy({ id });
    if (!s) throw Hl7InboxError.sourceNotFound();
    return s;
  }

  /** For the transports: a short cache, so an MLLP message costs no extra query. */
  async byCodeCached(code: string): Promise<Hl7Source | null> {
    const hit = this.byCode.get(code);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.source;
    const source = await this.db.getRepository(Hl7Source).findOneBy({ code });
    this.byCode.set(code, { at: Date.now(), source });
    return source;
  }

  /** Enabled sources with an inbound folder (file drop). */
  fileDropSources(): Promise<Hl7Source[]> {
    return this.db.query(
      `SELECT id, code, name, transport, default_charset AS "defaultCharset", inbound_dir AS "inboundDir", mapping, enabled
       FROM hl7_source WHERE enabled AND inbound_dir IS NOT NULL AND inbound_dir <> '' ORDER BY code`,
    );
  }

  async create(input: SourceInput): Promise<Hl7Source> {
    this.check(input);
    const repo = this.db.getRepository(Hl7Source);
    if (await repo.existsBy({ code: input.code })) throw AppError.conflict(`A source with code ${input.code} exists`, 'code');
    const saved = await repo.save(
      repo.create({
        code: input.code,
        name: input.name,
        transport: input.transport,
        defaultCharset: input.defaultCharset ?? 'UTF-8',
        inboundDir: input.inboundDir || null,
        mapping: input.mapping ?? {},
        enabled: input.enabled ?? true,
      }),
    );
    await this.audit.record({ action: 'hl7.source_create', entityType: 'hl7_source', entityId: saved.id, details: { code: saved.code } });
    return saved;
  }

  async update(id: string, input: SourceInput): Promise<Hl7Source> {
    this.check(input);
    const repo = this.db.getRepository(Hl7Source);
    const s = await this.get(id);
    if (input.code && input.code !== s.code && (await repo.existsBy({ code: input.code }))) {
      throw AppError.conflict(`A source with code ${input.code} exists`, 'code');
    }
    const changed = Object.keys(input).filter((k) => input[k as keyof SourceInput] !== undefined);
    Object.assign(s, {
      ...input,
      inboundDir: input.inboundDir === undefined ? s.inboundDir : input.inboundDir || null,
    });
    const saved = await repo.save(s);
    this.byCode.clear();
    await this.audit.record({ action: 'hl7.source_update', entityType: 'hl7_source', entityId: id, details: { changed } });
    return saved;
  }

  private check(input: SourceInput): void {
    if (input.defaultCharset !== undefined && !resolveCharset(input.defaultCharset)) {
      throw AppError.validation({ defaultCharset: [`${input.defaultCharset} is not a supported charset (e.g. UTF-8, GB18030, 8859/1)`] });
    }
    if (input.mapping !== undefined) {
      const problems: string[] = [];
      for (const [k, v] of Object.entries(input.mapping as Record<string, unknown>)) {
        if (!MAPPING_KEYS.includes(k)) problems.push(`${k} is not a mapping (use ${MAPPING_KEYS.join(', ')})`);
        else if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
          problems.push(`${k} must map codes to codes, e.g. { "M": "1" }`);
        }
      }
      if (problems.length) throw AppError.validation({ mapping: problems });
    }
    if (input.inboundDir && !input.inboundDir.startsWith('/')) {
      throw AppError.validation({ inboundDir: ['inboundDir must be an absolute path'] });
    }
  }
}
