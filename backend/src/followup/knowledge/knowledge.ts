import { Body, Controller, Get, Injectable, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags, PartialType } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Column, DataSource, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { RequirePermission } from '../../platform/auth/decorators';
import { currentUser } from '../../platform/context/request-context';
import { AppError } from '../../platform/errors/app-error';

/** A short disease article for nurses on the call screen, per ICD-10 prefix, in both languages (Markdown). */
@Entity({ name: 'knowledge_article' })
export class KnowledgeArticle {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_knowledge_article_icd')
  @Column({ name: 'icd_prefix', type: 'varchar', length: 16 })
  icdPrefix: string;

  @Column({ name: 'title_zh', type: 'varchar', length: 200 })
  titleZh: string;

  @Column({ name: 'title_en', type: 'varchar', length: 200 })
  titleEn: string;

  @Column({ name: 'body_zh', type: 'text' })
  bodyZh: string;

  @Column({ name: 'body_en', type: 'text' })
  bodyEn: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export class CreateArticleDto {
  @ApiProperty({ example: 'I10' })
  @Matches(/^[A-Za-z]\d{0,2}(\.\d{0,4})?$/, { message: 'icdPrefix must be an ICD-10 code or prefix such as I10 or E11' })
  icdPrefix: string;

  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) titleZh: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) titleEn: string;
  @ApiProperty({ description: 'Markdown' }) @IsString() @IsNotEmpty() @MaxLength(20000) bodyZh: string;
  @ApiProperty({ description: 'Markdown' }) @IsString() @IsNotEmpty() @MaxLength(20000) bodyEn: string;
}

export class UpdateArticleDto extends PartialType(CreateArticleDto) {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class KnowledgeQuery {
  @ApiPropertyOptional({ description: 'A diagnosis code: returns the articles whose prefix it starts with' })
  @IsOptional()
  @Matches(/^[A-Za-z]\d{0,2}(\.[0-9A-Za-z]{0,4})?$/, { message: 'icd must be an ICD-10 code' })
  icd?: string;
}

@Injectable()
export class KnowledgeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** All active articles, or those matching a diagnosis code (most specific prefix first). */
  list(icd?: string) {
    if (!icd) return this.db.getRepository(KnowledgeArticle).find({ where: { active: true }, order: { icdPrefix: 'ASC' } });
    return this.db.query(
      `SELECT id, icd_prefix AS "icdPrefix", title_zh AS "titleZh", title_en AS "titleEn", body_zh AS "bodyZh", body_en AS "bodyEn", updated_at AS "updatedAt"
         FROM knowledge_article WHERE active AND upper($1) LIKE upper(icd_prefix) || '%' ORDER BY length(icd_prefix) DESC`,
      [icd],
    );
  }

  async create(dto: CreateArticleDto) {
    const repo = this.db.getRepository(KnowledgeArticle);
    const a = await repo.save(repo.create({ ...dto, icdPrefix: dto.icdPrefix.toUpperCase(), updatedBy: currentUser().id }));
    await this.audit.record({
      action: 'knowledge.create',
      entityType: 'knowledge_article',
      entityId: a.id,
      details: { icdPrefix: a.icdPrefix },
    });
    return a;
  }

  async update(id: string, dto: UpdateArticleDto) {
    const repo = this.db.getRepository(KnowledgeArticle);
    const a = await repo.findOneBy({ id });
    if (!a) throw AppError.notFound('Article');
    Object.assign(a, dto, dto.icdPrefix ? { icdPrefix: dto.icdPrefix.toUpperCase() } : {}, { updatedBy: currentUser().id });
    await repo.save(a);
    await this.audit.record({
      action: 'knowledge.update',
      entityType: 'knowledge_article',
      entityId: id,
      details: { fields: Object.keys(dto) },
    });
    return a;
  }
}

@ApiTags('follow-up: knowledge base')
@ApiBearerAuth()
@Controller('knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Get()
  @RequirePermission('questionnaire.read')
  list(@Query() q: KnowledgeQuery) {
    return this.knowledge.list(q.icd);
  }

  @Post()
  @RequirePermission('questionnaire.manage')
  create(@Body() dto: CreateArticleDto) {
    return this.knowledge.create(dto);
  }

  @Patch(':id')
  @RequirePermission('questionnaire.manage')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateArticleDto) {
    return this.knowledge.update(id, dto);
  }
}
