import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../platform/auth/decorators';
import { CreateDepartmentDto, CreateWardDto, ListDepartmentsQuery, UpdateDepartmentDto, UpdateWardDto } from './departments.dto';
import { DepartmentsService } from './departments.service';

@ApiTags('admin: departments and wards')
@ApiBearerAuth()
@Controller()
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get('departments')
  @RequirePermission('department.read')
  list(@Query() q: ListDepartmentsQuery) {
    return this.departments.list(q.includeInactive ?? false);
  }

  @Post('departments')
  @RequirePermission('department.manage')
  create(@Body() dto: CreateDepartmentDto) {
    return this.departments.create(dto);
  }

  @Patch('departments/:id')
  @RequirePermission('department.manage')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateDepartmentDto) {
    return this.departments.update(id, dto);
  }

  @Post('departments/:id/wards')
  @RequirePermission('department.manage')
  createWard(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateWardDto) {
    return this.departments.createWard(id, dto);
  }

  @Patch('wards/:id')
  @RequirePermission('department.manage')
  updateWard(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateWardDto) {
    return this.departments.updateWard(id, dto);
  }
}
