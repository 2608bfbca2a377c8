/** An operation waiting for the next batch, with the promise it settles. */
export interface PendingWrite<T> {
  readonly apply: (target: T) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit: operations that arrive while a batch is being written wait and go together into the
 * next one, so fifty posters cost one write each round rather than fifty. Exclusive tasks (the steps
 * of a compaction) run between batches. Only one batch or task runs at a time.
 */
export class WriteQueue<T> {
  private readonly waiting: Array<PendingWrite<T>> = [];
  private readonly tasks: Array<() => Promise<void>> = [];
  private current: Promise<void> | undefined;

  /** `commit` writes a batch and settles each of its operations. */
  constructor(private readonly commit: (batch: Array<PendingWrite<T>>) => Promise<void>) {}

  /** The batch or task running now, if any. */
  get running(): Promise<void> | undefined {
    return this.current;
  }

  /** Queues an operation for the next batch; resolves with what `apply` returned once it is written. */
  submit<R>(apply: (target: T) => R): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ apply, resolve: resolve as (value: unknown) => void, reject });
      this.drain();
    });
  }

  /** Runs a task alone, never alongside a batch. */
  exclusive<R>(task: () => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.tasks.push(() => task().then(resolve, reject));
      this.drain();
    });
  }

  private drain(): void {
    if (this.current) return;
    const task = this.tasks.shift();
    const run = task ? task() : this.waiting.length > 0 ? this.commit(this.waiting.splice(0)) : undefined;
    if (!run) return;
    this.current = run.finally(() => {
      this.current = undefined;
      this.drain();
    });
  }
}
