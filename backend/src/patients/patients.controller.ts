import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/auth/decorators';
import { PatientMergeService } from './patient-merge.service';
import { ContactRestrictionDto, CreatePatientDto, ListPatientsQuery, MergeDto, UpdatePatientDto } from './patients.dto';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller()
export class PatientsController {
  constructor(
    private readonly patients: PatientsService,
    private readonly merges: PatientMergeService,
  ) {}

  @Get('patients')
  @RequirePermission('patient.read')
  search(@Query() q: ListPatientsQuery) {
    return this.patients.search(q);
  }

  @Post('patients')
  @RequirePermission('patient.write')
  create(@Body() dto: CreatePatientDto) {
    return this.patients.create(dto);
  }

  @Get('patients/:id')
  @RequirePermission('patient.read')
  detail(@Param('id', ParseUUIDPipe) id: string) {
    return this.patients.detail(id);
  }

  @Patch('patients/:id')
  @RequirePermission('patient.write')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdatePatientDto) {
    return this.patients.update(id, dto);
  }

  @Post('patients/:id/reveal')
  @RequirePermission('patient.reveal')
  reveal(@Param('id', ParseUUIDPipe) id: string) {
    return this.patients.reveal(id);
  }

  @Get('patients/:id/timeline')
  @RequirePermission('patient.read')
  timeline(@Param('id', ParseUUIDPipe) id: string) {
    return this.patients.timeline(id);
  }

  @Get('patients/:id/duplicates')
  @RequirePermission('patient.read')
  duplicates(@Param('id', ParseUUIDPipe) id: string) {
    return this.patients.duplicatesOf(id);
  }

  @Post('patients/:id/restrictions')
  @RequirePermission('patient.write')
  addRestriction(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ContactRestrictionDto) {
    return this.patients.addRestriction(id, dto);
  }

  @Post('patients/:id/restrictions/:restrictionId/lift')
  @RequirePermission('patient.write')
  liftRestriction(@Param('id', ParseUUIDPipe) id: string, @Param('restrictionId', ParseUUIDPipe) restrictionId: string) {
    return this.patients.liftRestriction(id, restrictionId);
  }

  @Get('patients/:id/merges')
  @RequirePermission('patient.read')
  mergeHistory(@Param('id', ParseUUIDPipe) id: string) {
    return this.merges.history(id);
  }

  @Post('patients/:id/merge')
  @RequirePermission('patient.merge')
  merge(@Param('id', ParseUUIDPipe) id: string, @Body() dto: MergeDto) {
    return this.merges.merge(id, dto.mergedId);
  }

  @Post('patient-merges/:id/revert')
  @RequirePermission('patient.merge')
  revertMerge(@Param('id', ParseUUIDPipe) id: string) {
    return this.merges.revert(id);
  }
}
