import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../platform/auth/decorators';
import { CreateDictItemDto, CreateDictTypeDto, ListItemsQuery, UpdateDictItemDto } from './dictionary.dto';
import { DictionaryService } from './dictionary.service';

@ApiTags('admin: data dictionary')
@ApiBearerAuth()
@Controller('dictionary')
export class DictionaryController {
  constructor(private readonly dictionary: DictionaryService) {}

  @Get('types')
  @RequirePermission('dictionary.read')
  types() {
    return this.dictionary.types();
  }

  @Get('types/:code/items')
  @RequirePermission('dictionary.read')
  items(@Param('code') code: string, @Query() q: ListItemsQuery) {
    return this.dictionary.items(code, q.includeInactive ?? false);
  }

  @Post('types')
  @RequirePermission('dictionary.manage')
  createType(@Body() dto: CreateDictTypeDto) {
    return this.dictionary.createType(dto);
  }

  @Post('types/:code/items')
  @RequirePermission('dictionary.manage')
  createItem(@Param('code') code: string, @Body() dto: CreateDictItemDto) {
    return this.dictionary.createItem(code, dto);
  }

  @Patch('items/:id')
  @RequirePermission('dictionary.manage')
  updateItem(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateDictItemDto) {
    return this.dictionary.updateItem(id, dto);
  }
}
