import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/auth/decorators';
import { PatientMergeService } from './patient-merge.service';
import { PatientDetailsService } from './patient-details.service';
import {
  ContactPersonDto,
  ContactRestrictionDto,
  CreatePatientDto,
  IdentifierDto,
  ListPatientsQuery,
  MergeDto,
  PhoneDto,
  RemoveDetailQuery,
  UpdateContactPersonDto,
  UpdatePatientDto,
  UpdatePhoneDto,
} from './patients.dto';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller()
export class PatientsController {
  constructor(
    private readonly patients: PatientsService,
    private readonly merges: PatientMergeService,
    private readonly details: PatientDetailsService,
  ) {}

  // ---- phones, contact persons, identifiers of an existing record (answers the updated record) ----

  @Post('patients/:id/phones')
  @RequirePermission('patient.write')
  addPhone(@Param('id', ParseUUIDPipe) id: string, @Body() dto: PhoneDto) {
    return this.details.addPhone(id, dto);
  }

  @Patch('patients/:id/phones/:phoneId')
  @RequirePermission('patient.write')
  updatePhone(@Param('id', ParseUUIDPipe) id: string, @Param('phoneId', ParseUUIDPipe) phoneId: string, @Body() dto: UpdatePhoneDto) {
    return this.details.updatePhone(id, phoneId, dto);
  }

  @Delete('patients/:id/phones/:phoneId')
  @RequirePermission('patient.write')
  removePhone(@Param('id', ParseUUIDPipe) id: string, @Param('phoneId', ParseUUIDPipe) phoneId: string, @Query() q: RemoveDetailQuery) {
    return this.details.remove(id, 'phone', phoneId, q.reason);
  }

  @Post('patients/:id/contacts')
  @RequirePermission('patient.write')
  addContact(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ContactPersonDto) {
    return this.details.addContact(id, dto);
  }

  @Patch('patients/:id/contacts/:contactId')
  @RequirePermission('patient.write')
  updateContact(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('contactId', ParseUUIDPipe) contactId: string,
    @Body() dto: UpdateContactPersonDto,
  ) {
    return this.details.updateContact(id, contactId, dto);
  }

  @Delete('patients/:id/contacts/:contactId')
  @RequirePermission('patient.write')
  removeContact(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('contactId', ParseUUIDPipe) contactId: string,
    @Query() q: RemoveDetailQuery,
  ) {
    return this.details.remove(id, 'contact', contactId, q.reason);
  }

  @Post('patients/:id/identifiers')
  @RequirePermission('patient.write')
  addIdentifier(@Param('id', ParseUUIDPipe) id: string, @Body() dto: IdentifierDto) {
    return this.details.addIdentifier(id, dto);
  }

  @Delete('patients/:id/identifiers/:identifierId')
  @RequirePermission('patient.write')
  removeIdentifier(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('identifierId', ParseUUIDPipe) identifierId: string,
    @Query() q: RemoveDetailQuery,
  ) {
    return this.details.remove(id, 'identifier', identifierId, q.reason);
  }

  @Get('patients/:id/detail-changes')
  @RequirePermission('patient.read')
  detailChanges(@Param('id', ParseUUIDPipe) id: string) {
    return this.details.history(id);
  }

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
