import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { startServer, type TestServer } from '../helpers/start-server.js';

describe('OpenAPI document', () => {
  let server: TestServer;
  let doc: Record<string, any>;
  before(async () => {
    server = await startServer('sqlite');
    doc = await (await fetch(`${server.url}/api/v2/openapi.json`)).json();
  });
  after(async () => {
    await server.close();
  });

  it('validates against the OpenAPI schema with a standard validator', async () => {
    // validate() dereferences in place: give it a copy so the next test sees the document as served.
    await SwaggerParser.validate(structuredClone(doc) as never);
  });

  it('generates client types with openapi-typescript', async () => {
    const source = astToString(await openapiTS(structuredClone(doc) as never));
    assert.match(source, /"\/organizations\/\{id\}": \{/);
    assert.match(source, /"\/connections\/\{id\}\/clients": \{/);
    assert.match(source, /display_name\?: string/);
    assert.match(source, /clients: \{\s+client_id: string;\s+\}\[\];/);
    // Valid TypeScript, as a generated client would compile it.
    const { diagnostics = [] } = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
    assert.deepEqual(
      diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      [],
    );
  });
});
