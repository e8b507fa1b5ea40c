/** Milliseconds the zone is ahead of UTC at `instant`. */
function zoneOffset(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The local calendar date of `instant` in `timeZone`, as [year, month (1–12), day]. */
export function localDate(instant: Date, timeZone: string): [number, number, number] {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant).split('-').map(Number);
  return [y!, m!, d!];
}

/** The instant when the wall clock in `timeZone` shows `hh:mm` on the given local date. */
export function wallClock(year: number, month: number, day: number, hours: number, minutes: number, timeZone: string): Date {
  const naive = Date.UTC(year, month - 1, day, hours, minutes);
  // Two rounds settle the offset on either side of a DST change.
  let guess = naive - zoneOffset(new Date(naive), timeZone);
  guess = naive - zoneOffset(new Date(guess), timeZone);
  return new Date(guess);
}

/**
 * The next time the wall clock in `timeZone` shows `time` ("18:00") after
 * `now`: today if that is still ahead, else tomorrow. Correct across DST changes.
 */
export function nextWallClockTime(now: Date, time: string, timeZone: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const [y, m, d] = localDate(now, timeZone);
  const today = wallClock(y, m, d, hours, minutes, timeZone);
  if (today.getTime() > now.getTime()) return today;
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1));
  return wallClock(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth() + 1, tomorrow.getUTCDate(), hours, minutes, timeZone);
}
