// Licence-issuer function: the review state machine's Issue state. When a case is approved it seals the
// credential, renders the PDF and records the licence — once per case, however often the state retries —
// and answers the licence id the Complete state records on the case (null when the item issues none).
import middy from '@middy/core';
import * as z from 'zod';
import { caseNumberSchema } from '../../shared/cases/case-number.ts';
import { logger } from '../lib/logger.ts';
import { renderLicencePdf } from '../licences/pdf.ts';
import { qrByteCapacity } from '../licences/pdf-qr.ts';
import { licenceService } from '../licences/wiring.ts';

const payload = z.object({ action: z.literal('issue'), caseNumber: caseNumberSchema });
const licences = licenceService({ renderPdf: renderLicencePdf, qrCapacity: qrByteCapacity });

export const handler = middy(async (event: unknown) => {
  const parsed = payload.safeParse(event);
  if (!parsed.success) {
    logger.error('malformed issue payload', { issues: parsed.error.issues.map((i) => i.path.join('.')) });
    throw new Error('Malformed issue payload');
  }
  const issued = await licences.issue(parsed.data.caseNumber);
  if (!issued.licenceId)
    logger.info('no licence issued', { caseNumber: parsed.data.caseNumber, reason: issued.reason });
  return issued;
});
