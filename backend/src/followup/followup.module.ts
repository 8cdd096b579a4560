import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { KnowledgeController, KnowledgeService } from './knowledge/knowledge';
import { EnrolmentJob } from './plans/enrolment.job';
import { PlansController } from './plans/plans.controller';
import { PlansService } from './plans/plans.service';
import { TaskHorizon } from './plans/task-horizon';
import { QuestionnairesController, QuestionnairesService } from './questionnaire/questionnaires';

/** Follow-up: questionnaires, templates (plans), enrolment of discharges and task generation. */
@Module({
  imports: [PatientsModule],
  controllers: [QuestionnairesController, PlansController, KnowledgeController],
  providers: [QuestionnairesService, PlansService, EnrolmentJob, TaskHorizon, KnowledgeService],
  exports: [PlansService, EnrolmentJob, TaskHorizon],
})
export class FollowupModule {}
