import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { AuthService } from '../../platform/auth/auth.service';
import { currentUser } from '../../platform/context/request-context';
import { AppError } from '../../platform/errors/app-error';
import { Page } from '../../platform/http/paging';
import { Department } from '../departments/department.entity';
import { User } from './user.entity';
import { CreateUserDto, ListUsersQuery, ResetPasswordDto, UpdateUserDto } from './users.dto';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  departments: Array<{ id: string; code: string; name: string; nameEn: string | null }>;
  active: boolean;
  phoneExtension: string | null;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

const SORT_COLUMNS = {
  username: 'u.username',
  displayName: 'u.displayName',
  createdAt: 'u.createdAt',
  lastLoginAt: 'u.lastLoginAt',
} as const;

function view(u: User): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    departments: (u.departments ?? [])
      .map((d) => ({ id: d.id, code: d.code, name: d.name, nameEn: d.nameEn }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    active: u.active,
    phoneExtension: u.phoneExtension,
    lockedUntil: u.lockedUntil,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  };
}

/** Staff accounts. Never deleted: disabling ends the user's sessions and blocks sign-in. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async list(q: ListUsersQuery): Promise<Page<UserView>> {
    const qb = this.db.getRepository(User).createQueryBuilder('u');
    if (q.q) {
      const like = `%${q.q
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, '\\$&')}%`;
      qb.andWhere(new Brackets((w) => w.where('u.username LIKE :like', { like }).orWhere('lower(u.displayName) LIKE :like', { like })));
    }
    if (q.role) qb.andWhere(':role = ANY(u.roles)', { role: q.role });
    if (q.active !== undefined) qb.andWhere('u.active = :active', { active: q.active });
    const [rows, total] = await qb
      .orderBy(SORT_COLUMNS[q.sort], q.order === 'desc' ? 'DESC' : 'ASC', q.order === 'desc' ? 'NULLS LAST' : 'NULLS FIRST')
      .addOrderBy('u.id')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    const withDepartments = rows.length
      ? await this.db.getRepository(User).find({ where: { id: In(rows.map((r) => r.id)) }, relations: { departments: true } })
      : [];
    const byId = new Map(withDepartments.map((u) => [u.id, u]));
    return { items: rows.map((r) => view(byId.get(r.id) ?? r)), total, page: q.page, pageSize: q.pageSize };
  }

  async get(id: string): Promise<UserView> {
    const u = await this.db.getRepository(User).findOne({ where: { id }, relations: { departments: true } });
    if (!u) throw AppError.notFound('User');
    return view(u);
  }

  private async departments(ids: string[]): Promise<Department[]> {
    if (!ids.length) return [];
    const found = await this.db.getRepository(Department).findBy({ id: In(ids) });
    const missing = ids.filter((id) => !found.some((d) => d.id === id));
    if (missing.length) throw AppError.validation({ departmentIds: [`unknown department(s): ${missing.join(', ')}`] });
    return found;
  }

  /** An extension rings one person (incoming calls are routed by it). */
  private async assertExtensionFree(extension: string | null | undefined, userId?: string): Promise<void> {
    if (!extension) return;
    const holder = await this.db.getRepository(User).findOneBy({ phoneExtension: extension });
    if (holder && holder.id !== userId)
      throw AppError.conflict(`extension ${extension} belongs to ${holder.displayName}`, 'phoneExtension');
  }

  async create(dto: CreateUserDto): Promise<UserView> {
    const username = dto.username.toLowerCase();
    this.auth.assertStrongPassword(dto.password, username, 'password');
    const repo = this.db.getRepository(User);
    if (await repo.existsBy({ username })) throw AppError.conflict('username is already taken', 'username');
    await this.assertExtensionFree(dto.phoneExtension);
    const departments = await this.departments(dto.departmentIds);
    const saved = await repo.save(
      repo.create({
        username,
        displayName: dto.displayName.trim(),
        passwordHash: await AuthService.hashPassword(dto.password),
        roles: dto.roles,
        active: dto.active ?? true,
        phoneExtension: dto.phoneExtension ?? null,
        departments,
        passwordChangedAt: new Date(),
        mustChangePassword: true,
      }),
    );
    await this.audit.record({
      action: 'user.create',
      entityType: 'user',
      entityId: saved.id,
      details: { username, roles: dto.roles, departmentIds: dto.departmentIds, active: saved.active, phoneExtension: saved.phoneExtension },
    });
    return this.get(saved.id);
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserView> {
    const repo = this.db.getRepository(User);
    const user = await repo.findOne({ where: { id }, relations: { departments: true } });
    if (!user) throw AppError.notFound('User');
    const me = currentUser();
    if (id === me.id && dto.active === false) throw AppError.validation({ active: ['you cannot disable your own account'] });
    if (id === me.id && dto.roles && !dto.roles.includes('admin') && user.roles.includes('admin')) {
      throw AppError.validation({ roles: ['you cannot remove your own admin role'] });
    }
    const before = {
      displayName: user.displayName,
      roles: user.roles,
      departmentIds: (user.departments ?? []).map((d) => d.id).sort(),
      active: user.active,
      phoneExtension: user.phoneExtension,
    };
    if (dto.phoneExtension !== undefined) {
      await this.assertExtensionFree(dto.phoneExtension, id);
      user.phoneExtension = dto.phoneExtension;
    }
    if (dto.displayName !== undefined) user.displayName = dto.displayName.trim();
    if (dto.roles) user.roles = dto.roles;
    if (dto.departmentIds) user.departments = await this.departments(dto.departmentIds);
    if (dto.active !== undefined) user.active = dto.active;
    await repo.save(user);
    if (dto.active === false && before.active) await this.auth.revokeAllSessions(id);
    const after = {
      displayName: user.displayName,
      roles: user.roles,
      departmentIds: (user.departments ?? []).map((d) => d.id).sort(),
      active: user.active,
      phoneExtension: user.phoneExtension,
    };
    const changed = Object.fromEntries(
      Object.entries(after)
        .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof before]))
        .map(([k, v]) => [k, { from: before[k as keyof typeof before], to: v }]),
    );
    const action =
      dto.active === false && before.active ? 'user.disable' : dto.active === true && !before.active ? 'user.enable' : 'user.update';
    await this.audit.record({ action, entityType: 'user', entityId: id, details: { username: user.username, changed } });
    return this.get(id);
  }

  async resetPassword(id: string, dto: ResetPasswordDto): Promise<void> {
    const repo = this.db.getRepository(User);
    const user = await repo.findOneBy({ id });
    if (!user) throw AppError.notFound('User');
    this.auth.assertStrongPassword(dto.newPassword, user.username, 'newPassword');
    await repo.update(
      { id },
      {
        passwordHash: await AuthService.hashPassword(dto.newPassword),
        passwordChangedAt: new Date(),
        mustChangePassword: true,
        failedAttempts: 0,
        lockedUntil: null,
      },
    );
    await this.auth.revokeAllSessions(id);
    await this.audit.record({ action: 'user.reset_password', entityType: 'user', entityId: id, details: { username: user.username } });
  }

  async unlock(id: string): Promise<void> {
    const repo = this.db.getRepository(User);
    const user = await repo.findOneBy({ id });
    if (!user) throw AppError.notFound('User');
    await repo.update({ id }, { failedAttempts: 0, lockedUntil: null });
    await this.audit.record({ action: 'user.unlock', entityType: 'user', entityId: id, details: { username: user.username } });
  }
}
