import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export const openApiPath = 'docs';
export const openApiJsonPath = 'docs/openapi.json';

/** OpenAPI of the service's routes at /docs (UI) and /docs/openapi.json, with bearer tokens. */
export function setupOpenApi(app: INestApplication, service: string, version = '1'): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Dinsos ${service} service`)
      .setDescription(
        'Commands take an Idempotency-Key (and If-Match for changes) and answer the new revision and store ' +
          'position; errors are application/problem+json (RFC 9457).',
      )
      .setVersion(version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup(openApiPath, app, document, {
    jsonDocumentUrl: openApiJsonPath,
    yamlDocumentUrl: 'docs/openapi.yaml',
  });
  return document;
}
