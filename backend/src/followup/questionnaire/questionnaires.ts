import { Body, Controller, Get, HttpStatus, Injectable, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags, PartialType, PickType } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { RequirePermission } from '../../platform/auth/decorators';
import { currentUser } from '../../platform/context/request-context';
import { AppError } from '../../platform/errors/app-error';
import { Answers, checkAnswers, QuestionnaireDefinition, score, validateDefinition, visibleQuestions } from './definition';
import { Questionnaire } from './questionnaire.entity';

export class CreateQuestionnaireDto {
  @ApiProperty({ example: 'post_discharge_general' })
  @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'code must be 2–64 lower-case letters, digits or underscores, starting with a letter' })
  code: string;

  @ApiProperty({ example: '出院后通用随访' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  titleZh: string;

  @ApiProperty({ example: 'Post-discharge general follow-up' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  titleEn: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ description: 'QuestionnaireDefinition: { sections: [{ id, title: {zh,en}, showIf?, questions: [...] }], scoring? }' })
  @IsObject()
  definition: QuestionnaireDefinition;
}

export class UpdateQuestionnaireDto extends PartialType(
  PickType(CreateQuestionnaireDto, ['titleZh', 'titleEn', 'description', 'definition'] as const),
) {}

export class CopyQuestionnaireDto extends PickType(CreateQuestionnaireDto, ['code', 'titleZh', 'titleEn'] as const) {}

export class PreviewDto {
  @ApiProperty({ description: 'question id → answer' })
  @IsObject()
  answers: Answers;

  @ApiPropertyOptional({
    description: "An unsaved definition to preview instead of the stored one (the builder's live preview); validated like a save",
  })
  @IsOptional()
  @IsObject()
  definition?: QuestionnaireDefinition;
}

export class ListQuestionnairesQuery {
  @ApiPropertyOptional({ enum: ['draft', 'published', 'retired'] })
  @IsOptional()
  @IsIn(['draft', 'published', 'retired'])
  status?: 'draft' | 'published' | 'retired';
}

function definitionErrors(def: QuestionnaireDefinition): void {
  const problems = validateDefinition(def);
  if (Object.keys(problems).length)
    throw AppError.validation(Object.fromEntries(Object.entries(problems).map(([k, v]) => [`definition.${k}`, v])));
}

/** Questionnaire versions: drafts are edited; publishing freezes a version; editing a published one starts a new draft. */
@Injectable()
export class QuestionnairesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(status?: string) {
    return this.db.getRepository(Questionnaire).find({
      where: status ? { status: status as Questionnaire['status'] } : {},
      order: { code: 'ASC', version: 'DESC' },
      select: {
        id: true,
        code: true,
        version: true,
        titleZh: true,
        titleEn: true,
        status: true,
        library: true,
        publishedAt: true,
        updatedAt: true,
      },
    });
  }

  async get(id: string): Promise<Questionnaire> {
    const q = await this.db.getRepository(Questionnaire).findOneBy({ id });
    if (!q) throw AppError.notFound('Questionnaire');
    return q;
  }

  private async nextVersion(m: EntityManager, code: string): Promise<number> {
    const [{ v }]: Array<{ v: number | null }> = await m.query(`SELECT max(version) AS v FROM questionnaire WHERE code = $1`, [code]);
    return (v ?? 0) + 1;
  }

  async create(dto: CreateQuestionnaireDto) {
    definitionErrors(dto.definition);
    const repo = this.db.getRepository(Questionnaire);
    if (await repo.existsBy({ code: dto.code }))
      throw AppError.conflict('a questionnaire with this code exists; create a new version instead', 'code');
    const q = await repo.save(
      repo.create({ ...dto, description: dto.description ?? null, version: 1, status: 'draft', createdBy: currentUser().id }),
    );
    await this.audit.record({
      action: 'questionnaire.create',
      entityType: 'questionnaire',
      entityId: q.id,
      details: { code: q.code, version: 1 },
    });
    return q;
  }

  async update(id: string, dto: UpdateQuestionnaireDto) {
    const q = await this.get(id);
    if (q.status !== 'draft') {
      throw new AppError(
        HttpStatus.CONFLICT,
        'QUESTIONNAIRE_NOT_DRAFT',
        `Version ${q.version} is ${q.status} and cannot change; create a new version`,
      );
    }
    if (dto.definition) definitionErrors(dto.definition);
    Object.assign(q, dto);
    await this.db.getRepository(Questionnaire).save(q);
    await this.audit.record({
      action: 'questionnaire.update',
      entityType: 'questionnaire',
      entityId: id,
      details: { fields: Object.keys(dto) },
    });
    return q;
  }

  /** Publishes a draft; older published versions of the same code are retired. */
  async publish(id: string) {
    const q = await this.get(id);
    if (q.status !== 'draft')
      throw new AppError(HttpStatus.CONFLICT, 'QUESTIONNAIRE_NOT_DRAFT', `Version ${q.version} is already ${q.status}`);
    definitionErrors(q.definition);
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE questionnaire SET status = 'retired', retired_at = now() WHERE code = $1 AND status = 'published'`, [q.code]);
      await m.query(`UPDATE questionnaire SET status = 'published', published_at = now() WHERE id = $1`, [id]);
    });
    await this.audit.record({
      action: 'questionnaire.publish',
      entityType: 'questionnaire',
      entityId: id,
      details: { code: q.code, version: q.version },
    });
    return this.get(id);
  }

  async retire(id: string) {
    const q = await this.get(id);
    if (q.status !== 'published')
      throw new AppError(HttpStatus.CONFLICT, 'QUESTIONNAIRE_NOT_PUBLISHED', 'Only a published version can be retired');
    await this.db.query(`UPDATE questionnaire SET status = 'retired', retired_at = now() WHERE id = $1`, [id]);
    await this.audit.record({
      action: 'questionnaire.retire',
      entityType: 'questionnaire',
      entityId: id,
      details: { code: q.code, version: q.version },
    });
    return this.get(id);
  }

  /** A new draft version of the same questionnaire, starting from this version's content. */
  async newVersion(id: string) {
    const src = await this.get(id);
    const created = await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('questionnaire:' || $1))`, [src.code]);
      const open = await m.getRepository(Questionnaire).findOneBy({ code: src.code, status: 'draft' });
      if (open)
        throw new AppError(HttpStatus.CONFLICT, 'QUESTIONNAIRE_DRAFT_EXISTS', `Version ${open.version} is already a draft`, undefined, {
          draftId: open.id,
        });
      const version = await this.nextVersion(m, src.code);
      return m.save(
        m.create(Questionnaire, {
          code: src.code,
          version,
          titleZh: src.titleZh,
          titleEn: src.titleEn,
          description: src.description,
          definition: src.definition,
          status: 'draft',
          createdBy: currentUser().id,
        }),
      );
    });
    await this.audit.record({
      action: 'questionnaire.new_version',
      entityType: 'questionnaire',
      entityId: created.id,
      details: { code: created.code, version: created.version },
    });
    return created;
  }

  async copy(id: string, dto: CopyQuestionnaireDto) {
    const src = await this.get(id);
    return this.create({
      code: dto.code,
      titleZh: dto.titleZh,
      titleEn: dto.titleEn,
      description: src.description ?? undefined,
      definition: src.definition,
    });
  }

  /**
   * Live preview: which questions show for these answers, their errors and flags, and the scores.
   * `definition` previews unsaved edits of the builder (checked like a save: `definition.<path>` errors).
   */
  async preview(id: string, answers: Answers, definition?: QuestionnaireDefinition) {
    const q = await this.get(id);
    if (definition) definitionErrors(definition);
    const def = definition ?? q.definition;
    const check = checkAnswers(def, answers);
    return {
      visible: visibleQuestions(def, answers).map((x) => x.id),
      errors: check.errors,
      attention: check.attention,
      outOfRange: check.outOfRange,
      scores: score(def, check.kept),
    };
  }
}

