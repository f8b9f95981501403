import { describe, expect, it } from 'vitest';
import { compareDateTimes, isXsdDateTime } from './datetime.js';

describe('isXsdDateTime', () => {
  it('accepts xsd:dateTime with or without a zone and fraction', () => {
    for (const v of ['2008-01-23T04:56:22Z', '2010-01-23T04:56:22', '2024-02-29T23:59:59.123456+05:30', '2011-05-13T04:42:34-14:00', '2020-12-31T24:00:00Z']) {
      expect(isXsdDateTime(v), v).toBe(true);
    }
  });
  it('rejects dates alone, times alone, impossible dates and other formats', () => {
    for (const v of ['2008-01-23', '04:56:22Z', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01 10:00:00Z', '2024-01-01T24:00:01Z', '2024-01-01T10:00:00+15:00', 'Tue, 01 Jan 2024 10:00:00 GMT', '']) {
      expect(isXsdDateTime(v), v).toBe(false);
    }
  });
});

describe('compareDateTimes', () => {
  it('orders instants across zones and beyond milliseconds', () => {
    expect(compareDateTimes('2026-01-01T10:00:00Z', '2026-01-01T11:00:00+01:00')).toBe(0);
    expect(compareDateTimes('2026-01-01T10:00:00.1234Z', '2026-01-01T10:00:00.1235Z')).toBe(-1);
    expect(compareDateTimes('2026-01-01T10:00:00.5Z', '2026-01-01T10:00:00.50Z')).toBe(0);
    expect(compareDateTimes('2026-01-02T00:00:00Z', '2026-01-01T23:59:59Z')).toBe(1);
    expect(compareDateTimes('0099-01-01T00:00:00Z', '1999-01-01T00:00:00Z')).toBe(-1);
  });
  it('is undefined for invalid values', () => {
    expect(compareDateTimes('yesterday', '2026-01-01T00:00:00Z')).toBeUndefined();
  });
});
