import { describe, expect, it } from 'vitest';
import { ConfigError, EnvReader } from '../env-reader.ts';
import { readMindboxConfig } from './mindbox-config.ts';
import { operationKindOf } from './operation-table.ts';

const configOf = (env: Record<string, string>) => {
  const vars = new EnvReader(env);
  const config = readMindboxConfig(vars);
  vars.finish();
  return config;
};

describe('operation names', () => {
  it("takes the Bitrix module's default names under any prefix when none is set", () => {
    const names = configOf({});
    expect(operationKindOf('Website.CalculateAuthorizedOrder', names)).toBe(
      'CalculateAuthorizedOrder',
    );
    expect(operationKindOf('Shop.v2.ChangeStatus', names)).toBe('ChangeStatus');
    expect(operationKindOf('ChangeStatus', names)).toBeUndefined();
    expect(operationKindOf('Website.Unknown', names)).toBeUndefined();
  });

  it('keeps to the configured prefix, and renamed operations go first', () => {
    const names = configOf({
      PERK_MINDBOX_PREFIX: 'Online',
      PERK_MINDBOX_OPERATIONS:
        'Online.PriceCart=CalculateAuthorizedOrder, Till.Sale=SaveOfflineOrder',
      PERK_MINDBOX_STORE: 'msk',
    });
    expect(names.storeId).toBe('msk');
    expect(operationKindOf('Online.GetCustomerPoints', names)).toBe('GetCustomerPoints');
    expect(operationKindOf('Website.GetCustomerPoints', names)).toBeUndefined();
    expect(operationKindOf('Online.PriceCart', names)).toBe('CalculateAuthorizedOrder');
    expect(operationKindOf('Till.Sale', names)).toBe('SaveOfflineOrder');
  });

  it('refuses a bad prefix and a pair naming no kind, all at once', () => {
    expect(() =>
      configOf({ PERK_MINDBOX_PREFIX: 'a b', PERK_MINDBOX_OPERATIONS: 'X=Fly,Y' }),
    ).toThrowError(ConfigError);
    try {
      configOf({ PERK_MINDBOX_PREFIX: 'a b', PERK_MINDBOX_OPERATIONS: 'X=Fly,Y' });
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => [p.name, p.value])).toEqual([
        ['PERK_MINDBOX_PREFIX', 'a b'],
        ['PERK_MINDBOX_OPERATIONS', 'X=Fly'],
        ['PERK_MINDBOX_OPERATIONS', 'Y'],
      ]);
    }
  });
});
