import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command in the project folder and collects its output; killed after `timeoutMs`. With
 * `cleanEnv`, the command gets only PATH, HOME and `env`, not this process's environment.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  { timeoutMs = 15_000, cleanEnv = false }: { timeoutMs?: number; cleanEnv?: boolean } = {},
): Promise<CliRun> {
  const base = cleanEnv ? { PATH: process.env.PATH, HOME: process.env.HOME } : process.env;
  const child = spawn(command, args, { cwd: ROOT, env: { ...base, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs one of the project's scripts as `npm run` does (through tsx) with extra environment; killed after 15 s. */
export const runScript = (script: string, args: readonly string[], env: Record<string, string>): Promise<CliRun> =>
  runCommand(join(ROOT, 'node_modules/.bin/tsx'), [script, ...args], env);
