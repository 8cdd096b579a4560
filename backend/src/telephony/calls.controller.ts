import { Body, Controller, Get, HttpCode, MessageEvent, Param, ParseUUIDPipe, Post, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Observable } from 'rxjs';
import { RequirePermission } from '../platform/auth/decorators';
import { currentUser } from '../platform/context/request-context';
import { CallEventsHub } from './call-events.hub';
import { CallsService } from './calls.service';

export class DialDto {
  @ApiProperty({ description: 'The task being worked (the caller must hold its claim)' })
  @IsUUID()
  taskId: string;

  @ApiPropertyOptional({ description: "One of the patient's phones (patient_phone id); or contactId" })
  @IsOptional()
  @IsUUID()
  phoneId?: string;

  @ApiPropertyOptional({ description: 'A contact person of the patient (contact_person id); or phoneId' })
  @IsOptional()
  @IsUUID()
  contactId?: string;
}

@ApiTags('telephony')
@ApiBearerAuth()
@Controller('calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly hub: CallEventsHub,
  ) {}

  /** Declared before `:id` so the path is not read as a call id. */
  @Sse('events')
  @RequirePermission('worklist.work')
  @ApiOperation({
    summary: 'Server-Sent Events for the signed-in user: ready, incoming (screen-pop), call (state of their calls). See docs/telephony.md.',
  })
  events(): Observable<MessageEvent> {
    return this.hub.stream(currentUser(), { provider: this.calls.provider });
  }

  @Post('dial')
  @RequirePermission('worklist.work')
  @ApiOperation({ summary: 'Dial a phone of the task’s patient: a tel: URI (manual) or a call placed by the CTI server (cti)' })
  dial(@Body() dto: DialDto) {
    return this.calls.dial(dto);
  }

  @Get(':id')
  @RequirePermission('worklist.work')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.calls.get(id);
  }

  @Post(':id/hangup')
  @RequirePermission('worklist.work')
  @HttpCode(200)
  hangUp(@Param('id', ParseUUIDPipe) id: string) {
    return this.calls.hangUp(id);
  }
}
