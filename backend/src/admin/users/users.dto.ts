import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ROLES, Role } from '../../platform/auth/permissions';
import { PageQuery, toBool } from '../../platform/http/paging';

/** A desk-phone extension for the telephony adapter; null clears it. */
const PhoneExtension = () =>
  applyDecorators(
    ApiPropertyOptional({
      example: '8001',
      nullable: true,
      description: 'Desk-phone extension for the telephony adapter (1–32 digits, * or #); null clears it',
    }),
    IsOptional(),
    ValidateIf((_, v) => v !== null),
    IsString(),
    Matches(/^[0-9*#]{1,32}$/, { message: 'phoneExtension must be 1–32 digits (or * #)' }),
  );

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Matches username or display name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: ['username', 'displayName', 'createdAt', 'lastLoginAt'] })
  @IsOptional()
  @IsIn(['username', 'displayName', 'createdAt', 'lastLoginAt'])
  sort: 'username' | 'displayName' | 'createdAt' | 'lastLoginAt' = 'username';
}

export class CreateUserDto {
  @ApiProperty({ example: 'zhangli', description: '3–64 characters: letters, digits, . _ -' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'username must be 3–64 letters, digits, dots, underscores or hyphens' })
  username: string;

  @ApiProperty({ example: '张丽' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  departmentIds: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @PhoneExtension()
  phoneExtension?: string | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  departmentIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @PhoneExtension()
  phoneExtension?: string | null;
}

export class ResetPasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  newPassword: string;
}
