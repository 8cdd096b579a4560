import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/auth/decorators';
import { AssignTaskDto, CreateRuleDto, ListRulesQuery, ReassignDto, UpdateRuleDto } from './assignment.dto';
import { AssignmentService } from './assignment.service';

/** Assignment rules, bulk and single reassignment, and each task's assignment history. */
@ApiTags('worklist: assignment')
@ApiBearerAuth()
@Controller()
export class AssignmentController {
  constructor(private readonly assignment: AssignmentService) {}

  /** The nurses rules and reassignments may name, with their departments. */
  @Get('assignment/staff')
  @RequirePermission('assignment.manage')
  staff() {
    return this.assignment.staff();
  }

  @Get('assignment/rules')
  @RequirePermission('assignment.manage')
  rules(@Query() q: ListRulesQuery) {
    return this.assignment.listRules(q.includeInactive);
  }

  @Post('assignment/rules')
  @RequirePermission('assignment.manage')
  createRule(@Body() dto: CreateRuleDto) {
    return this.assignment.createRule(dto);
  }

  /** Edits a rule; `{ "active": false }` disables it (rules are never deleted). */
  @Patch('assignment/rules/:id')
  @RequirePermission('assignment.manage')
  updateRule(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateRuleDto) {
    return this.assignment.updateRule(id, dto);
  }

  /** Applies the active rules to the open unassigned tasks in the caller's scope. */
  @Post('assignment/rules/apply')
  @RequirePermission('assignment.manage')
  applyRules() {
    return this.assignment.applyRules();
  }

  /** What a bulk reassignment would move (counts only; nothing changes). */
  @Post('assignment/reassign/preview')
  @RequirePermission('assignment.manage')
  preview(@Body() dto: ReassignDto) {
    return this.assignment.preview(dto);
  }

  @Post('assignment/reassign')
  @RequirePermission('assignment.manage')
  reassign(@Body() dto: ReassignDto) {
    return this.assignment.reassign(dto);
  }

  @Post('tasks/:id/assignee')
  @RequirePermission('assignment.manage')
  assign(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignTaskDto) {
    return this.assignment.assignTask(id, dto.toUserId, dto.reason);
  }

  @Get('tasks/:id/assignment-history')
  @RequirePermission('assignment.read')
  history(@Param('id', ParseUUIDPipe) id: string) {
    return this.assignment.history(id);
  }
}
