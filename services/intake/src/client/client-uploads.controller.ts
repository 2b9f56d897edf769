import { Controller, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '@dinsos/auth';
import { Upload, ValidQuery } from '@dinsos/platform';
import type { Request } from 'express';
import { intakeActors } from '../intake-case/intake-case.controller';
import { ClientUploads } from './client-uploads';
import { UploadQuery } from './client.requests';

/** Files of a client not reported yet: the upload gives the client id the report then uses. */
@ApiTags('intake')
@Controller()
export class ClientUploadsController {
  constructor(private readonly uploads: ClientUploads) {}

  @Post('uploads')
  @Upload({
    answer: { clientId: { type: 'string', description: 'The client the file belongs to' } },
  })
  @ApiOperation({
    summary: 'Upload a file of a client not reported yet (the body is the file itself)',
    description:
      'Answers the fileId and a new clientId (or the one given): send both with the report, so the file and the client share a key.',
  })
  @Roles(...intakeActors)
  upload(
    @ValidQuery(UploadQuery) query: { clientId?: string },
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    return this.uploads.forNewClient(actor, request, query.clientId);
  }
}
