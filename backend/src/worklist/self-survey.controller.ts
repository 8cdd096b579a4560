import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { Answers } from '../followup/questionnaire/definition';
import { Public, RequirePermission } from '../platform/auth/decorators';
import { SelfSurveyService } from './self-survey.service';

export class SurveyLinkDto {
  @ApiPropertyOptional({ enum: ['zh-CN', 'en'], default: 'zh-CN', description: 'Language the patient sees first' })
  @IsOptional()
  @IsIn(['zh-CN', 'en'])
  lang?: 'zh-CN' | 'en';
}

export class SurveyAnswersDto {
  @ApiProperty({ description: 'question id → answer' }) @IsObject() answers: Answers;
}

/** A nurse makes a self-survey link for the task on her call screen. */
@ApiTags('worklist')
@ApiBearerAuth()
@Controller()
export class SurveyLinkController {
  constructor(private readonly surveys: SelfSurveyService) {}

  @Post('tasks/:id/survey-link')
  @RequirePermission('worklist.work')
  create(@Param('id', ParseUUIDPipe) id: string, @Body() dto: SurveyLinkDto) {
    return this.surveys.createLink(id, dto.lang);
  }
}

/** The patient's side of a self-survey link: no sign-in; the token is the only key. */
@ApiTags('public: self-survey')
@Controller('public/surveys')
export class PublicSurveyController {
  constructor(private readonly surveys: SelfSurveyService) {}

  @Get(':token')
  @Public()
  open(@Param('token') token: string) {
    return this.surveys.open(token);
  }

  @Post(':token/preview')
  @Public()
  preview(@Param('token') token: string, @Body() dto: SurveyAnswersDto) {
    return this.surveys.preview(token, dto.answers);
  }

  @Post(':token')
  @Public()
  submit(@Param('token') token: string, @Body() dto: SurveyAnswersDto) {
    return this.surveys.submit(token, dto.answers);
  }
}
