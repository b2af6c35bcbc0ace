// Configuration is read once, at cold start, and fails fast. The jurisdiction's config is baked into each
// bundle at build time (esbuild `define`) so a function never fetches it; the local cloud sets the same
// variable. Resource names arrive as environment variables set by the stack from the manifest bindings.
import * as z from 'zod';
import { type Jurisdiction, jurisdictionSchema } from '../../shared/jurisdiction.ts';

const variables = z.object({
  JURISDICTION_CONFIG: z.string({ error: 'JURISDICTION_CONFIG must hold the jurisdiction JSON' }).min(2),
  TABLE_NAME: z.string().min(1).optional(),
  LICENCE_BUCKET_NAME: z.string().min(1).optional(),
  ASSET_BUCKET_NAME: z.string().min(1).optional(),
  MATERIALS_BUCKET_NAME: z.string().min(1).optional(),
  STATE_MACHINE_ARN: z.string().min(1).optional(),
  TICKET_STATE_MACHINE_ARN: z.string().min(1).optional(),
  SIGNING_KEY_ID: z.string().min(1).optional(),
  SM2_SIGNING_KEY_ID: z.string().min(1).optional(),
  TOKEN_KEY_ID: z.string().min(1).optional(),
  PERSONAL_DATA_KEY_ID: z.string().min(1).optional(),
  SECRET_PARAMETER_PREFIX: z.string().min(1).optional(),
  EVENT_BUS_NAME: z.string().min(1).optional(),
});
type Variables = z.infer<typeof variables>;

// Spelled out one by one: `define` replaces these exact expressions at bundle time.
const parsed = variables.parse({
  JURISDICTION_CONFIG: process.env.JURISDICTION_CONFIG,
  TABLE_NAME: process.env.TABLE_NAME,
  LICENCE_BUCKET_NAME: process.env.LICENCE_BUCKET_NAME,
  ASSET_BUCKET_NAME: process.env.ASSET_BUCKET_NAME,
  MATERIALS_BUCKET_NAME: process.env.MATERIALS_BUCKET_NAME,
  STATE_MACHINE_ARN: process.env.STATE_MACHINE_ARN,
  TICKET_STATE_MACHINE_ARN: process.env.TICKET_STATE_MACHINE_ARN,
  SIGNING_KEY_ID: process.env.SIGNING_KEY_ID,
  SM2_SIGNING_KEY_ID: process.env.SM2_SIGNING_KEY_ID,
  TOKEN_KEY_ID: process.env.TOKEN_KEY_ID,
  PERSONAL_DATA_KEY_ID: process.env.PERSONAL_DATA_KEY_ID,
  SECRET_PARAMETER_PREFIX: process.env.SECRET_PARAMETER_PREFIX,
  EVENT_BUS_NAME: process.env.EVENT_BUS_NAME,
});

export const jurisdiction: Jurisdiction = jurisdictionSchema.parse(JSON.parse(parsed.JURISDICTION_CONFIG));

/** The name of a bound resource; a function that was not bound to it fails loudly at first use. */
export const resource = (name: Exclude<keyof Variables, 'JURISDICTION_CONFIG'>): string => {
  const value = parsed[name];
  if (!value)
    throw new Error(`${name} is not set: bind the resource to this function in functions/manifest.ts`);
  return value;
};

/** Whether a resource is bound here: one that exists only in some Regions (the SM2 seal key) may be absent. */
export const isBound = (name: Exclude<keyof Variables, 'JURISDICTION_CONFIG'>): boolean =>
  Boolean(parsed[name]);
