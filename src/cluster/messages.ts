/**
 * What the primary and its workers say to each other over the cluster's IPC channel. Every message
 * carries `inkwell`, so those of libraries sharing the channel (the rate-limit store) are told apart.
 */
export type WorkerMessage =
  /** Asks the primary to run a shared step; answered by a `reply` with the same id. */
  | { readonly inkwell: 'call'; readonly id: number; readonly call: SharedCall }
  /** Answers a `catch-up` the primary sent. */
  | { readonly inkwell: 'caught-up'; readonly id: number };

export type PrimaryMessage =
  | { readonly inkwell: 'reply'; readonly id: number; readonly result: number }
  /** Another worker changed comments: read them now, then answer `caught-up`. */
  | { readonly inkwell: 'catch-up'; readonly id: number };

export type SharedCall =
  /** The flood interval's check-and-record for a post, kept by the primary for every worker. */
  | { readonly name: 'flood-claim'; readonly keys: readonly string[]; readonly t: number }
  /** This worker changed comments; resolves once every other worker has read them (or a deadline passed). */
  | { readonly name: 'comments-changed' };

const isObject = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null;

export function isWorkerMessage(m: unknown): m is WorkerMessage {
  return isObject(m) && (m.inkwell === 'call' || m.inkwell === 'caught-up') && typeof m.id === 'number';
}

export function isPrimaryMessage(m: unknown): m is PrimaryMessage {
  return isObject(m) && (m.inkwell === 'reply' || m.inkwell === 'catch-up') && typeof m.id === 'number';
}
