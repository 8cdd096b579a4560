import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import type { User } from '../../admin/users/user.entity';
import { currentUser } from '../context/request-context';
import { AuthService, UserProfile } from './auth.service';
import { Authenticated, Public } from './decorators';
import { ChangePasswordDto, LoginDto } from './dto';
import { LocalAuthGuard } from './local-auth.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard, LocalAuthGuard)
  @ApiOkResponse({ description: '{ accessToken, expiresAt, user }' })
  login(@Req() req: Request & { user: User }, @Body() _body: LoginDto) {
    return this.auth.signIn(req.user, req.header('user-agent'));
  }

  @Post('logout')
  @Authenticated()
  @HttpCode(204)
  @ApiBearerAuth()
  async logout(): Promise<void> {
    await this.auth.signOut(currentUser().sessionId);
  }

  @Get('me')
  @Authenticated()
  @ApiBearerAuth()
  me(): Promise<UserProfile> {
    return this.auth.profile(currentUser().id);
  }

  @Post('password')
  @Authenticated()
  @HttpCode(204)
  @ApiBearerAuth()
  async changePassword(@Body() dto: ChangePasswordDto): Promise<void> {
    const u = currentUser();
    await this.auth.changeOwnPassword(u.id, u.sessionId, dto.currentPassword, dto.newPassword);
  }
}
