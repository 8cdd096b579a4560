import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../../platform/audit/audit.service';
import { RequirePermission } from '../../platform/auth/decorators';
import { AppError } from '../../platform/errors/app-error';
import { BulkReplayDto, CreateSourceDto, EditReplayDto, MessageListQuery, StatsQuery, UpdateSourceDto, UploadDto } from './hl7.dto';
import { Hl7InboxService, type ReceiveOutcome } from './inbox.service';
import { Hl7MonitorService } from './monitor.service';
import { Hl7ReplayService } from './replay.service';
import { Hl7SourcesService } from './sources.service';

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** What the API shows of one message's handling (the ACK as text, not bytes). */
function outcomeView(o: ReceiveOutcome) {
  return {
    messageId: o.messageId,
    status: o.status,
    ackCode: o.ackCode,
    controlId: o.controlId,
    messageType: o.messageType,
    repeat: o.repeat,
    error: o.error ?? null,
  };
}

@ApiTags('hl7')
@ApiBearerAuth()
@Controller('hl7')
export class Hl7Controller {
  constructor(
    private readonly inbox: Hl7InboxService,
    private readonly monitor: Hl7MonitorService,
    private readonly replays: Hl7ReplayService,
    private readonly sources: Hl7SourcesService,
    private readonly audit: AuditService,
  ) {}

  @Get('messages')
  @RequirePermission('hl7.read')
  list(@Query() q: MessageListQuery) {
    return this.monitor.list(q);
  }

  @Get('messages/:id')
  @RequirePermission('hl7.read')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.monitor.detail(id);
  }

  @Post('messages/replay')
  @RequirePermission('hl7.manage')
  bulkReplay(@Body() dto: BulkReplayDto) {
    return this.replays.bulk(dto);
  }

  @Post('messages/:id/replay')
  @RequirePermission('hl7.manage')
  async replay(@Param('id', ParseUUIDPipe) id: string) {
    const o = await this.replays.replay(id);
    return { ...(o.messageId ? await this.monitor.item(o.messageId) : {}), outcome: outcomeView(o) };
  }

  @Post('messages/:id/edit-replay')
  @RequirePermission('hl7.manage')
  async editReplay(@Param('id', ParseUUIDPipe) id: string, @Body() dto: EditReplayDto) {
    const o = await this.replays.replay(id, dto.raw);
    return { ...(o.messageId ? await this.monitor.item(o.messageId) : {}), outcome: outcomeView(o) };
  }

  @Get('stats')
  @RequirePermission('hl7.read')
  stats(@Query() q: StatsQuery) {
    return this.monitor.stats(q.from, q.to, q.bucket);
  }

  @Post('upload')
  @RequirePermission('hl7.manage')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, sourceId: { type: 'string' } } } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES } }))
  async upload(@UploadedFile() file: Express.Multer.File | undefined, @Body() dto: UploadDto) {
    if (!file?.size) throw AppError.validation({ file: ['Choose an HL7 file (one message or a batch)'] });
    const source = await this.sources.get(dto.sourceId);
    const fileName = file.originalname.slice(0, 255);
    const messages = await this.inbox.receiveDetailed(file.buffer, { source, transport: 'upload', fileName });
    await this.audit.record({
      action: 'hl7.upload',
      entityType: 'hl7_source',
      entityId: source.id,
      details: { fileName, bytes: file.size, messages: messages.length },
    });
    return { fileName, messages: messages.map(outcomeView) };
  }

  @Get('sources')
  @RequirePermission('hl7.read')
  listSources() {
    return this.sources.list();
  }

  @Post('sources')
  @RequirePermission('hl7.manage')
  createSource(@Body() dto: CreateSourceDto) {
    return this.sources.create(dto);
  }

  @Patch('sources/:id')
  @RequirePermission('hl7.manage')
  updateSource(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSourceDto) {
    return this.sources.update(id, dto);
  }
}
