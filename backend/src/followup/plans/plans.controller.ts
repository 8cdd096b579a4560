import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PatientsService } from '../../patients/patients.service';
import { RequirePermission } from '../../platform/auth/decorators';
import { PlansService } from './plans.service';
import { CreateTemplateDto, EnrolDto, RuleTestQuery, UpdateTemplateDto } from './templates.dto';

export class DisableDto {
  @ApiProperty({ example: '改用新版随访方案' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason: string;
}

@ApiTags('follow-up: templates and plans')
@ApiBearerAuth()
@Controller()
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly patients: PatientsService,
  ) {}

  @Get('followup-templates')
  @RequirePermission('template.read')
  list() {
    return this.plans.list();
  }

  /** Departments and their wards for the rule editor and the enrolment dialog (template editors need not read the admin lists). */
  @Get('followup-templates/org-units')
  @RequirePermission('template.read')
  orgUnits() {
    return this.plans.orgUnits();
  }

  @Get('followup-templates/:id')
  @RequirePermission('template.read')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.plans.get(id);
  }

  @Post('followup-templates')
  @RequirePermission('template.manage')
  create(@Body() dto: CreateTemplateDto) {
    return this.plans.create(dto);
  }

  @Patch('followup-templates/:id')
  @RequirePermission('template.manage')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateTemplateDto) {
    return this.plans.update(id, dto);
  }

  @Post('followup-templates/:id/disable')
  @RequirePermission('template.manage')
  disable(@Param('id', ParseUUIDPipe) id: string, @Body() dto: DisableDto) {
    return this.plans.disable(id, dto.reason);
  }

  @Get('followup-templates/:id/test')
  @RequirePermission('template.read')
  test(@Param('id', ParseUUIDPipe) id: string, @Query() q: RuleTestQuery) {
    return this.plans.test(id, q.days);
  }

  @Post('followup-templates/:id/enrol')
  @RequirePermission('template.manage')
  enrol(@Param('id', ParseUUIDPipe) id: string, @Body() dto: EnrolDto) {
    return this.plans.enrol(id, dto);
  }

  @Get('patients/:id/plans')
  @RequirePermission('patient.read')
  async patientPlans(@Param('id', ParseUUIDPipe) id: string) {
    await this.patients.assertVisible([id]);
    return this.plans.patientPlans(id);
  }
}
