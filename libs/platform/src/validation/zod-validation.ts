import { Body, Param, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';
import { RequestValidationError, type FieldLocation } from '../errors/errors';

/** Validates (and converts) a request part with a zod schema; every issue becomes a field problem. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly location: FieldLocation,
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new RequestValidationError(
      result.error.issues.map((issue) => ({
        in: this.location,
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  }
}

/** The OpenAPI 3.0 schema of a zod schema, as clients send it. */
export function openApiSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}

/**
 * `@ValidBody(Schema) body: z.infer<typeof Schema>`: validates the JSON body (400 with every field
 * problem) and documents it in OpenAPI from the same schema, so the two never differ.
 */
export function ValidBody(schema: z.ZodType): ParameterDecorator {
  return (target, propertyKey, index) => {
    Body(new ZodValidationPipe(schema, 'body'))(target, propertyKey, index);
    if (propertyKey === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, propertyKey);
    if (descriptor)
      ApiBody({ schema: openApiSchemaOf(schema) as never })(target, propertyKey, descriptor);
  };
}

export function ValidQuery(schema: z.ZodType): ParameterDecorator {
  return (target, propertyKey, index) =>
    Query(new ZodValidationPipe(schema, 'query'))(target, propertyKey, index);
}

export function ValidParams(schema: z.ZodType): ParameterDecorator {
  return (target, propertyKey, index) =>
    Param(new ZodValidationPipe(schema, 'params'))(target, propertyKey, index);
}
