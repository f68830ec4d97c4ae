import { describe, expect, it } from 'vitest';
import { conflict, invalid, PerkError } from '../errors.ts';
import { mindboxFailure, mindboxLocation } from './mindbox-errors.ts';

describe('errors as Mindbox answers them', () => {
  it('answers refusals of the order as a ValidationError at the Mindbox location', () => {
    expect(mindboxFailure(invalid('unknown_sku', 'No product "Z"', '/lines/2/sku'), 'r1')).toEqual({
      httpStatus: 200,
      body: {
        status: 'ValidationError',
        validationMessages: [
          { message: 'unknown_sku: No product "Z"', location: '/order/lines/2' },
        ],
      },
    });
    const taken = conflict('redemption_exceeds_balance', 'Only 5 points', '/redeemPoints');
    expect(mindboxFailure(taken, 'r1').body).toEqual({
      status: 'ValidationError',
      validationMessages: [
        { message: 'redemption_exceeds_balance: Only 5 points', location: '/order/bonusPoints' },
      ],
    });
  });

  it.each([
    [new PerkError('unauthorized', 'invalid_api_key', 'unknown key'), 401],
    [new PerkError('forbidden', 'role_not_allowed', 'no'), 403],
    [conflict('transaction_conflict', 'other body', '/transactionId'), 409],
    [new PerkError('rate_limited', 'too_many_lookups', 'slow down'), 429],
    [new PerkError('unavailable', 'overloaded', 'busy'), 503],
  ])('answers %s as a ProtocolError %i', (error, status) => {
    expect(mindboxFailure(error, 'req-7')).toEqual({
      httpStatus: status,
      body: {
        status: 'ProtocolError',
        errorMessage: `${error.code}: ${error.message}`,
        errorId: 'req-7',
        httpStatusCode: status,
      },
    });
  });

  it('hides a bug behind an InternalServerError carrying the request id', () => {
    expect(mindboxFailure(new TypeError('x is undefined'), 'req-9')).toEqual({
      httpStatus: 500,
      body: {
        status: 'InternalServerError',
        errorMessage: 'Internal error; it has been logged',
        errorId: 'req-9',
        httpStatusCode: 500,
      },
    });
  });

  it('moves Perk field pointers to where the Mindbox body carries them', () => {
    expect(
      ['/customer/phone', '/couponCodes/1', '/storeId', '/at', '/identifiers/0/value', '/x'].map(
        mindboxLocation,
      ),
    ).toEqual([
      '/customer',
      '/order/coupons/1',
      '/order/area',
      '/order/executionDateTimeUtc',
      '/customer',
      '/x',
    ]);
  });
});
