import { type ClientHttp2Session, connect, constants } from 'node:http2';
import { rootCertificates } from 'node:tls';
import type { AppleWalletConfig } from './wallet-config.ts';

/**
 * What came of one push: `sent`; `gone` when APNs says the token no longer reaches a device
 * (its registration is then dropped); `failed` for anything else, tried again later.
 */
export type PushOutcome = 'sent' | 'gone' | 'failed';

/** Tells devices that a pass of `topic` (its pass type id) changed, one push token each. */
export interface ApnsPusher {
  push(topic: string, pushTokens: readonly string[]): Promise<PushOutcome[]>;
  close(): Promise<void>;
}

/** How long one push may take before it counts as failed (ms). */
const pushTimeoutMs = 10_000;

/**
 * Pushes to APNs over one HTTP/2 connection, opened on first use and again after it drops,
 * authenticated with the pass type certificate as Wallet requires. Each push is an empty JSON
 * object to `/3/device/<push token>`: the device then asks Perk which of its passes changed.
 */
export function http2ApnsPusher(config: AppleWalletConfig): ApnsPusher {
  let session: ClientHttp2Session | null = null;
  const open = () => {
    if (session && !session.closed && !session.destroyed) return session;
    const opened = connect(config.apnsUrl, {
      cert: config.signerCert,
      key: config.signerKey,
      ...(config.signerKeyPassphrase ? { passphrase: config.signerKeyPassphrase } : {}),
      // An extra authority is trusted beside the usual ones, not instead of them.
      ...(config.apnsCa ? { ca: [...rootCertificates, config.apnsCa] } : {}),
    });
    // A dropped connection is opened again by the next push; its error is each push's outcome.
    opened.on('error', () => undefined);
    opened.on('close', () => {
      if (session === opened) session = null;
    });
    opened.unref();
    session = opened;
    return opened;
  };
  const pushOne = (topic: string, pushToken: string) =>
    new Promise<PushOutcome>((resolve) => {
      let stream: ReturnType<ClientHttp2Session['request']>;
      try {
        stream = open().request({
          [constants.HTTP2_HEADER_METHOD]: 'POST',
          [constants.HTTP2_HEADER_PATH]: `/3/device/${encodeURIComponent(pushToken)}`,
          'apns-topic': topic,
          'content-type': 'application/json',
        });
      } catch {
        resolve('failed');
        return;
      }
      stream.setTimeout(pushTimeoutMs, () => stream.close(constants.NGHTTP2_CANCEL));
      let status = 0;
      let body = '';
      stream.setEncoding('utf8');
      stream.on('response', (headers) => {
        status = Number(headers[constants.HTTP2_HEADER_STATUS]);
      });
      stream.on('data', (chunk: string) => {
        if (body.length < 1_000) body += chunk;
      });
      stream.on('end', () => resolve(outcomeOf(status, body)));
      stream.on('error', () => resolve('failed'));
      stream.on('close', () => resolve('failed'));
      stream.end('{}');
    });
  return {
    push: (topic, pushTokens) => Promise.all(pushTokens.map((token) => pushOne(topic, token))),
    close: async () => {
      const current = session;
      session = null;
      if (current && !current.closed) await new Promise<void>((done) => current.close(done));
    },
  };
}

/**
 * 200 is sent; 410 (Unregistered) and 400 BadDeviceToken mean the token will never work again;
 * the rest (another 400 such as a wrong topic, 403 certificate trouble, 429, 5xx) is a problem of
 * Perk's or of APNs', so the registration stays and the push is tried again.
 */
function outcomeOf(status: number, body: string): PushOutcome {
  if (status === 200) return 'sent';
  if (status === 410) return 'gone';
  if (status === 400 && reasonOf(body) === 'BadDeviceToken') return 'gone';
  return 'failed';
}

function reasonOf(body: string): unknown {
  try {
    return (JSON.parse(body) as { reason?: unknown }).reason;
  } catch {
    return undefined;
  }
}