@ApiTags('follow-up: questionnaires')
@ApiBearerAuth()
@Controller('questionnaires')
export class QuestionnairesController {
  constructor(private readonly questionnaires: QuestionnairesService) {}

  @Get()
  @RequirePermission('questionnaire.read')
  list(@Query() q: ListQuestionnairesQuery) {
    return this.questionnaires.list(q.status);
  }

  @Get(':id')
  @RequirePermission('questionnaire.read')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.questionnaires.get(id);
  }

  @Post()
  @RequirePermission('questionnaire.manage')
  create(@Body() dto: CreateQuestionnaireDto) {
    return this.questionnaires.create(dto);
  }

  @Patch(':id')
  @RequirePermission('questionnaire.manage')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateQuestionnaireDto) {
    return this.questionnaires.update(id, dto);
  }

  @Post(':id/publish')
  @RequirePermission('questionnaire.manage')
  publish(@Param('id', ParseUUIDPipe) id: string) {
    return this.questionnaires.publish(id);
  }

  @Post(':id/retire')
  @RequirePermission('questionnaire.manage')
  retire(@Param('id', ParseUUIDPipe) id: string) {
    return this.questionnaires.retire(id);
  }

  @Post(':id/new-version')
  @RequirePermission('questionnaire.manage')
  newVersion(@Param('id', ParseUUIDPipe) id: string) {
    return this.questionnaires.newVersion(id);
  }

  @Post(':id/copy')
  @RequirePermission('questionnaire.manage')
  copy(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CopyQuestionnaireDto) {
    return this.questionnaires.copy(id, dto);
  }

  @Post(':id/preview')
  @RequirePermission('questionnaire.read')
  preview(@Param('id', ParseUUIDPipe) id: string, @Body() dto: PreviewDto) {
    return this.questionnaires.preview(id, dto.answers, dto.definition);
  }
}
