/**
 * Where outbox events are published besides webhooks: a message stream that keeps them (NATS
 * JetStream in production, see nats-stream.ts). `publish` resolves once the stream has stored
 * the message; `eventId` is the stream's deduplication key, so publishing an event twice (a
 * publisher that died before recording its success) stores it once.
 */
export interface EventStream {
  publish(subject: string, body: string, message: { eventId: string; type: string }): Promise<void>;
  close(): Promise<void>;
}
