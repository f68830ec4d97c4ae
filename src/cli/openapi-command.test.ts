import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../api/test-server.ts';
import { registerOpenApiCommand } from './openapi-command.ts';

const dir = mkdtempSync(join(tmpdir(), 'perk-openapi-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('perk openapi', () => {
  it('writes the document a running server serves at /docs/json, without a database', async () => {
    const out = join(dir, 'nested', 'openapi.json');
    const program = new Command().exitOverride();
    registerOpenApiCommand(program);
    await program.parseAsync(['openapi', '--out', out], { from: 'user' });
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written.paths['/v1/promotions'].post).toBeDefined();
    expect(written.components.schemas.PercentOffArgs).toBeDefined();

    const server = await startTestServer();
    try {
      const served = await server.call('GET', '/docs/json', { key: null });
      expect(written).toEqual(served.body);
    } finally {
      await server.close();
    }
  }, 120_000);
});
