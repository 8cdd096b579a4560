import { Module } from '@nestjs/common';
import { FollowupModule } from '../followup/followup.module';
import { AssignmentController } from './assignment.controller';
import { AssignmentService } from './assignment.service';
import { PatientsModule } from '../patients/patients.module';
import { TelephonyModule } from '../telephony/telephony.module';
import { RecordingsController, RecordingsService } from './recordings';
import { PublicSurveyController, SurveyLinkController } from './self-survey.controller';
import { SelfSurveyService } from './self-survey.service';
import { TaskContextService } from './task-context.service';
import { WorklistController } from './worklist.controller';
import { WorklistService } from './worklist.service';

/** The follow-up nurse's day: call list, claims, attempts with retries, questionnaire completion, escalations, self-survey links, assignment. */
@Module({
  imports: [PatientsModule, FollowupModule, TelephonyModule],
  controllers: [WorklistController, SurveyLinkController, PublicSurveyController, RecordingsController, AssignmentController],
  providers: [WorklistService, TaskContextService, SelfSurveyService, RecordingsService, AssignmentService],
  exports: [WorklistService],
})
export class WorklistModule {}
