import { createTransport } from 'nodemailer';
import type { AlertsConfig } from '../config.ts';
import { postSigned, type SendOutcome } from '../webhooks/send-webhook.ts';

/** How notices leave Perk: e-mail over SMTP and signed webhook calls. */
export interface AlertSender {
  /** Sends one message to `to` (addresses joined by ", "); throws when the server refuses it. */
  sendEmail(message: { to: string; subject: string; text: string }): Promise<void>;
  postWebhook(
    url: string,
    body: string,
    secret: string | null,
    deliveryId: number,
  ): Promise<SendOutcome>;
}

/**
 * The sender of the configured SMTP server (nodemailer; it connects when a message is sent, so
 * composing one at start-up costs nothing) and of webhook calls, both within the configured time.
 * Without an SMTP URL an e-mail fails, and is recorded as failed.
 */
export function alertSender(config: AlertsConfig): AlertSender {
  const timeoutMs = config.timeoutSeconds * 1000;
  const transport = config.smtpUrl
    ? createTransport({
        url: config.smtpUrl,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      })
    : null;
  return {
    async sendEmail(message) {
      if (!transport) throw new Error('SMTP is not configured (PERK_SMTP_URL)');
      await transport.sendMail({ from: config.from, ...message });
    },
    postWebhook: (url, body, secret, deliveryId) =>
      postSigned(url, body, {
        timeoutMs,
        nowSeconds: Math.floor(Date.now() / 1000),
        secret,
        headers: { 'perk-alert-delivery': String(deliveryId) },
      }),
  };
}
