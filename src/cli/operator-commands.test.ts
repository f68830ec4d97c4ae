import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;

/** Runs `perk` on an embedded database of its own, with cheap hashes and `stdin` as input. */
function perk(args: string[], stdin?: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PERK_DATA_DIR: join(dir, 'data'),
    PERK_PASSWORD_COST: '14',
  };
  delete env.DATABASE_URL;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile('node', ['bin/perk.js', ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perk-operators-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('perk operators', () => {
  it('creates an operator and prints its one-time password alone on the last line', async () => {
    const created = await perk([
      'operators',
      'create',
      '--email',
      'Olga@Shop.ru',
      '--name',
      'Ольга Маркетолог',
      '--role',
      'marketer',
    ]);
    expect(created.code).toBe(0);
    const lines = created.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^Created marketer operator "Ольга Маркетолог" <olga@shop\.ru> \(id [0-9a-f-]{36}\)\. One-time password, shown once, to be replaced at the first login:$/,
    );
    expect(lines[1]).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
  }, 120_000);

  it('takes a password from standard input, and lists operators', async () => {
    const created = await perk(
      [
        'operators',
        'create',
        '--email',
        'sam@shop.ru',
        '--name',
        'Sam',
        '--role',
        'support',
        '--password-stdin',
      ],
      'a long enough secret\n',
    );
    expect(created.stdout).toMatch(
      /^Created support operator "Sam" <sam@shop\.ru> \(id .*\) with the password given\.\n$/,
    );
    const listed = await perk(['operators', 'list']);
    expect(listed.stdout).toMatch(/ marketer {2}active {4}olga@shop\.ru {2}Ольга Маркетолог\n/);
    expect(listed.stdout).toMatch(/ support {3}active {4}sam@shop\.ru {2}Sam\n/);
  }, 120_000);

  it('refuses bad input with every field at fault, exit code 1', async () => {
    const refused = await perk(
      [
        'operators',
        'create',
        '--email',
        'nope',
        '--name',
        ' ',
        '--role',
        'analyst',
        '--password-stdin',
      ],
      'short\n',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'Refused: 3 fields are invalid (validation_failed)\n  /email: Not an e-mail address\n  /name: A name of 1 to 200 characters\n  /password: At least 10 characters\n',
    );
    const unknown = await perk([
      'operators',
      'create',
      '--email',
      'a@b.ru',
      '--name',
      'A',
      '--role',
      'cashier',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("argument 'cashier' is invalid");
  }, 120_000);

  it('resets a password to a new one-time one', async () => {
    const reset = await perk(['operators', 'reset-password', '--email', 'SAM@shop.ru']);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/^Reset the password of support operator "Sam" <sam@shop\.ru>/);
    expect(reset.stdout.trim().split('\n')[1]).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const missing = await perk(['operators', 'reset-password', '--email', 'who@shop.ru']);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      'Refused: No operator who@shop.ru (operator_not_found)\n',
    ]);
  }, 120_000);
});
