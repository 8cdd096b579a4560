import { Module } from '@nestjs/common';
import { ImportController } from './import/import.controller';
import { ImportRunner } from './import/import.runner';
import { ImportService } from './import/import.service';
import { OrganisationsController, OrganisationsService } from './organisations';
import { PatientDetailsService } from './patient-details.service';
import { PatientMergeService } from './patient-merge.service';
import { PatientsController } from './patients.controller';
import { PatientsService } from './patients.service';
import { SegmentsController, SegmentsService } from './segments';

/** Patient records: search, the 360° record, masking and reveal, duplicates and merge, segments, bulk import. */
@Module({
  controllers: [PatientsController, SegmentsController, ImportController, OrganisationsController],
  providers: [PatientsService, PatientMergeService, PatientDetailsService, SegmentsService, ImportService, ImportRunner, OrganisationsService],
  exports: [PatientsService],
})
export class PatientsModule {}
