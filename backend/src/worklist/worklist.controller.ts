import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags, IntersectionType } from '@nestjs/swagger';
import { IsDateString, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CHANNELS } from '../followup/plans/plan.entities';
import { Answers } from '../followup/questionnaire/definition';
import { PatientsService } from '../patients/patients.service';
import { CallsService } from '../telephony/calls.service';
import { RequirePermission } from '../platform/auth/decorators';
import { PageQuery } from '../platform/http/paging';
import { TaskContextService } from './task-context.service';
import { OUTCOMES, Outcome } from './worklist.entities';
import { VIEWS, View, WorklistFilter, WorklistService } from './worklist.service';

export class WorklistFilterQuery {
  @ApiPropertyOptional({ description: "only this department (one of the caller's)" })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ description: 'only tasks whose anchor stay was on this ward' })
  @IsOptional()
  @IsUUID()
  wardId?: string;

  @ApiPropertyOptional({ description: 'only tasks of this follow-up template' })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: string;
}

export class WorklistQuery extends IntersectionType(PageQuery, WorklistFilterQuery) {
  @ApiPropertyOptional({ enum: VIEWS, default: 'today' })
  @IsOptional()
  @IsIn(VIEWS)
  view: View = 'today';
}

const filterOf = (q: WorklistFilterQuery): WorklistFilter => ({
  departmentId: q.departmentId,
  wardId: q.wardId,
  templateId: q.templateId,
  channel: q.channel,
});

export class AttemptDto {
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) outcome: Outcome;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) notes?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(86400) durationSeconds?: number;
  @ApiPropertyOptional({ description: 'For outcome callback: when to call again' }) @IsOptional() @IsDateString() callbackAt?: string;
  @ApiPropertyOptional({ description: 'relation code of who answered (reached_family)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  answeredBy?: string;
  @ApiPropertyOptional({ description: 'The call (POST /calls/dial) this attempt records; its talk time is the default duration' })
  @IsOptional()
  @IsUUID()
  callId?: string;
}

export class CompleteDto {
  @ApiProperty({ description: 'question id → answer' }) @IsObject() answers: Answers;
}

export class ReplyDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) reply: string;
}

export class EscalationQuery {
  @ApiPropertyOptional({ enum: ['open', 'answered', 'closed'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'answered', 'closed'])
  status: 'open' | 'answered' | 'closed' = 'open';
}

@ApiTags('worklist')
@ApiBearerAuth()
@Controller()
export class WorklistController {
  constructor(
    private readonly worklist: WorklistService,
    private readonly patients: PatientsService,
    private readonly contexts: TaskContextService,
    private readonly calls: CallsService,
  ) {}

  @Get('worklist')
  @RequirePermission('worklist.work')
  list(@Query() q: WorklistQuery) {
    return this.worklist.list(q.view, q.page, q.pageSize, filterOf(q));
  }

  /** The tabs' counts (patients per view) under the same filters. */
  @Get('worklist/counts')
  @RequirePermission('worklist.work')
  counts(@Query() q: WorklistFilterQuery) {
    return this.worklist.counts(filterOf(q));
  }

  /** Everything the call screen shows for a task, in one read (the patient read is audited). */
  @Get('tasks/:id/context')
  @RequirePermission('worklist.work')
  context(@Param('id', ParseUUIDPipe) id: string) {
    return this.contexts.context(id);
  }

  @Post('tasks/:id/claim')
  @RequirePermission('worklist.work')
  claim(@Param('id', ParseUUIDPipe) id: string) {
    return this.worklist.claim(id);
  }

  @Post('tasks/:id/release')
  @RequirePermission('worklist.work')
  @HttpCode(204)
  async release(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.worklist.release(id);
  }

  @Post('tasks/:id/attempts')
  @RequirePermission('worklist.work')
  async attempt(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AttemptDto) {
    if (!dto.callId) return this.worklist.attempt(id, dto);
    const talkSeconds = await this.calls.checkAttemptCall(dto.callId, id);
    const durationSeconds = dto.durationSeconds ?? talkSeconds ?? undefined;
    const result = await this.worklist.attempt(id, { ...dto, durationSeconds });
    await this.calls.attemptRecorded(dto.callId, durationSeconds);
    return result;
  }

  @Post('tasks/:id/complete')
  @RequirePermission('worklist.work')
  complete(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CompleteDto) {
    return this.worklist.complete(id, dto.answers);
  }

  @Get('patients/:id/follow-up-history')
  @RequirePermission('patient.read')
  async history(@Param('id', ParseUUIDPipe) id: string) {
    await this.patients.assertVisible([id]);
    return this.worklist.patientHistory(id);
  }

  @Get('escalations')
  @RequirePermission('escalation.read')
  escalations(@Query() q: EscalationQuery) {
    return this.worklist.escalations(q.status);
  }

  @Post('escalations/:id/reply')
  @RequirePermission('escalation.reply')
  @HttpCode(204)
  async reply(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReplyDto): Promise<void> {
    await this.worklist.reply(id, dto.reply);
  }

  @Post('escalations/:id/close')
  @RequirePermission('escalation.read')
  @HttpCode(204)
  async close(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.worklist.close(id);
  }
}
