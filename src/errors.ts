/** An error whose message is safe to show to the visitor, with the HTTP status to answer. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly publicMessage: string) {
    super(publicMessage);
    this.name = 'HttpError';
  }
}

export type Severity = 'error' | 'warning';

/** Something wrong with one content file, located for an editor: `file:line: message`. */
export interface ContentProblem {
  readonly severity: Severity;
  /** Path relative to the content folder, with forward slashes. */
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`;
}
