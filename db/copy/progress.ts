// Progress of a copy on stderr: a bar redrawn in place on a terminal, a plain line every few
// seconds otherwise (logs, CI). Kept to these few lines rather than a dependency: one bar, one
// line of text, no multi-bar layout or theming needed.
export type ProgressSink = {
  start(total: number): void;
  table(name: string, rows: number): void;
  advance(rows: number): void;
  done(): void;
};

export const silentProgress: ProgressSink = { start() {}, table() {}, advance() {}, done() {} };

const fmt = (n: number) => n.toLocaleString("en-US");

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function streamProgress(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, { intervalMs = 5000, now = () => Date.now() } = {}): ProgressSink {
  const tty = stream.isTTY === true;
  let total = 0;
  let copied = 0;
  let started = 0;
  let lastDrawn = 0;
  let tableName = "";
  let tableRows = 0;
  let tableCopied = 0;

  const line = () => {
    const elapsed = (now() - started) / 1000;
    const rate = elapsed > 0 ? copied / elapsed : 0;
    const eta = rate > 0 ? (total - copied) / rate : Infinity;
    const share = total === 0 ? 1 : copied / total;
    return `${(share * 100).toFixed(1).padStart(5)}% ${fmt(copied)}/${fmt(total)} rows | ${tableName} ${fmt(tableCopied)}/${fmt(tableRows)} | ${fmt(Math.round(rate))} rows/s | ETA ${duration(eta)}`;
  };
  const draw = (force = false) => {
    const t = now();
    if (tty) {
      if (!force && t - lastDrawn < 100) return;
      const width = 24;
      const share = total === 0 ? 1 : copied / total;
      const filled = Math.round(share * width);
      const text = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${line()}`;
      stream.write(`\r${text.slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
    } else {
      if (!force && t - lastDrawn < intervalMs) return;
      stream.write(`copy: ${line()}\n`);
    }
    lastDrawn = t;
  };

  return {
    start(rows) {
      total = rows;
      started = now();
      lastDrawn = started;
    },
    table(name, rows) {
      tableName = name;
      tableRows = rows;
      tableCopied = 0;
      draw(tty);
    },
    advance(rows) {
      copied += rows;
      tableCopied += rows;
      draw();
    },
    done() {
      draw(true);
      if (tty) stream.write("\n");
    },
  };
}
