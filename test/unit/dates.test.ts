import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addDays,
  daysOfMonth,
  daysOfWeek,
  isDayKey,
  isMonthKey,
  isoWeekKey,
  isWeekKey,
  monthKey,
  previousMonth,
  previousWeek,
  todayKey,
} from '../../src/papers/dates';

describe('dates', () => {
  test('isDayKey validates calendar days', () => {
    assert.equal(isDayKey('2025-03-12'), true);
    assert.equal(isDayKey('2024-02-29'), true);
    assert.equal(isDayKey('2025-02-29'), false);
    assert.equal(isDayKey('2025-13-01'), false);
    assert.equal(isDayKey('2025-3-12'), false);
    assert.equal(isDayKey('2025-03-12T00:00:00Z'), false);
  });

  test('todayKey uses UTC', () => {
    assert.equal(todayKey(new Date('2025-03-12T23:30:00-05:00')), '2025-03-13');
    assert.equal(todayKey(new Date('2025-03-12T00:10:00+02:00')), '2025-03-11');
  });

  test('addDays across month and year ends', () => {
    assert.equal(addDays('2025-02-28', 1), '2025-03-01');
    assert.equal(addDays('2024-12-31', 1), '2025-01-01');
    assert.equal(addDays('2025-03-01', -1), '2025-02-28');
    assert.equal(addDays('2025-03-12', 0), '2025-03-12');
  });

  test('isoWeekKey including year boundaries', () => {
    assert.equal(isoWeekKey('2025-03-12'), '2025-W11');
    assert.equal(isoWeekKey('2024-12-30'), '2025-W01');
    assert.equal(isoWeekKey('2021-01-03'), '2020-W53');
    assert.equal(isoWeekKey('2026-01-01'), '2026-W01');
    assert.equal(isoWeekKey('2027-01-03'), '2026-W53');
  });

  test('daysOfWeek runs Monday to Sunday', () => {
    assert.deepEqual(daysOfWeek('2025-W11'), [
      '2025-03-10',
      '2025-03-11',
      '2025-03-12',
      '2025-03-13',
      '2025-03-14',
      '2025-03-15',
      '2025-03-16',
    ]);
    assert.equal(daysOfWeek('2025-W01')[0], '2024-12-30');
    assert.equal(daysOfWeek('2020-W53')[6], '2021-01-03');
  });

  test('week keys validate week count', () => {
    assert.equal(isWeekKey('2025-W11'), true);
    assert.equal(isWeekKey('2020-W53'), true);
    assert.equal(isWeekKey('2025-W53'), false);
    assert.equal(isWeekKey('2025-W00'), false);
    assert.equal(isWeekKey('2025-11'), false);
  });

  test('month keys and days', () => {
    assert.equal(monthKey('2025-03-12'), '2025-03');
    assert.equal(isMonthKey('2025-03'), true);
    assert.equal(isMonthKey('2025-13'), false);
    assert.equal(daysOfMonth('2024-02').length, 29);
    assert.equal(daysOfMonth('2025-02').length, 28);
    assert.equal(daysOfMonth('2025-03')[0], '2025-03-01');
    assert.equal(daysOfMonth('2025-03')[30], '2025-03-31');
  });

  test('previous week and month', () => {
    assert.equal(previousWeek('2025-W11'), '2025-W10');
    assert.equal(previousWeek('2025-W01'), '2024-W52');
    assert.equal(previousWeek('2021-W01'), '2020-W53');
    assert.equal(previousMonth('2025-03'), '2025-02');
    assert.equal(previousMonth('2025-01'), '2024-12');
  });

  test('invalid keys throw RangeError', () => {
    assert.throws(() => addDays('2025-02-30', 1), RangeError);
    assert.throws(() => daysOfWeek('2025-W54'), RangeError);
    assert.throws(() => daysOfMonth('2025-00'), RangeError);
  });
});
