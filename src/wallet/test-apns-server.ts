import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import type { TestWalletChain } from './test-wallet-chain.ts';

/** One push as the fake APNs server received it. */
export interface ReceivedPush {
  pushToken: string;
  topic: string;
  body: string;
  /** The subject CN of the client certificate the push came with. */
  clientCn: string;
}

export interface FakeApns {
  url: string;
  pushes: ReceivedPush[];
  /** Answers a push to this token with this status (and APNs' reason) instead of 200. */
  answer(pushToken: string, status: number, reason?: string): void;
  close(): Promise<void>;
}

/**
 * An APNs stand-in on 127.0.0.1 speaking HTTP/2 over TLS with the test chain's server certificate,
 * requiring a client certificate issued by the test WWDR, as APNs requires the pass type's.
 */
export async function startFakeApns(chain: TestWalletChain): Promise<FakeApns> {
  const pushes: ReceivedPush[] = [];
  const answers = new Map<string, { status: number; reason: string | undefined }>();
  const server: Http2SecureServer = createSecureServer({
    key: chain.serverKey,
    cert: chain.serverCert,
    ca: chain.wwdr,
    requestCert: true,
    rejectUnauthorized: true,
  });
  server.on('stream', (stream, headers) => {
    let body = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      body += chunk;
    });
    stream.on('end', () => {
      const pushToken = String(headers[':path']).replace('/3/device/', '');
      const socket = stream.session?.socket as TLSSocket | undefined;
      const clientCn = String(socket?.getPeerCertificate().subject.CN ?? '');
      pushes.push({
        pushToken,
        topic: String(headers['apns-topic']),
        body,
        clientCn,
      });
      const answer = answers.get(pushToken);
      stream.respond({ ':status': answer?.status ?? 200 });
      stream.end(answer?.reason ? JSON.stringify({ reason: answer.reason }) : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fake APNs did not bind');
  return {
    url: `https://127.0.0.1:${address.port}`,
    pushes,
    answer: (pushToken, status, reason) => answers.set(pushToken, { status, reason }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
