import { Controller, HttpCode, HttpException, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@dinsos/auth';
import { ValidBody } from '@dinsos/platform';
import type { Request, Response } from 'express';
import { StatusCheck, type PublicComplaintStatus } from './status-check';
import { StatusCheckLimit } from './status-check-limit';
import { StatusCheckBody } from './status-check.requests';

/** Thin: count the client address, check number and secret, answer the status. */
@ApiTags('public')
@Public()
@Controller('public/complaint-status')
export class StatusCheckController {
  constructor(
    private readonly statusCheck: StatusCheck,
    private readonly limit: StatusCheckLimit,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "A complaint's status, by its number and the secret given at receipt (no login)",
    description:
      'The status and dates only (received, verified, declined, responded, resolved, the clocks’ due dates and states): never personal data or the case. A wrong secret and an unknown number are the same 404. Rate-limited per client address across instances (STATUS_CHECK_LIMIT per STATUS_CHECK_WINDOW_SECONDS): 429 with Retry-After past it.',
  })
  async check(
    @ValidBody(StatusCheckBody) body: StatusCheckBody,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PublicComplaintStatus> {
    const limited = await this.limit.take(request.ip ?? request.socket.remoteAddress ?? 'unknown');
    if (!limited.allowed) {
      response.setHeader('Retry-After', String(limited.retryAfterSeconds));
      throw new HttpException(
        'Too many status checks from this address: try again later.',
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    response.setHeader('Cache-Control', 'no-store');
    return this.statusCheck.check(body.complaintNumber, body.secret);
  }
}
