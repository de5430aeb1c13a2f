import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

type Schema = Record<string, unknown>;

/** Every schema of the document with where it sits: the components, their properties and items, and parameters. */
const schemasOf = (document: OpenAPIObject): [string, Schema][] => {
  const found: [string, Schema][] = [];
  const visit = (where: string, schema: unknown) => {
    if (schema === null || typeof schema !== 'object') return;
    const node = schema as Schema;
    found.push([where, node]);
    for (const [name, property] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) {
      visit(`${where}.${name}`, property);
    }
    if (node.items) visit(`${where}[]`, node.items);
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      for (const [index, part] of ((node[key] ?? []) as unknown[]).entries()) visit(`${where}.${key}[${index}]`, part);
    }
  };
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) visit(name, schema);
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations as Record<string, { parameters?: Schema[] }>)) {
      for (const parameter of operation.parameters ?? []) {
        visit(`${method.toUpperCase()} ${path} ${String(parameter.in)} ${String(parameter.name)}`, parameter.schema);
      }
    }
  }
  return found;
};

/** An object of no properties: what @nestjs/swagger says of a `string | null` field whose type it was not told. */
const isShapelessObject = (schema: Schema): boolean =>
  schema.type === 'object' && schema.properties === undefined && schema.additionalProperties === undefined;

describe('the OpenAPI document', () => {
  let registry: TestRegistry;
  let document: OpenAPIObject;
  beforeAll(async () => {
    registry = await startTestRegistry();
    document = SwaggerModule.createDocument(registry.app, new DocumentBuilder().build());
  }, 60_000);
  afterAll(() => registry.close());

  it('types every field: none is an object without properties where the input takes a scalar', () => {
    const shapeless = schemasOf(document)
      .filter(([, schema]) => isShapelessObject(schema))
      .map(([where]) => where);
    expect(shapeless).toEqual([]);
  });

  it('gives every nullable field its type or shape', () => {
    const untyped = schemasOf(document)
      .filter(([, schema]) => schema.nullable === true)
      .filter(([, schema]) => !['string', 'boolean', 'integer', 'number', 'array'].includes(String(schema.type)))
      .filter(([, schema]) => !(schema.$ref || schema.allOf || schema.oneOf || schema.anyOf || schema.properties))
      .map(([where, schema]) => `${where}: ${JSON.stringify(schema)}`);
    expect(untyped).toEqual([]);
  });

  it('finds the fields it checks: the nullable fields of the report input among them', () => {
    const schemas = new Map(schemasOf(document));
    expect(schemas.get('RecordReportInput.sourceOrganisation')).toMatchObject({ type: 'string', nullable: true });
    expect(schemas.get('RecordReportInput.detectedUnderArt3')).toMatchObject({ type: 'boolean', nullable: true });
  });
});
