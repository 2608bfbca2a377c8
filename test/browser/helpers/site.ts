import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startServer, stopServer, type ServerProcess } from '../../helpers/server-process.js';

const SAMPLE_CONTENT = fileURLToPath(new URL('../../../content', import.meta.url));

export const ADMIN_PASSWORD = 'browser-test-password';
export const SESSION_SECRET = 'browser-test-session-secret-0123456789abcdef';

/** The sample articles the tests walk through, by slug. */
export const PARTNERSHIPS = 'partnerships-in-library-leadership';
export const COMMUNICATION = 'communication-in-library-leadership';
export const COMMUNITY = 'library-leaders-community-engagement';
export const STRATEGY = 'strategic-planning-for-public-libraries';
export const DATA = 'measuring-library-impact-with-data';
export const DIGITAL = 'leading-digital-transformation-in-libraries';
export const ADVOCACY = 'advocacy-and-funding-for-libraries';
export const TEAM = 'building-a-library-team-culture';

/** A running `tsx src/server.ts` on its own port, with a copy of content/ and a comments file of its own. */
export interface Site {
  /** `http://127.0.0.1:<port>`: the base URL for pages and for fetch. */
  readonly url: string;
  readonly port: number;
  /** The temporary copy of content/ the server reads and watches. */
  readonly contentDir: string;
  readonly commentsFile: string;
  readonly server: ServerProcess;
  /** Kills the server and removes its temporary folders. */
  stop(): Promise<void>;
}

/**
 * Starts the real server process (as `npm start` does, unless `env` says otherwise) on a free port of
 * 127.0.0.1, on a temporary copy of the sample content and an empty temporary comments file. Comment
 * throttling is off so tests may post freely; everything else is the server's own default.
 * `files` (path → text) are added to the content copy before the server starts.
 */
export async function startSite(env: Record<string, string> = {}, files: Record<string, string> = {}): Promise<Site> {
  const root = await mkdtemp(join(tmpdir(), 'blog-browser-'));
  const contentDir = join(root, 'content');
  const commentsFile = join(root, 'data', 'comments.json');
  let server: ServerProcess | undefined;
  try {
    await cp(SAMPLE_CONTENT, contentDir, { recursive: true });
    for (const [file, text] of Object.entries(files)) {
      await mkdir(dirname(join(contentDir, file)), { recursive: true });
      await writeFile(join(contentDir, file), text);
    }
    server = startServer({
      PORT: '0',
      HOST: '127.0.0.1',
      CONTENT_DIR: contentDir,
      COMMENTS_FILE: commentsFile,
      COMMENT_RATE_LIMIT: '0',
      ...env,
    });
    const port = await server.ready;
    const running = server;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      contentDir,
      commentsFile,
      server: running,
      async stop() {
        await stopServer(running);
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (server) await stopServer(server);
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

export interface SeedComment {
  readonly author: string;
  readonly email?: string;
  readonly comment: string;
  readonly url?: string;
  readonly parent?: string;
}

/** Posts a comment as another visitor would (a tool using the JSON interface); returns its id and status. */
export async function seedComment(site: Site, slug: string, c: SeedComment): Promise<{ id: string; awaitingModeration: boolean }> {
  const body = new URLSearchParams({
    author: c.author,
    email: c.email ?? `${c.author.toLowerCase().replace(/\W+/g, '.')}@example.com`,
    url: c.url ?? '',
    comment: c.comment,
    parent: c.parent ?? '',
  });
  const res = await fetch(`${site.url}/articles/${slug}/comments`, {
    method: 'POST',
    headers: { Accept: 'application/json' },
    body,
    signal: AbortSignal.timeout(10_000),
  }).catch((err: unknown) => {
    throw new Error(`seeding a comment on ${slug} failed (${String(err)}); the server said:\n${site.server.output().slice(-3000)}`);
  });
  if (res.status !== 201) throw new Error(`seeding a comment on ${slug} answered ${res.status}: ${await res.text()}`);
  const json = (await res.json()) as { id: string; awaitingModeration?: boolean };
  return { id: json.id, awaitingModeration: json.awaitingModeration === true };
}

/** Logs in at /admin/login through the form, as a moderator does. */
export async function logInAsModerator(page: Page): Promise<void> {
  await page.goto('/admin/comments');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await Promise.all([page.waitForURL('**/admin/comments'), page.getByRole('button', { name: 'Log in' }).click()]);
}

/** Writes an article file into the site's content folder, as an editor saving in their editor does. */
export async function writeArticle(site: Site, file: string, text: string): Promise<void> {
  await writeFile(join(site.contentDir, file), text);
}

/** The text of an article file: front matter as an editor writes it, then the Markdown body. */
export function articleFile(title: string, date: string, body: string, tags: readonly string[] = []): string {
  const tagLine = tags.length ? `tags: [${tags.join(', ')}]\n` : '';
  return `---\ntitle: ${JSON.stringify(title)}\ndate: ${date}\n${tagLine}---\n\n${body}\n`;
}

/** Screenshots are written here for people to look at (git-ignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../../test-artifacts', import.meta.url));
