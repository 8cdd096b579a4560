import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors/app-error';
import { Department, Ward } from './department.entity';
import { CreateDepartmentDto, CreateWardDto, UpdateDepartmentDto, UpdateWardDto } from './departments.dto';

type Named = { name: string; nameEn: string | null; active: boolean };

/** Applies a partial update and returns the changed fields as { field: {from, to} } for the audit trail. */
function applyChanges<T extends Named>(target: T, dto: UpdateDepartmentDto): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  if (dto.name !== undefined && dto.name.trim() !== target.name) {
    changed['name'] = { from: target.name, to: dto.name.trim() };
    target.name = dto.name.trim();
  }
  if (dto.nameEn !== undefined && (dto.nameEn.trim() || null) !== target.nameEn) {
    changed['nameEn'] = { from: target.nameEn, to: dto.nameEn.trim() || null };
    target.nameEn = dto.nameEn.trim() || null;
  }
  if (dto.active !== undefined && dto.active !== target.active) {
    changed['active'] = { from: target.active, to: dto.active };
    target.active = dto.active;
  }
  return changed;
}

/** Departments and wards. Never deleted: deactivate instead, so history keeps its labels. */
@Injectable()
export class DepartmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(includeInactive: boolean) {
    const qb = this.db
      .getRepository(Department)
      .createQueryBuilder('d')
      .leftJoinAndSelect('d.wards', 'w', includeInactive ? undefined : 'w.active')
      .orderBy('d.code')
      .addOrderBy('w.code');
    if (!includeInactive) qb.where('d.active');
    const rows = await qb.getMany();
    return rows.map((d) => ({
      id: d.id,
      code: d.code,
      name: d.name,
      nameEn: d.nameEn,
      active: d.active,
      wards: (d.wards ?? []).map((w) => ({
        id: w.id,
        code: w.code,
        name: w.name,
        nameEn: w.nameEn,
        active: w.active,
        departmentId: w.departmentId,
      })),
    }));
  }

  async create(dto: CreateDepartmentDto) {
    const repo = this.db.getRepository(Department);
    const code = dto.code.toUpperCase();
    if (await repo.existsBy({ code })) throw AppError.conflict('department code is already used', 'code');
    const d = await repo.save(repo.create({ code, name: dto.name.trim(), nameEn: dto.nameEn?.trim() || null }));
    await this.audit.record({ action: 'department.create', entityType: 'department', entityId: d.id, details: { code, name: d.name } });
    return { ...d, wards: [] };
  }

  async update(id: string, dto: UpdateDepartmentDto) {
    const repo = this.db.getRepository(Department);
    const d = await repo.findOneBy({ id });
    if (!d) throw AppError.notFound('Department');
    const changed = applyChanges(d, dto);
    await repo.save(d);
    await this.audit.record({ action: 'department.update', entityType: 'department', entityId: id, details: { code: d.code, changed } });
    return d;
  }

  async createWard(departmentId: string, dto: CreateWardDto) {
    if (!(await this.db.getRepository(Department).existsBy({ id: departmentId }))) throw AppError.notFound('Department');
    const repo = this.db.getRepository(Ward);
    const code = dto.code.toUpperCase();
    if (await repo.existsBy({ code })) throw AppError.conflict('ward code is already used', 'code');
    const w = await repo.save(repo.create({ departmentId, code, name: dto.name.trim(), nameEn: dto.nameEn?.trim() || null }));
    await this.audit.record({ action: 'ward.create', entityType: 'ward', entityId: w.id, details: { departmentId, code, name: w.name } });
    return w;
  }

  async updateWard(id: string, dto: UpdateWardDto) {
    const repo = this.db.getRepository(Ward);
    const w = await repo.findOneBy({ id });
    if (!w) throw AppError.notFound('Ward');
    const changed = applyChanges(w, dto);
    await repo.save(w);
    await this.audit.record({ action: 'ward.update', entityType: 'ward', entityId: id, details: { code: w.code, changed } });
    return w;
  }
}
