import type { RebuildProgress } from './rebuild';

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** Seconds as h:mm:ss or m:ss. */
export function durationText(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** One line: a bar, events done of total, percent, rate and ETA; pure. */
export function progressLine(progress: RebuildProgress, barWidth = 30): string {
  const fraction = progress.total > 0 ? Math.min(progress.done / progress.total, 1) : 1;
  const filled = Math.round(fraction * barWidth);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]`;
  const eta =
    progress.phase !== 'replaying'
      ? progress.phase
      : progress.etaSeconds === null
        ? 'ETA --:--'
        : progress.etaSeconds === 0
          ? 'catching up'
          : `ETA ${durationText(progress.etaSeconds)}`;
  return (
    `${bar} ${count(progress.done)}/${count(progress.total)} events ` +
    `${Math.floor(fraction * 100)}% ${count(progress.eventsPerSecond)} ev/s ${eta}`
  );
}

/**
 * Where the CLI shows progress: on a terminal one line redrawn in place (at most 10 times a
 * second), elsewhere (a log, CI) a line every `everyMs`, and always the first and the last.
 */
export function progressPrinter(
  stream: { isTTY?: boolean; write(text: string): unknown },
  options: { everyMs?: number; now?: () => number } = {},
): { show(progress: RebuildProgress): void; end(): void } {
  const now = options.now ?? Date.now;
  const every = stream.isTTY ? 100 : (options.everyMs ?? 5000);
  let shownAt: number | undefined;
  let drawn = false;
  let lastPhase: RebuildProgress['phase'] | undefined;
  return {
    show(progress) {
      const changed = progress.phase !== lastPhase;
      lastPhase = progress.phase;
      if (!changed && shownAt !== undefined && now() - shownAt < every) return;
      shownAt = now();
      const line = `rebuild: ${progressLine(progress)}`;
      if (stream.isTTY) {
        stream.write(`\r${line}\x1b[K`);
        drawn = true;
      } else {
        stream.write(`${line}\n`);
      }
    },
    end() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
