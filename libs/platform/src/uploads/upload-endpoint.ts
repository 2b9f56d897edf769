import { HttpCode, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiResponse } from '@nestjs/swagger';

const uploadAnswerSchema = {
  type: 'object',
  required: ['fileId', 'sha256', 'mediaType', 'bytes'],
  properties: {
    fileId: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'Name the file by this id in a command',
    },
    sha256: { type: 'string', description: 'SHA-256 of the bytes received' },
    mediaType: { type: 'string', example: 'image/jpeg' },
    bytes: { type: 'integer' },
  },
};

/**
 * Marks a route as an upload endpoint: the request body is the file itself (never JSON),
 * streamed through `Uploads.receive` with the service's UPLOAD_MAX_BYTES, encrypted under the
 * key of the person it is about. Answers 201 with the fileId a command then names; documents
 * the binary body and the 413/415 answers.
 */
export function Upload(options: { answer?: Record<string, object> } = {}) {
  return applyDecorators(
    HttpCode(201),
    ApiConsumes('application/octet-stream', 'application/pdf', 'image/jpeg', 'image/png'),
    ApiBody({ schema: { type: 'string', format: 'binary' }, required: true }),
    ApiResponse({
      status: 201,
      description: 'The file was received and encrypted under its subject key',
      schema: {
        ...uploadAnswerSchema,
        properties: { ...uploadAnswerSchema.properties, ...options.answer },
      },
    }),
    ApiResponse({ status: 413, description: 'The file is over UPLOAD_MAX_BYTES' }),
    ApiResponse({ status: 415, description: 'JSON sent as a file: send the file itself' }),
  );
}
