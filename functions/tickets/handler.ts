// Tickets function: 12345 requests and complaints — filing, following, queues, the centre's board, each
// step of the flow and the dispatch suggestion.
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { ticketsRoutes } from './routes.ts';
import { ticketService } from './wiring.ts';

const tickets = ticketService({ passages: true });

export const handler = httpFunction(
  ticketsRoutes,
  {
    'POST /tickets': ({ principal, body }) => tickets.file(principal, { ...body, anonymous: false }),
    'POST /tickets/anonymous': ({ body }) => tickets.file(undefined, { ...body, anonymous: true }),
    'GET /tickets/{ticketNumber}/progress': ({ params, query }) =>
      tickets.progress(params.ticketNumber, query.queryCode),
    'GET /tickets/{ticketNumber}': ({ params, principal }) => tickets.get(params.ticketNumber, principal),
    'GET /tickets/{ticketNumber}/history': ({ params, principal }) =>
      tickets.history(params.ticketNumber, principal),
    'GET /tickets': ({ principal, query }) => tickets.list(principal, query.status),
    'GET /tickets/board': ({ principal }) => tickets.board(principal),
    'POST /tickets/{ticketNumber}/dispatch': ({ params, principal, body }) =>
      tickets.step(params.ticketNumber, principal, { step: 'dispatch', ...body }),
    'POST /tickets/{ticketNumber}/sign': ({ params, principal }) =>
      tickets.step(params.ticketNumber, principal, { step: 'sign' }),
    'POST /tickets/{ticketNumber}/send-back': ({ params, principal, body }) =>
      tickets.step(params.ticketNumber, principal, { step: 'send-back', ...body }),
    'POST /tickets/{ticketNumber}/assist-sign': ({ params, principal }) =>
      tickets.step(params.ticketNumber, principal, { step: 'assist-sign' }),
    'POST /tickets/{ticketNumber}/contribution': ({ params, principal, body }) =>
      tickets.step(params.ticketNumber, principal, { step: 'contribute', ...body }),
    'POST /tickets/{ticketNumber}/extension': ({ params, principal, body }) =>
      tickets.step(params.ticketNumber, principal, { step: 'request-extension', ...body }),
    'POST /tickets/{ticketNumber}/extension/decision': ({ params, principal, body }) =>
      tickets.step(params.ticketNumber, principal, { step: 'decide-extension', ...body }),
    'POST /tickets/{ticketNumber}/reply': ({ params, principal, body }) =>
      tickets.step(params.ticketNumber, principal, { step: 'reply', ...body }),
    'POST /tickets/{ticketNumber}/visit': ({ params, principal, body }) =>
      tickets.step(params.ticketNumber, principal, { step: 'visit', ...body }),
    'POST /tickets/{ticketNumber}/reopen': ({ params, principal, body }) =>
      tickets.step(params.ticketNumber, principal, { step: 'reopen', ...body }),
    'POST /tickets/{ticketNumber}/close': ({ params, principal, body }) =>
      tickets.step(params.ticketNumber, principal, { step: 'close', ...body }),
    'POST /tickets/suggestion': ({ body }) => tickets.suggest(body.text),
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
);
