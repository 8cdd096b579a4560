import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { WorklistController } from './worklist.controller';
import { WorklistService } from './worklist.service';

/** The follow-up nurse's day: call list, claims, attempts with retries, questionnaire completion, escalations. */
@Module({
  imports: [PatientsModule],
  controllers: [WorklistController],
  providers: [WorklistService],
})
export class WorklistModule {}
