import { Module } from '@nestjs/common';
import { PatientMergeService } from './patient-merge.service';
import { PatientsController } from './patients.controller';
import { PatientsService } from './patients.service';
import { SegmentsController, SegmentsService } from './segments';

/** Patient records: search, the 360° record, masking and reveal, duplicates and merge, segments. */
@Module({
  controllers: [PatientsController, SegmentsController],
  providers: [PatientsService, PatientMergeService, SegmentsService],
  exports: [PatientsService],
})
export class PatientsModule {}
