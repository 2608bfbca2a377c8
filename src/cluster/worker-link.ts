import type { FloodGate } from '../comments/flood-interval.js';
import { isPrimaryMessage, type SharedCall, type WorkerMessage } from './messages.js';

/** A worker's line to its primary: shared steps, and word of other workers' comment changes. */
export interface PrimaryLink {
  /** The flood interval every worker shares. */
  readonly floodGate: FloodGate;
  /** Resolves once every other worker has read the comments this one just changed (or a deadline passed). */
  commentsChanged(): Promise<void>;
  /** How to read what another worker changed; the primary learns when it is done. */
  onCatchUp(read: () => Promise<void>): void;
  close(): void;
}

/**
 * Talks to the primary over the cluster's IPC channel. A primary that does not answer within
 * `timeoutMs` (it is stopping, or gone) never holds a visitor up: the flood check lets the post
 * through and a change is served without waiting for the others.
 */
export function connectToPrimary(timeoutMs = 2_000): PrimaryLink {
  let nextId = 0;
  const waiting = new Map<number, { resolve: (result: number) => void; timer: NodeJS.Timeout }>();
  let read: () => Promise<void> = async () => undefined;

  const send = (message: WorkerMessage) => {
    if (!process.connected || !process.send) return false;
    try {
      process.send(message);
      return true;
    } catch {
      return false;
    }
  };

  const call = (shared: SharedCall, fallback: number) => new Promise<number>((resolve) => {
    const id = ++nextId;
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(fallback);
    }, timeoutMs);
    waiting.set(id, { resolve, timer });
    if (!send({ inkwell: 'call', id, call: shared })) {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(fallback);
    }
  });

  const onMessage = (message: unknown) => {
    if (!isPrimaryMessage(message)) return;
    if (message.inkwell === 'reply') {
      const pending = waiting.get(message.id);
      if (!pending) return;
      waiting.delete(message.id);
      clearTimeout(pending.timer);
      pending.resolve(message.result);
      return;
    }
    // A failed read is answered too: the primary need not wait for the deadline, and the store's own
    // timer tries again.
    void read().catch(() => undefined).finally(() => send({ inkwell: 'caught-up', id: message.id }));
  };
  process.on('message', onMessage);

  return {
    floodGate: { claim: (keys, t) => call({ name: 'flood-claim', keys, t }, 0) },
    commentsChanged: async () => {
      await call({ name: 'comments-changed' }, 0);
    },
    onCatchUp(handler) {
      read = handler;
    },
    close() {
      process.off('message', onMessage);
      for (const { resolve, timer } of waiting.values()) {
        clearTimeout(timer);
        resolve(0);
      }
      waiting.clear();
    },
  };
}
