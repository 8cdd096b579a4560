import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Inject,
  Injectable,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PatientsService } from '../patients/patients.service';
import { AuditService } from '../platform/audit/audit.service';
import { RequirePermission } from '../platform/auth/decorators';
import { currentUser } from '../platform/context/request-context';
import { AppError } from '../platform/errors/app-error';
import { CallRecording, CallRecordingContent } from './recording.entities';

/** Largest recording accepted as an upload (a 30-minute 8 kHz mono WAV is about 29 MB). */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const AUDIO_TYPES = /^audio\/[a-z0-9.+-]+$/;

export class AttachRecordingDto {
  @ApiPropertyOptional({ description: 'Where the CTI/PBX keeps the recording (must start with one of RECORDING_URL_PREFIXES)' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ description: 'Content type of a URL recording', default: 'audio/wav' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  contentType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86400)
  durationSeconds?: number;
}

export type RecordingSource = Pick<CallRecording, 'storage' | 'url' | 'contentType' | 'sizeBytes'>;

/**
 * A recording the CTI/PBX keeps at a URL: only under the configured RECORDING_URL_PREFIXES (the
 * server fetches it on playback, so no other host may be named) and of an audio type. Field errors
 * otherwise. Used by the upload/URL endpoint and by the CTI adapter's "recording ready" event.
 */
export function urlRecording(config: AppConfig, url: string, contentType = 'audio/wav'): RecordingSource {
  if (!config.recordingUrlPrefixes.some((prefix) => url.startsWith(prefix)))
    throw AppError.validation({
      url: [
        config.recordingUrlPrefixes.length
          ? 'the url is not under a recording store configured in RECORDING_URL_PREFIXES'
          : 'recording URLs are not enabled (set RECORDING_URL_PREFIXES)',
      ],
    });
  if (!AUDIO_TYPES.test(contentType)) throw AppError.validation({ contentType: [`"${contentType}" is not an audio type`] });
  return { storage: 'url', url, contentType, sizeBytes: null };
}

/** Stores a recording of a contact attempt in the caller's transaction (the bytes too, for an upload); returns its id. */
export async function saveRecording(
  m: EntityManager,
  row: RecordingSource,
  of: { attemptId: string; patientId: string; durationSeconds: number | null; createdBy: string | null },
  content?: Buffer,
): Promise<string> {
  const saved = await m.save(m.create(CallRecording, { ...row, ...of }));
  if (content) await m.insert(CallRecordingContent, { recordingId: saved.id, content });
  return saved.id;
}

/**
 * Call recordings: attached to a contact attempt (an upload from a desk-phone recorder, or the URL
 * where the CTI/PBX keeps it) and played back through the server only — permission `recording.play`,
 * the patient must be in the caller's departments (404 otherwise), and every playback is audited.
 * URLs are fetched only under the configured prefixes (no server-side request to arbitrary hosts).
 */
@Injectable()
export class RecordingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
  ) {}

  async attach(attemptId: string, dto: AttachRecordingDto, file: Express.Multer.File | undefined) {
    const [attempt]: Array<{ id: string; patient_id: string }> = await this.db.query(
      `SELECT id, patient_id FROM contact_attempt WHERE id = $1`,
      [attemptId],
    );
    if (!attempt) throw AppError.notFound('Contact attempt');
    await this.patients.assertVisible([attempt.patient_id]);
    if (!!file === !!dto.url) throw AppError.validation({ file: ['send either a recording file or its url'] });
    let row: RecordingSource;
    if (file) {
      if (!AUDIO_TYPES.test(file.mimetype)) throw AppError.validation({ file: [`"${file.mimetype}" is not an audio type`] });
      if (file.size === 0) throw AppError.validation({ file: ['the file is empty'] });
      row = { storage: 'upload', url: null, contentType: file.mimetype, sizeBytes: file.size };
    } else row = urlRecording(this.config, dto.url as string, dto.contentType);
    const id = await this.db.transaction((m) =>
      saveRecording(
        m,
        row,
        { attemptId, patientId: attempt.patient_id, durationSeconds: dto.durationSeconds ?? null, createdBy: currentUser().id },
        file?.buffer,
      ),
    );
    await this.audit.record({
      action: 'recording.attach',
      entityType: 'contact_attempt',
      entityId: attemptId,
      details: { recordingId: id },
    });
    return {
      id,
      attemptId,
      storage: row.storage,
      contentType: row.contentType,
      sizeBytes: row.sizeBytes,
      durationSeconds: dto.durationSeconds ?? null,
    };
  }

  /** Streams the recording (whole, or one byte range for seeking) after the scope check; audits each playback. */
  async play(id: string, req: Request, res: Response): Promise<void> {
    const range = req.headers.range;
    const rec = await this.db.getRepository(CallRecording).findOneBy({ id });
    if (!rec) throw AppError.notFound('Recording');
    await this.patients.assertVisible([rec.patientId]);
    await this.audit.record({
      action: 'recording.play',
      entityType: 'call_recording',
      entityId: id,
      details: { attemptId: rec.attemptId, range: range ?? null },
    });
    // Headers only once the bytes are there: an error before that answers JSON.
    const audioHeaders = () =>
      res.setHeader('Cache-Control', 'no-store').setHeader('Accept-Ranges', 'bytes').setHeader('Content-Type', rec.contentType);
    if (rec.storage === 'upload') {
      const [{ content }]: Array<{ content: Buffer }> = await this.db.query(
        `SELECT content FROM call_recording_content WHERE recording_id = $1`,
        [id],
      );
      // Express's own Range parsing: -1 unsatisfiable, -2 malformed (ignored: the whole file, as RFC 9110 allows).
      const ranges = range ? req.range(content.length, { combine: true }) : undefined;
      audioHeaders();
      if (ranges === -1) {
        res.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE).setHeader('Content-Range', `bytes */${content.length}`).end();
        return;
      }
      const part = Array.isArray(ranges) && ranges.type === 'bytes' ? ranges[0] : undefined;
      if (part) {
        res.status(HttpStatus.PARTIAL_CONTENT).setHeader('Content-Range', `bytes ${part.start}-${part.end}/${content.length}`);
        res.end(content.subarray(part.start, part.end + 1));
      } else res.status(HttpStatus.OK).end(content);
      return;
    }
    // Held by the CTI server: fetched (with the range) and passed through.
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(rec.url as string, { headers: range ? { Range: range } : {}, signal: AbortSignal.timeout(15_000) });
    } catch {
      throw new AppError(HttpStatus.BAD_GATEWAY, 'RECORDING_UNAVAILABLE', 'The recording store did not answer');
    }
    if (!upstream.ok || !upstream.body)
      throw new AppError(HttpStatus.BAD_GATEWAY, 'RECORDING_UNAVAILABLE', `The recording store answered ${upstream.status}`);
    audioHeaders();
    res.status(upstream.status);
    for (const h of ['content-length', 'content-range']) {
      const v = upstream.headers.get(h);
      if (v) res.setHeader(h, v);
    }
    Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream).pipe(res);
  }
}

@ApiTags('worklist')
@ApiBearerAuth()
@Controller()
export class RecordingsController {
  constructor(private readonly recordings: RecordingsService) {}

  @Post('attempts/:id/recording')
  @RequirePermission('worklist.work')
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' }, url: { type: 'string' }, durationSeconds: { type: 'integer' } },
    },
  })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES } }))
  attach(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AttachRecordingDto, @UploadedFile() file: Express.Multer.File | undefined) {
    return this.recordings.attach(id, dto, file);
  }

  @Get('recordings/:id/audio')
  @RequirePermission('recording.play')
  async play(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.recordings.play(id, req, res);
  }
}
