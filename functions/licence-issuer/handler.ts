// Licence-issuer function: the review state machine's Issue state and the ticket state machine's Reissue
// state. When a case is approved it seals the credential, renders the PDF and, where the deployment has an
// SM2 seal key (the China Regions, and the local cloud), the OFD sealed with the issuing department's
// electronic seal, and records the licence — once per case, however often the state retries — and answers
// the licence id the Complete state records on the case (null when the item issues none). When the issuing
// department corrects a licence after a data dispute (数据异议), it issues the corrected licence that
// replaces the disputed one, in the same forms, once per ticket.
import middy from '@middy/core';
import * as z from 'zod';
import { caseNumberSchema } from '../../shared/cases/case-number.ts';
import { ticketNumberSchema } from '../../shared/tickets.ts';
import { dynamo } from '../lib/dynamo.ts';
import { isBound, resource } from '../lib/env.ts';
import { logger } from '../lib/logger.ts';
import { renderLicenceOfd } from '../licences/ofd.ts';
import { renderLicencePdf } from '../licences/pdf.ts';
import { qrByteCapacity } from '../licences/pdf-qr.ts';
import { sealOfd } from '../licences/seal-wiring.ts';
import { licenceService } from '../licences/wiring.ts';
import { createTicketStore } from '../tickets/store.ts';

const payload = z.discriminatedUnion('action', [
  z.object({ action: z.literal('issue'), caseNumber: caseNumberSchema }),
  z.object({ action: z.literal('reissue'), ticketNumber: ticketNumberSchema }),
]);
const licences = licenceService({
  renderPdf: renderLicencePdf,
  qrCapacity: qrByteCapacity,
  ...(isBound('SM2_SIGNING_KEY_ID') ? { ofd: { render: renderLicenceOfd, seal: sealOfd } } : {}),
});
const tickets = createTicketStore(dynamo(), resource('TABLE_NAME'));

export const handler = middy(async (event: unknown) => {
  const parsed = payload.safeParse(event);
  if (!parsed.success) {
    logger.error('malformed issue payload', { issues: parsed.error.issues.map((i) => i.path.join('.')) });
    throw new Error('Malformed issue payload');
  }
  if (parsed.data.action === 'reissue') {
    const n = parsed.data.ticketNumber;
    const ticket = (await tickets.load(n))?.ticket;
    const resolution = ticket?.resolution;
    if (!ticket?.licenceId || resolution?.outcome !== 'corrected')
      throw new Error(`Ticket ${n} has no corrected licence to re-issue`);
    return licences.reissue(n, ticket.licenceId, resolution.fields);
  }
  const issued = await licences.issue(parsed.data.caseNumber);
  if (!issued.licenceId)
    logger.info('no licence issued', { caseNumber: parsed.data.caseNumber, reason: issued.reason });
  return issued;
});
