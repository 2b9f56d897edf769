import { Body, Param, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
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

/**
 * `@ValidQuery(Schema) query: z.infer<typeof Schema>`: validates the query parameters (400 with
 * every field problem) and documents each property of an object schema as a query parameter.
 */
export function ValidQuery(schema: z.ZodType): ParameterDecorator {
  return (target, propertyKey, index) => {
    Query(new ZodValidationPipe(schema, 'query'))(target, propertyKey, index);
    if (propertyKey === undefined) return;
    // `query: WorklistQuery`, a type named like its schema, is recorded as the schema object,
    // which OpenAPI would read as a class of query fields: the parameters are documented below.
    const types = Reflect.getMetadata('design:paramtypes', target, propertyKey) as
      unknown[] | undefined;
    if (types && typeof types[index] !== 'function') {
      const recorded = types.map((type, at) => (at === index ? Object : type));
      Reflect.defineMetadata('design:paramtypes', recorded, target, propertyKey);
    }
    const descriptor = Object.getOwnPropertyDescriptor(target, propertyKey);
    const document = openApiSchemaOf(schema);
    const properties = document.properties as Record<string, Record<string, unknown>> | undefined;
    if (!descriptor || !properties) return;
    const required = new Set((document.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries(properties)) {
      ApiQuery({
        name,
        required: required.has(name),
        schema: property as never,
        ...(typeof property.description === 'string' ? { description: property.description } : {}),
      })(target, propertyKey, descriptor);
    }
  };
}

export function ValidParams(schema: z.ZodType): ParameterDecorator {
  return (target, propertyKey, index) =>
    Param(new ZodValidationPipe(schema, 'params'))(target, propertyKey, index);
}
