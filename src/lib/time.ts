const formats = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The instant a calendar day starts in a time zone (jobs and "today" figures use the account's TZ). */
export function startOfDay(date: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    wallClock(timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const wallAsUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offset = wallAsUtc - Math.floor(date.getTime() / 1000) * 1000;
  return new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day) - offset);
}

/** The first daily run time (HH:MM in `timeZone`) strictly after `now`. */
export function nextRunAfter(now: Date, hhmm: string, timeZone: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  for (const dayOffset of [0, 1, 2]) {
    const at = new Date(
      startOfDay(new Date(now.getTime() + dayOffset * 86_400_000), timeZone).getTime() + (h * 60 + m) * 60_000,
    );
    if (at > now) return at;
  }
  throw new Error('unreachable');
}

const whenFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * "2026-11-24 07:00" in the account's time zone: the one way a time is written, on every page, in
 * messages and emails (the views get it as `when`). Built once per zone: event pages format hundreds.
 */
export function formatWhen(d: Date, timeZone: string): string {
  let f = whenFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    whenFormats.set(timeZone, f);
  }
  return f.format(d).replace(',', '');
}
