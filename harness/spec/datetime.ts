/**
 * RFC 7643 §2.3.5 dateTime: "a valid xsd:dateTime ... MUST include both a date and a time". xsd:dateTime
 * makes the time zone optional, which JSON Schema's `date-time` (RFC 3339) does not, so SCIM values are
 * judged by this instead of ajv-formats' `date-time`.
 */

const XSD_DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fraction digits of the second, as written (may be empty). */
  fraction: string;
  /** Offset east of UTC in minutes; 0 when no zone is given. */
  offsetMinutes: number;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parse(value: string): Parts | undefined {
  const m = XSD_DATE_TIME.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone, zh, zm] = m;
  const parts: Parts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    fraction: (frac ?? '').slice(1),
    offsetMinutes: 0,
  };
  if (parts.month < 1 || parts.month > 12) return undefined;
  if (parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) return undefined;
  if (parts.minute > 59 || parts.second > 59) return undefined;
  // xsd allows 24:00:00 (end of day) but no other time in hour 24.
  if (parts.hour > 24 || (parts.hour === 24 && (parts.minute !== 0 || parts.second !== 0 || /[1-9]/.test(parts.fraction)))) {
    return undefined;
  }
  if (zone && zone !== 'Z') {
    const hours = Number(zh);
    const minutes = Number(zm);
    if (hours > 14 || minutes > 59 || (hours === 14 && minutes !== 0)) return undefined;
    parts.offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  return parts;
}

export function isXsdDateTime(value: string): boolean {
  return parse(value) !== undefined;
}

/**
 * Orders two xsd:dateTime values as instants, to the full precision written (not just milliseconds).
 * Values without a zone are read as UTC: both come from the same resource, so they share a zone.
 * `undefined` when either is not a valid xsd:dateTime.
 */
export function compareDateTimes(a: string, b: string): -1 | 0 | 1 | undefined {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return undefined;
  const seconds = (p: Parts) => {
    const date = new Date(Date.UTC(2000, p.month - 1, p.day, p.hour, p.minute, p.second));
    // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
    date.setUTCFullYear(p.year);
    return date.getTime() / 1000 - p.offsetMinutes * 60;
  };
  const sa = seconds(pa);
  const sb = seconds(pb);
  if (Number.isNaN(sa) || Number.isNaN(sb)) return undefined;
  if (sa !== sb) return sa < sb ? -1 : 1;
  const width = Math.max(pa.fraction.length, pb.fraction.length);
  const fa = pa.fraction.padEnd(width, '0');
  const fb = pb.fraction.padEnd(width, '0');
  if (fa === fb) return 0;
  return fa < fb ? -1 : 1;
}
