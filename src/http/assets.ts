import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { RequestHandler } from 'express';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
  readonly immutable: boolean;
}

export interface AssetManifest {
  /** Fingerprinted URL of a file under public/, e.g. `css/site.css` → `/css/site.3f9a1c2b.css`. */
  url(path: string): string;
  /** Serves public/ from memory: fingerprinted names for a year, plain names for an hour. */
  handler: RequestHandler;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name.startsWith('.') ? [] : e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]);
}

/**
 * Reads public/ once at start. Requests are matched against this fixed list, never joined onto a
 * file path, so no crafted URL can reach outside the folder.
 */
export function loadAssets(publicDir: string): AssetManifest {
  const byUrl = new Map<string, Asset>();
  const fingerprinted = new Map<string, string>();
  for (const file of walk(publicDir)) {
    const rel = relative(publicDir, file).split('\\').join('/');
    const body = readFileSync(file);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const ext = extname(rel);
    const hashed = `/${rel.slice(0, rel.length - ext.length)}.${hash}${ext}`;
    byUrl.set(`/${rel}`, { body, type, etag: `"${hash}"`, immutable: false });
    byUrl.set(hashed, { body, type, etag: `"${hash}"`, immutable: true });
    fingerprinted.set(rel, hashed);
  }
  return {
    url(path) {
      const hashed = fingerprinted.get(path);
      if (!hashed) throw new Error(`No asset public/${path}`);
      return hashed;
    },
    handler(req, res, next) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      const asset = byUrl.get(req.path);
      if (!asset) return next();
      res.set({
        'Content-Type': asset.type,
        'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        ETag: asset.etag,
      });
      if (req.fresh) return void res.status(304).end();
      res.send(asset.body);
    },
  };
}
