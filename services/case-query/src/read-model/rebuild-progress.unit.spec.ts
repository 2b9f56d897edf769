import { BatchSizer, type RebuildProgress } from './rebuild';
import { durationText, progressLine, progressPrinter } from './rebuild-progress';

const step = (done: number, phase: RebuildProgress['phase'] = 'replaying'): RebuildProgress => ({
  done,
  total: 10_000,
  eventsPerSecond: 2_500,
  etaSeconds: (10_000 - done) / 2_500,
  elapsedMs: done / 2.5,
  phase,
});

describe('the rebuild progress', () => {
  it('draws events done of total, the rate and the time left', () => {
    expect(progressLine(step(2_500), 10)).toBe(
      '[###.......] 2,500/10,000 events 25% 2,500 ev/s ETA 0:03',
    );
    expect(progressLine({ ...step(0), eventsPerSecond: 0, etaSeconds: null }, 4)).toBe(
      '[....] 0/10,000 events 0% 0 ev/s ETA --:--',
    );
    expect(progressLine({ ...step(10_000), etaSeconds: 0 }, 4)).toBe(
      '[####] 10,000/10,000 events 100% 2,500 ev/s catching up',
    );
    expect(progressLine(step(10_000, 'switching'), 4)).toMatch(/switching$/);
    expect(durationText(3_725)).toBe('1:02:05');
  });

  it('redraws one line on a terminal, and writes a line every few seconds elsewhere', () => {
    let now = 0;
    const tty = { isTTY: true, text: '', write: (t: string) => (tty.text += t) };
    const terminal = progressPrinter(tty, { now: () => now });
    terminal.show(step(0));
    now = 50;
    terminal.show(step(100));
    now = 150;
    terminal.show(step(200));
    terminal.end();
    expect(tty.text.split('\r').slice(1)).toHaveLength(2);
    expect(tty.text.endsWith('\x1b[K\n')).toBe(true);

    const log = { text: '', write: (t: string) => (log.text += t) };
    const lines = progressPrinter(log, { now: () => now, everyMs: 5_000 });
    for (now = 0; now <= 12_000; now += 250) lines.show(step(now));
    lines.show(step(10_000, 'switching'));
    lines.end();
    expect(log.text).not.toContain('\r');
    // 0, 5 s and 10 s, and the switch (a new phase shows at once).
    expect(log.text.trim().split('\n')).toHaveLength(4);
  });
});

describe('the rebuild batch size', () => {
  it('grows towards a batch of about 0.4 s, halves after one over a second, stays within the most', () => {
    const sizer = new BatchSizer(5000);
    expect(sizer.size).toBe(100);
    sizer.record(100, 10); // 0.1 ms an event: 4000 would take 0.4 s; twice at most a step
    expect(sizer.size).toBe(200);
    for (let i = 0; i < 10; i += 1) sizer.record(sizer.size, sizer.size * 0.1);
    expect(sizer.size).toBe(4000);
    sizer.record(4000, 1600); // a slow moment: half at most
    expect(sizer.size).toBeLessThanOrEqual(2000);
    // A short page (the head reached) never grows it.
    sizer.record(10, 0.5);
    expect(sizer.size).toBeLessThanOrEqual(2000);
    const small = new BatchSizer(25);
    small.record(25, 1);
    expect(small.size).toBe(25);
  });
});
