import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readConfigData } from './front-matter-in.js';

export interface ToolConfig {
  /** The file read, from the site root; undefined when none of the candidates exists. */
  readonly file?: string;
  readonly data: Record<string, unknown>;
  /** Why the file could not be read, as `file: message`. */
  readonly problem?: string;
}

const formatOf = (name: string) => (/\.toml$/i.test(name) ? 'toml' : /\.json$/i.test(name) ? 'json' : 'yaml');

/** Reads the first of `candidates` (e.g. `hugo.toml`, `config.toml`) that exists, as data. */
export async function readToolConfig(root: string, candidates: readonly string[]): Promise<ToolConfig> {
  for (const name of candidates) {
    const path = join(root, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    const data = readConfigData(await readFile(path, 'utf8'), formatOf(name));
    if (typeof data === 'string') return { file: name, data: {}, problem: `${name}: ${data}; its settings (permalinks, folders) were not used` };
    return { file: name, data };
  }
  return { data: {} };
}

/**
 * A text setting of a JavaScript config file (`input: "src"` in `.eleventy.js`), found by reading the
 * text: the file is never run. Undefined when it is not written as a plain string.
 */
export async function readJsSetting(root: string, candidates: readonly string[], key: string): Promise<string | undefined> {
  for (const name of candidates) {
    const text = await readFile(join(root, name), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const m = new RegExp(`\\b${key}\\s*:\\s*(["'\`])([^"'\`$]+)\\1`).exec(text.slice(0, 256 * 1024));
    return m?.[2];
  }
  return undefined;
}

export const textSetting = (data: Record<string, unknown>, key: string) => {
  const value = data[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
};

export const isFolder = async (path: string) => (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
