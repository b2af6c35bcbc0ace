// The jurisdiction's public profile, as `GET /jurisdiction` answers and the portal's drawn pages carry it:
// names, departments, contacts and a year's working-day calendar (this year's unless asked).
import { toLocalDate } from '../../shared/calendar.ts';
import type { tableCalendarSource } from '../calendar/wiring.ts';
import { clock } from '../lib/clock.ts';
import { jurisdiction } from '../lib/env.ts';

export const jurisdictionProfile = async (
  calendars: ReturnType<typeof tableCalendarSource>,
  year?: number,
) => ({
  id: jurisdiction.id,
  name: jurisdiction.name,
  divisionCode: jurisdiction.divisionCode,
  level: jurisdiction.level,
  timezone: jurisdiction.timezone,
  languages: jurisdiction.languages,
  departments: jurisdiction.departments,
  contacts: jurisdiction.contacts,
  calendar: (await calendars.fresh()).year(
    year ?? Number(toLocalDate(clock.now(), jurisdiction.timezone).slice(0, 4)),
  ),
});
