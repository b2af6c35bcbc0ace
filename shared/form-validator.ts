// The JSON Schema validator items' forms are written for: 2020-12, the standard formats, and the formats of
// Chinese identifiers (shared/id-number.ts), so an item's schema is checked on write exactly as the
// applications it takes are checked.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { identifierFormats } from './id-number.ts';

export const formValidator = () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  for (const [name, validate] of Object.entries(identifierFormats))
    ajv.addFormat(name, { type: 'string', validate });
  return ajv;
};
