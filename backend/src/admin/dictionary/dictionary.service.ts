import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors/app-error';
import { DictItem, DictType } from './dictionary.entity';
import { CreateDictItemDto, CreateDictTypeDto, UpdateDictItemDto } from './dictionary.dto';

/** Code lists (sex, ethnicity, insurance type, contact outcome, feedback category, …). Items are deactivated, never deleted. */
@Injectable()
export class DictionaryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async types() {
    const rows: Array<{
      code: string;
      name: string;
      name_en: string | null;
      description: string | null;
      system: boolean;
      item_count: string;
    }> = await this.db.query(
      `SELECT t.code, t.name, t.name_en, t.description, t.system, count(i.id) AS item_count
         FROM dict_type t LEFT JOIN dict_item i ON i.type_code = t.code
        GROUP BY t.code ORDER BY t.code`,
    );
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      description: r.description,
      system: r.system,
      itemCount: Number(r.item_count),
    }));
  }

  async items(typeCode: string, includeInactive: boolean) {
    if (!(await this.db.getRepository(DictType).existsBy({ code: typeCode }))) throw AppError.notFound('Dictionary type');
    const items = await this.db.getRepository(DictItem).find({
      where: includeInactive ? { typeCode } : { typeCode, active: true },
      order: { sortOrder: 'ASC', code: 'ASC' },
    });
    return items.map((i) => ({ id: i.id, code: i.code, label: i.label, labelEn: i.labelEn, sortOrder: i.sortOrder, active: i.active }));
  }

  async createType(dto: CreateDictTypeDto) {
    const repo = this.db.getRepository(DictType);
    if (await repo.existsBy({ code: dto.code })) throw AppError.conflict('dictionary type code is already used', 'code');
    const t = await repo.save(
      repo.create({
        code: dto.code,
        name: dto.name.trim(),
        nameEn: dto.nameEn?.trim() || null,
        description: dto.description?.trim() || null,
      }),
    );
    await this.audit.record({ action: 'dictionary.type_create', entityType: 'dict_type', entityId: t.code, details: { name: t.name } });
    return { code: t.code, name: t.name, nameEn: t.nameEn, description: t.description, system: t.system, itemCount: 0 };
  }

  async createItem(typeCode: string, dto: CreateDictItemDto) {
    if (!(await this.db.getRepository(DictType).existsBy({ code: typeCode }))) throw AppError.notFound('Dictionary type');
    const repo = this.db.getRepository(DictItem);
    if (await repo.existsBy({ typeCode, code: dto.code })) throw AppError.conflict('item code is already used in this list', 'code');
    const i = await repo.save(
      repo.create({
        typeCode,
        code: dto.code,
        label: dto.label.trim(),
        labelEn: dto.labelEn?.trim() || null,
        sortOrder: dto.sortOrder ?? 0,
      }),
    );
    await this.audit.record({
      action: 'dictionary.item_create',
      entityType: 'dict_item',
      entityId: i.id,
      details: { typeCode, code: i.code, label: i.label },
    });
    return { id: i.id, code: i.code, label: i.label, labelEn: i.labelEn, sortOrder: i.sortOrder, active: i.active };
  }

  async updateItem(id: string, dto: UpdateDictItemDto) {
    const repo = this.db.getRepository(DictItem);
    const i = await repo.findOneBy({ id });
    if (!i) throw AppError.notFound('Dictionary item');
    const before = { label: i.label, labelEn: i.labelEn, sortOrder: i.sortOrder, active: i.active };
    if (dto.label !== undefined) i.label = dto.label.trim();
    if (dto.labelEn !== undefined) i.labelEn = dto.labelEn.trim() || null;
    if (dto.sortOrder !== undefined) i.sortOrder = dto.sortOrder;
    if (dto.active !== undefined) i.active = dto.active;
    await repo.save(i);
    const after = { label: i.label, labelEn: i.labelEn, sortOrder: i.sortOrder, active: i.active };
    const changed = Object.fromEntries(
      (Object.keys(after) as Array<keyof typeof after>)
        .filter((k) => after[k] !== before[k])
        .map((k) => [k, { from: before[k], to: after[k] }]),
    );
    await this.audit.record({
      action: 'dictionary.item_update',
      entityType: 'dict_item',
      entityId: id,
      details: { typeCode: i.typeCode, code: i.code, changed },
    });
    return { id: i.id, code: i.code, label: i.label, labelEn: i.labelEn, sortOrder: i.sortOrder, active: i.active };
  }
}
