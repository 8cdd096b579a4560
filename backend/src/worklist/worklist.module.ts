import { Module } from '@nestjs/common';
import { FollowupModule } from '../followup/followup.module';
import { PatientsModule } from '../patients/patients.module';
import { TaskContextService } from './task-context.service';
import { WorklistController } from './worklist.controller';
import { WorklistService } from './worklist.service';

/** The follow-up nurse's day: call list, claims, attempts with retries, questionnaire completion, escalations. */
@Module({
  imports: [PatientsModule, FollowupModule],
  controllers: [WorklistController],
  providers: [WorklistService, TaskContextService],
})
export class WorklistModule {}
