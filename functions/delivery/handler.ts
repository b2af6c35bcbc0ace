// Delivery function: the routes of ./routes.ts, and the consumer that hands an approved case's result to
// the courier (queue-fed by the manifest's subscription). Its adapters are built once per container from
// the jurisdiction's courier config; the app secret is read from the secret store on first use.
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { conflict, issuesToDetails, unauthenticated, validationFailed } from '../../shared/errors.ts';
import { caseContext } from '../cases/service.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { eventFunction, subscribedEvents } from '../lib/event-function.ts';
import { httpFunction } from '../lib/http.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { secretSource } from '../sign-in/secrets.ts';
import { httpsCourier, signatureValid, trackingCallbackSchema, trackingEventOf } from './courier.ts';
import { deliveryRoutes } from './routes.ts';
import { createDelivery } from './service.ts';
import { deliveryTypes } from './subscriptions.ts';

const config = jurisdiction.delivery?.courier;
const secrets = secretSource(() => resource('SECRET_PARAMETER_PREFIX'));
const appSecret = () => secrets(config!.appSecret);
const ctx = caseContext();
const delivery = createDelivery(
  ctx,
  config
    ? httpsCourier({
        name: config.name,
        // The local cloud points the courier's address at its own (as a test double of the network).
        endpoint: process.env.COURIER_ENDPOINT_URL ?? config.endpoint,
        appKey: config.appKey,
        appSecret,
        now: () => clock.now(),
      })
    : undefined,
);

const http = httpFunction(
  deliveryRoutes,
  {
    'PUT /cases/{caseNumber}/delivery': ({ params, principal, body }) =>
      delivery.choose(params.caseNumber, principal, body),
    'GET /cases/{caseNumber}/delivery': ({ params, principal }) =>
      delivery.read(params.caseNumber, principal),
    'POST /courier/tracking': async ({ headers, rawBody }) => {
      const body = rawBody ?? '';
      if (
        !config ||
        !signatureValid(headers, body, { appKey: config.appKey, secret: await appSecret() }, clock.now())
      )
        throw unauthenticated('The callback is not signed by the courier.');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw validationFailed([{ path: 'body', message: 'JSON' }]);
      }
      const parsed = trackingCallbackSchema.safeParse(json);
      if (!parsed.success)
        throw validationFailed(
          issuesToDetails(parsed.error.issues).map((d) => ({ ...d, path: `body.${d.path}` })),
        );
      const results = [];
      // In the order given; each event stands alone, so one for an unknown waybill does not stop the rest.
      for (const e of parsed.data.events)
        results.push({
          eventId: e.eventId,
          result: await delivery.track(e.orderId, e.waybillNo, trackingEventOf(e)),
        });
      // A waybill the case is about to record: the courier sends the batch again (known events are kept once).
      if (results.some((r) => r.result === 'not yet'))
        throw conflict('A waybill of this batch is not recorded on its case yet: send the batch again.');
      return { results };
    },
    'POST /cases/{caseNumber}/mailed-materials': ({ params, principal, body }) =>
      delivery.recordMailed(params.caseNumber, principal, body),
    'POST /cases/{caseNumber}/pickup': ({ params, principal, body }) =>
      delivery.handOver(params.caseNumber, principal, body),
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
);

const onEvent = eventFunction({ consumer: 'delivery', schema: subscribedEvents(deliveryTypes) }, (event) =>
  delivery.dispatch(event.detail.caseNumber),
);

const sqsEvent = z.object({ Records: z.array(z.unknown()) });

export const handler = async (event: unknown, context: Context) =>
  sqsEvent.safeParse(event).success ? onEvent(event, context) : http(event as never, context as never);
