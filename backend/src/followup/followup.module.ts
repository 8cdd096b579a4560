import { Module } from '@nestjs/common';
import { QuestionnairesController, QuestionnairesService } from './questionnaire/questionnaires';

/** Follow-up: questionnaires (and, next, templates, enrolment and tasks). */
@Module({
  controllers: [QuestionnairesController],
  providers: [QuestionnairesService],
})
export class FollowupModule {}
