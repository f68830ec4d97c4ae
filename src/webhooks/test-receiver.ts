import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** The status answered; null when left hanging. */
  status: number | null;
}

export interface TestReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Decides each answer: a status, or 'hang' to never answer. */
  answer: (request: { body: string; index: number }) => number | 'hang';
  close(): Promise<void>;
}

/** A webhook receiver on a loopback port, for tests: records every request it gets. */
export async function startTestReceiver(): Promise<TestReceiver> {
  const receiver: TestReceiver = {
    url: '',
    received: [],
    answer: () => 204,
    close: async () => undefined,
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const decided = receiver.answer({ body, index: receiver.received.length });
      receiver.received.push({
        headers: request.headers,
        body,
        status: decided === 'hang' ? null : decided,
      });
      if (decided !== 'hang') response.writeHead(decided).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return receiver;
}
