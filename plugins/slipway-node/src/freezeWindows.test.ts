import { activeFreezeWindow, checkFreezeWindow } from './freezeWindows';

const friday = {
  name: 'weekend',
  start: '0 18 * * 5',
  duration: '62h',
  timeZone: 'Europe/Berlin',
};

describe('freeze windows', () => {
  it('is in force from each start, in its time zone, for its duration', () => {
    // Friday 4 December 2026, 18:00 in Berlin is 17:00 UTC.
    expect(
      activeFreezeWindow([friday], new Date('2026-12-04T16:59:59Z')),
    ).toBeUndefined();
    expect(
      activeFreezeWindow([friday], new Date('2026-12-04T17:00:00Z')),
    ).toEqual({
      name: 'weekend',
      since: new Date('2026-12-04T17:00:00Z'),
      until: new Date('2026-12-07T07:00:00Z'),
    });
    expect(
      activeFreezeWindow([friday], new Date('2026-12-07T06:59:59Z'))?.until,
    ).toEqual(new Date('2026-12-07T07:00:00Z'));
    expect(
      activeFreezeWindow([friday], new Date('2026-12-07T07:00:00Z')),
    ).toBeUndefined();
  });

  it('takes the window that ends last, and overlapping starts as one freeze', () => {
    const everyHourForTwo = {
      name: 'hourly',
      start: '0 * * * *',
      duration: '2h',
      timeZone: 'UTC',
    };
    expect(
      activeFreezeWindow(
        [everyHourForTwo, friday],
        new Date('2026-12-05T10:30:00Z'),
      ),
    ).toEqual({
      name: 'weekend',
      since: new Date('2026-12-04T17:00:00Z'),
      until: new Date('2026-12-07T07:00:00Z'),
    });
    expect(
      activeFreezeWindow([everyHourForTwo], new Date('2026-12-02T10:30:00Z')),
    ).toEqual({
      name: 'hourly',
      since: new Date('2026-12-02T10:00:00Z'),
      until: new Date('2026-12-02T12:00:00Z'),
    });
  });

  it('refuses a window that is not one', () => {
    expect(() => checkFreezeWindow({ ...friday, start: 'fridays' })).toThrow();
    expect(() =>
      checkFreezeWindow({ ...friday, timeZone: 'Mars/Olympus' }),
    ).toThrow();
    expect(() => checkFreezeWindow({ ...friday, duration: '2 days' })).toThrow(
      /not a duration/,
    );
  });
});
