import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, Matches } from 'class-validator';
import type { Response } from 'express';
import { RequirePermission } from '../../platform/auth/decorators';
import { PageQuery } from '../../platform/http/paging';
import { ColumnMapping } from './import-mapping';
import { ImportService } from './import.service';

export class UploadDto {
  @ApiPropertyOptional({
    default: 'HIS',
    description: 'Source (HIS view) name: keeps its column mapping and is the identifiers’ assigning authority',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'sourceName must be 1–64 letters, digits, dots, underscores or hyphens' })
  sourceName?: string;

  @ApiPropertyOptional({ enum: ['auto', 'utf-8', 'gb18030'], default: 'auto' })
  @IsOptional()
  @IsIn(['auto', 'utf-8', 'gb18030'])
  encoding?: string;
}

export class MappingDto {
  @ApiProperty({ description: 'Target field → column name in the file', example: { name: '姓名', inpatientNo: '住院号' } })
  @IsObject()
  mapping: ColumnMapping;
}

export class StartDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  mapping?: ColumnMapping;
}

@ApiTags('patients: import')
@ApiBearerAuth()
@Controller('imports')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  @Post()
  @RequirePermission('patient.import')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' }, sourceName: { type: 'string' }, encoding: { type: 'string' } },
    },
  })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 200 * 1024 * 1024 } }))
  upload(@UploadedFile() file: Express.Multer.File | undefined, @Body() dto: UploadDto) {
    return this.imports.upload(file, dto.sourceName ?? 'HIS', dto.encoding);
  }

  @Get()
  @RequirePermission('patient.import')
  list() {
    return this.imports.list();
  }

  @Get(':id')
  @RequirePermission('patient.import')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.imports.get(id);
  }

  @Post(':id/dry-run')
  @RequirePermission('patient.import')
  dryRun(@Param('id', ParseUUIDPipe) id: string, @Body() dto: MappingDto) {
    return this.imports.dryRun(id, dto.mapping);
  }

  @Post(':id/start')
  @RequirePermission('patient.import')
  start(@Param('id', ParseUUIDPipe) id: string, @Body() dto: StartDto) {
    return this.imports.start(id, dto.mapping);
  }

  @Get(':id/duplicates')
  @RequirePermission('patient.import')
  duplicates(@Param('id', ParseUUIDPipe) id: string, @Query() q: PageQuery) {
    return this.imports.duplicates(id, q.page, q.pageSize);
  }

  @Get(':id/errors.csv')
  @RequirePermission('patient.import')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async errors(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    const f = await this.imports.errorsCsv(id);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
    res.send(f.content);
  }
}
