/**
 * A counter for long imports on stderr, so stdout keeps only the summary. On a terminal it rewrites
 * one line in place; otherwise (a log file, CI) it writes a line every `every` items, and nothing for
 * imports shorter than that.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  update(done: number, total: number): void;
  end(): void;
}

export function createProgress(stream: ProgressStream, label: string, every = 500): Progress {
  let shown = false;
  let lastPercent = -1;
  return {
    update(done, total) {
      if (stream.isTTY) {
        const percent = total ? Math.floor((done / total) * 100) : 100;
        if (percent === lastPercent && done !== total) return;
        lastPercent = percent;
        stream.write(`\r${label}: ${done}/${total} (${percent}%)`);
        shown = true;
      } else if (done % every === 0) {
        stream.write(`${label}: ${done}/${total}\n`);
      }
    },
    end() {
      // Clear the counter line so the summary starts on a clean line.
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
