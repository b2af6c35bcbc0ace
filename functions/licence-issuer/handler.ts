// Licence-issuer function: the review state machine's Issue state. When a case is approved it seals the
// credential, renders the PDF and, where the deployment has an SM2 seal key (the China Regions, and the
// local cloud), the OFD sealed with the issuing department's electronic seal, and records the licence —
// once per case, however often the state retries — and answers the licence id the Complete state records
// on the case (null when the item issues none).
import middy from '@middy/core';
import * as z from 'zod';
import { caseNumberSchema } from '../../shared/cases/case-number.ts';
import { isBound } from '../lib/env.ts';
import { logger } from '../lib/logger.ts';
import { renderLicenceOfd } from '../licences/ofd.ts';
import { renderLicencePdf } from '../licences/pdf.ts';
import { qrByteCapacity } from '../licences/pdf-qr.ts';
import { sealOfd } from '../licences/seal-wiring.ts';
import { licenceService } from '../licences/wiring.ts';

const payload = z.object({ action: z.literal('issue'), caseNumber: caseNumberSchema });
const licences = licenceService({
  renderPdf: renderLicencePdf,
  qrCapacity: qrByteCapacity,
  ...(isBound('SM2_SIGNING_KEY_ID') ? { ofd: { render: renderLicenceOfd, seal: sealOfd } } : {}),
});

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
