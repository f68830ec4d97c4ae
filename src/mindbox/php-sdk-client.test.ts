import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SdkError, sdkCall } from './php-sdk-client.ts';

// A stand-in Mindbox that answers the statuses queued for it, to check the client retries and
// maps errors as the PHP SDK does before the Perk tests rely on it.
const queued: number[] = [];
const seen: { url: string; authorization: string; body: string }[] = [];
const stub = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    seen.push({ url: request.url ?? '', authorization: request.headers.authorization ?? '', body });
    const status = queued.shift() ?? 200;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(status === 200 ? { status: 'Success' } : { status: 'ProtocolError' }),
    );
  });
});
let domain: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  domain = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => stub.close(() => resolve())));

describe('the PHP SDK stand-in', () => {
  const options = () => ({ domain, endpointId: 'shop-Website', secretKey: 'k1' });

  it('builds the URL and headers as the SDK does, and retries 500 and 503', async () => {
    queued.push(503, 500);
    seen.length = 0;
    const result = await sdkCall(options(), {
      operation: 'Website.GetCustomerPoints',
      body: { customer: { email: 'a@b.ru' } },
      transactionId: 't 1',
    });
    expect([result.httpStatus, result.status]).toEqual([200, 'Success']);
    expect(seen).toHaveLength(3);
    expect(seen[2]).toEqual({
      url: '/v3/operations/sync?endpointId=shop-Website&operation=Website.GetCustomerPoints&transactionId=t+1',
      authorization: 'SecretKey k1',
      body: '{"customer":{"email":"a@b.ru"}}',
    });
  });

  it.each([
    [400, 'BadRequestException'],
    [401, 'UnauthorizedException'],
    [403, 'ForbiddenException'],
    [404, 'NotFoundException'],
    [409, 'ConflictException'],
    [429, 'TooManyRequestsException'],
  ])('maps %i to %s without retrying', async (status, kind) => {
    queued.push(status);
    seen.length = 0;
    const error = await sdkCall(options(), { operation: 'Website.EditCart', body: {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SdkError);
    expect([(error as SdkError).kind, seen.length]).toEqual([kind, 1]);
  });

  it('gives up after three tries of a failing server', async () => {
    queued.push(503, 503, 503);
    const error = await sdkCall(options(), { operation: 'Website.EditCart', body: {} }).catch(
      (e: unknown) => e,
    );
    expect((error as SdkError).kind).toBe('MindboxUnavailableException');
  });
});
