/** One self-updating progress line on a terminal; plain periodic lines when not a terminal (CI, logs). */
export function createProgressLine(stream: NodeJS.WriteStream) {
  const tty = Boolean(stream.isTTY);
  const started = Date.now();
  let lastPlain = 0;
  let lastPhase = '';
  let open = false;
  return {
    update(phase: string, done: number, total: number) {
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      const elapsed = (Date.now() - started) / 1000;
      const rate = elapsed > 0 ? Math.round(done / elapsed) : 0;
      const text = `${phase}: ${done.toLocaleString('de-DE')} / ${total.toLocaleString('de-DE')} (${pct} %, ${rate.toLocaleString('de-DE')}/s)`;
      if (tty) {
        stream.write(`\r\x1b[2K${text}`);
        open = true;
      } else if (phase !== lastPhase || Date.now() - lastPlain > 2000 || done === total) {
        stream.write(text + '\n');
        lastPlain = Date.now();
      }
      lastPhase = phase;
    },
    done() {
      if (tty && open) stream.write('\n');
      open = false;
    },
  };
}
