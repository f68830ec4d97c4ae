import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { demoOperatorLogin } from './demo-operator.ts';
import { listOperators } from './operators.ts';
import { scryptHasher } from './password-hash.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('demoOperatorLogin', () => {
  it('creates the demo admin once, with a one-time password it prints', async () => {
    const text = await demoOperatorLogin(
      database.db,
      { passwordCost: 10 },
      'http://localhost:8080/',
    );
    const lines = (text as string).split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'Console: http://localhost:8080/ — log in as admin@demo.perk with this one-time password',
      '(shown once; you choose your own password at the first login):',
    ]);
    const password = lines[2] as string;
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const [operator] = await listOperators(database.db);
    expect(operator).toMatchObject({
      email: 'admin@demo.perk',
      role: 'admin',
      mustChangePassword: true,
    });
    const row = await database.db
      .selectFrom('operators')
      .select('password_hash')
      .executeTakeFirstOrThrow();
    expect(await scryptHasher(10).verify(password, row.password_hash)).toBe(true);
    expect(
      await demoOperatorLogin(database.db, { passwordCost: 10 }, 'http://localhost:8080/'),
    ).toBeNull();
    expect(await listOperators(database.db)).toHaveLength(1);
  });
});
