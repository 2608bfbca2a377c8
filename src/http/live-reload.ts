import { watch } from 'chokidar';
import type { RequestHandler, Response } from 'express';

export type ReloadReason = 'content' | 'views' | 'assets';

/** Development only: tells open pages, over server-sent events, to reload themselves. */
export interface LiveReload {
  readonly path: string;
  notify(reason: ReloadReason): void;
  /** Called before pages are told, e.g. to re-read changed styles. */
  onChange(listener: (reason: ReloadReason) => void): void;
  handler: RequestHandler;
  close(): void;
}

export function createLiveReload(path = '/__live-reload'): LiveReload {
  const clients = new Set<Response>();
  const listeners: Array<(reason: ReloadReason) => void> = [];
  const send = (res: Response, text: string) => {
    res.write(text);
    // compression buffers responses; an event must leave at once.
    (res as Response & { flush?: () => void }).flush?.();
  };
  return {
    path,
    notify(reason) {
      for (const listener of listeners) listener(reason);
      for (const res of clients) send(res, `event: reload\ndata: ${reason}\n\n`);
    },
    onChange: (listener) => void listeners.push(listener),
    handler(req, res) {
      res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.flushHeaders();
      send(res, 'retry: 500\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    close() {
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}

/** Watches templates and public files in development and reloads pages when they change. */
export function watchForReload(viewsDir: string, publicDir: string, liveReload: LiveReload): Array<{ close(): Promise<void> }> {
  return ([[viewsDir, 'views'], [publicDir, 'assets']] as const).map(([dir, reason]) => {
    const watcher = watch(dir, { ignoreInitial: true });
    watcher.on('all', () => liveReload.notify(reason));
    return { close: () => watcher.close() };
  });
}
