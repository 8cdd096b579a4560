import { Module } from '@nestjs/common';
import { DepartmentsController } from './departments/departments.controller';
import { DepartmentsService } from './departments/departments.service';
import { DictionaryController } from './dictionary/dictionary.controller';
import { DictionaryService } from './dictionary/dictionary.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/** Administration: staff accounts, departments and wards, the data dictionary. */
@Module({
  controllers: [UsersController, DepartmentsController, DictionaryController],
  providers: [UsersService, DepartmentsService, DictionaryService],
})
export class AdminModule {}
