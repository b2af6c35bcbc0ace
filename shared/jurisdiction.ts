// A jurisdiction (辖区) is one tenant: a city, district, county or zone that runs its own copy of the
// platform. Its config file names it, lists its departments and their credit codes, its contact phones and
// the local additions to the national working-day calendar.
import * as z from 'zod';
import { creditCodeProblem } from './credit-code.ts';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'not a real calendar date');

/** Landlines with area code (0580-2022345), mobiles, and short service numbers such as 12345. */
const phone = z
  .string()
  .regex(
    /^(0\d{2,3}-?\d{7,8}|1[3-9]\d{9}|12\d{3}|400-?\d{3}-?\d{4})$/,
    'a phone number such as 0580-2022345 or 12345',
  );

const creditCode = z.string().superRefine((value, ctx) => {
  const problem = creditCodeProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const departmentSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'a short lowercase code such as scjgj'),
  name: z.string().min(2).max(64),
  nameEn: z.string().min(2).max(128),
  creditCode,
  phone: phone.optional(),
});

const namedDay = z.object({ date: isoDate, name: z.string().min(1).max(32) });

export const jurisdictionSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'a lowercase slug such as dinghai'),
    name: z.object({ zh: z.string().min(2).max(32), en: z.string().min(2).max(64) }),
    divisionCode: z.string().regex(/^\d{6}$/, 'a 6-digit administrative division code'),
    level: z.enum(['province', 'prefecture', 'city', 'district', 'county', 'development-zone']),
    parents: z
      .array(z.string().min(2))
      .max(3)
      .describe('Enclosing divisions, outermost first, e.g. 浙江省, 舟山市'),
    timezone: z.string().default('Asia/Shanghai'),
    departments: z.array(departmentSchema).min(1),
    contacts: z.object({
      hotline: phone,
      consultation: phone,
      complaint: phone,
      hallAddress: z.string().min(4).max(128),
      officeHours: z.string().min(4).max(128),
    }),
    calendar: z
      .object({
        /** Holidays observed only here, e.g. Tibet's Losar (藏历新年) and Shoton (雪顿节). */
        localHolidays: z.array(namedDay).default([]),
        /** Extra working days decided locally (rare). */
        localWorkdays: z.array(namedDay).default([]),
      })
      .default({ localHolidays: [], localWorkdays: [] }),
  })
  .superRefine((value, ctx) => {
    const seen = new Map<string, number>();
    value.departments.forEach((department, i) => {
      const first = seen.get(department.code);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['departments', i, 'code'],
          message: `duplicate department code ${department.code} (also departments.${first}.code)`,
        });
      } else seen.set(department.code, i);
    });
  });

export type Jurisdiction = z.infer<typeof jurisdictionSchema>;
export type Department = z.infer<typeof departmentSchema>;
