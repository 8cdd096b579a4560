import { Module } from '@nestjs/common';
import { FollowupModule } from '../followup/followup.module';
import { PatientsModule } from '../patients/patients.module';
import { PublicSurveyController, SurveyLinkController } from './self-survey.controller';
import { SelfSurveyService } from './self-survey.service';
import { TaskContextService } from './task-context.service';
import { WorklistController } from './worklist.controller';
import { WorklistService } from './worklist.service';

/** The follow-up nurse's day: call list, claims, attempts with retries, questionnaire completion, escalations, self-survey links. */
@Module({
  imports: [PatientsModule, FollowupModule],
  controllers: [WorklistController, SurveyLinkController, PublicSurveyController],
  providers: [WorklistService, TaskContextService, SelfSurveyService],
})
export class WorklistModule {}
