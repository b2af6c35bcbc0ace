// The one list of the platform's functions: entry module, routes, and the resources each may touch. The CDK
// stack turns a binding into an environment variable *and* the matching IAM grant; the local cloud reads the
// same list to route requests and set the same variables. Add a capability here and both follow. Event
// subscriptions (`subscriptions`) and the table stream's consumer (`tableStream`) are declared here too:
// the stack makes the rules, queues and stream mapping from them, the local cloud routes the same way.

import { answersRoutes } from './answers/routes.ts';
import { appointmentsRoutes } from './appointments/routes.ts';
import { caseHandlingRoutes } from './case-handling/routes.ts';
import { casesRoutes } from './cases/routes.ts';
import { catalogueRoutes } from './catalogue/routes.ts';
import { catalogueAdminRoutes } from './catalogue-admin/routes.ts';
import { deliveryRoutes } from './delivery/routes.ts';
import { deliverySubscriptions } from './delivery/subscriptions.ts';
import { outboxStreamFilter } from './lib/outbox.ts';
import type { RouteTable } from './lib/route.ts';
import type { EventPattern, SubscriptionTable } from './lib/subscription.ts';
import { licenceFontFiles } from './licences/font-files.ts';
import { licencesRoutes } from './licences/routes.ts';
import { notificationsRoutes } from './notifications/routes.ts';
import { notifierSubscriptions } from './notifier/subscriptions.ts';
import { pagesRoutes } from './pages/routes.ts';
import { paymentsRoutes } from './payments/routes.ts';
import { paymentsSubscriptions } from './payments/subscriptions.ts';
import { platformRoutes } from './platform/routes.ts';
import { ratingsRoutes } from './ratings/routes.ts';
import { sealsRoutes } from './seals/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { signInRoutes } from './sign-in/routes.ts';
import { staffGrantsRoutes } from './staff-grants/routes.ts';
import { ticketsRoutes } from './tickets/routes.ts';
import { unresolvedSubscriptions } from './unresolved/subscriptions.ts';
import { verificationRoutes } from './verification/routes.ts';
import { workflowFollowUpSubscriptions } from './workflow-follow-up/subscriptions.ts';

/** What a function may touch. Read-only bindings get read-only grants. */
export type Binding =
  | 'table:read'
  | 'table:write'
  | 'licences:read'
  | 'licences:write'
  | 'assets:read'
  | 'assets:write'
  | 'materials:read'
  | 'materials:write'
  | 'workflow:start'
  | 'ticket-workflow:start'
  | 'workflow:callback'
  | 'seal:sign'
  | 'sm2-seal:sign'
  | 'tokens:sign'
  | 'personal-data:seal'
  | 'personal-data:open'
  | 'identity:secrets'
  | 'messaging:secrets'
  | 'courier:secrets'
  | 'payment:secrets'
  | 'events:put'
  | 'stream:read';

export interface FunctionSpec {
  /** Short kebab-case name; deployed as `tongban-<jurisdiction>-<name>`. */
  name: string;
  description: string;
  /** Module (from the project root) exporting `handler`. */
  entry: string;
  routes?: RouteTable;
  /** Answers requests no route matches (API Gateway's `$default`), so unknown paths get a JSON 404. */
  defaultRoute?: boolean;
  bindings: readonly Binding[];
  /** Domain events the function consumes, each through a queue of its own (see lib/subscription.ts). */
  subscriptions?: SubscriptionTable;
  /** The function is fed by the table's stream, with the records this filter passes (binds stream:read). */
  tableStream?: { filter: EventPattern; batchSize: number };
  /**
   * Invoked on a schedule (an EventBridge schedule rule in the stack, a timer locally) with EventBridge's
   * `Scheduled Event`; `rate(n minutes)` only, so both read it alike.
   */
  schedule?: { rate: `rate(${number} minutes)`; description: string };
  memoryMb?: number;
  timeoutSeconds?: number;
  /**
   * Built with the portal's shell compiled in (`PORTAL_SHELL`: the built index.html with its stylesheet
   * inlined), so the pages it draws belong to the build the portal deploys.
   */
  portalShell?: boolean;
  /** Keep class and function names through minification (a library that looks its classes up by name). */
  keepNames?: boolean;
  /**
   * Files the bundle cannot inline (fonts), as package subpaths: copied into the function's asset under
   * `node_modules/<subpath>` with their package.json, where Node's module resolution finds them.
   */
  assets?: readonly string[];
}

export const functionSpecs: readonly FunctionSpec[] = [
  {
    name: 'platform',
    description: 'Health, jurisdiction profile, OpenAPI document and unknown routes',
    entry: 'functions/platform/handler.ts',
    routes: platformRoutes,
    defaultRoute: true,
    // The published holiday arrangements, for the profile's working-day calendar.
    bindings: ['table:read'],
  },
  {
    name: 'pages',
    description:
      "The portal's pages as HTML: the home page and guides drawn with their data, the shell for the rest",
    entry: 'functions/pages/handler.ts',
    routes: pagesRoutes,
    portalShell: true,
    // Items, topics and bundles, and the published holiday arrangements for the profile's calendar.
    bindings: ['table:read'],
  },
  {
    name: 'catalogue',
    description: 'Service catalogue: items and guides, versions, topics, bundles, related items',
    entry: 'functions/catalogue/handler.ts',
    routes: catalogueRoutes,
    bindings: ['table:read'],
  },
  {
    name: 'search',
    description: 'Catalogue search over the in-memory index loaded from the latest snapshot',
    entry: 'functions/search/handler.ts',
    routes: searchRoutes,
    bindings: ['assets:read'],
    memoryMb: 1024,
  },
  {
    name: 'answers',
    description: '智能问答: questions answered from the passages of the published guides',
    entry: 'functions/answers/handler.ts',
    routes: answersRoutes,
    bindings: ['assets:read'],
    memoryMb: 512,
  },
  {
    name: 'catalogue-admin',
    description: 'Catalogue administration: drafts, publication, retirement, imports',
    entry: 'functions/catalogue-admin/handler.ts',
    routes: catalogueAdminRoutes,
    bindings: ['table:write', 'assets:write'],
    memoryMb: 1024,
    // API Gateway ends an HTTP integration at 30 s; past that a client would see 503 while the import ran on.
    timeoutSeconds: 29,
  },
  {
    name: 'cases',
    description: 'Applications: uploads, apply, follow, supplement, withdraw; case reading and history',
    entry: 'functions/cases/handler.ts',
    routes: casesRoutes,
    // Withdrawal stops the running review (workflow:start also grants stopping this machine's executions).
    // Seals the ID numbers and sensitive fields of applications; never opens them.
    bindings: ['table:write', 'materials:write', 'workflow:start', 'personal-data:seal'],
    memoryMb: 512,
  },
  {
    name: 'case-handling',
    description: 'Acceptance, extensions, special procedures, supervision, department tasks and decisions',
    entry: 'functions/case-handling/handler.ts',
    routes: caseHandlingRoutes,
    bindings: ['table:write', 'workflow:start', 'workflow:callback'],
    memoryMb: 512,
  },
  {
    name: 'case-workflow',
    description: "The review state machine's callbacks: plan stages, register tasks, flag overdue, complete",
    entry: 'functions/case-workflow/handler.ts',
    bindings: ['table:write', 'workflow:callback'],
    memoryMb: 512,
  },
  {
    name: 'licence-issuer',
    description:
      "The review workflow's Issue state: seals the e-licence of an approved case, renders its PDF",
    entry: 'functions/licence-issuer/handler.ts',
    // Opens the applicant's ID number: a licence names its holder by it.
    bindings: ['table:write', 'licences:write', 'seal:sign', 'sm2-seal:sign', 'personal-data:open'],
    assets: licenceFontFiles,
    memoryMb: 1024,
    timeoutSeconds: 60,
  },
  {
    name: 'licences',
    description: 'E-licence wallet, logged reads by the offices of a citing case, status changes',
    entry: 'functions/licences/handler.ts',
    routes: licencesRoutes,
    // Finds a holder's licences by the blind index of their number (and keeps a row sealed when its
    // status changes); never opens a holder's number. The credential is read from the licence bucket.
    bindings: ['table:write', 'licences:read', 'personal-data:seal'],
    memoryMb: 512,
  },
  {
    name: 'verification',
    description: 'Public verification of e-licences, the seal JWKS and the signed status lists',
    entry: 'functions/verification/handler.ts',
    routes: verificationRoutes,
    // Verifying by a licence's id or QR reference reads its credential from the licence bucket.
    bindings: ['table:read', 'seal:sign', 'licences:read'],
    memoryMb: 512,
  },
  {
    name: 'sign-in',
    description:
      "OpenID Provider the API trusts, brokering the jurisdiction's identity providers (province SSO, OIDC)",
    entry: 'functions/sign-in/handler.ts',
    routes: signInRoutes,
    // Its artefacts and accounts in the table; its tokens signed by the KMS token key; upstream secrets.
    bindings: ['table:write', 'tokens:sign', 'identity:secrets'],
    memoryMb: 512,
    // oidc-provider finds its models by their class names.
    keepNames: true,
  },
  {
    name: 'staff-grants',
    description:
      "Administrators grant and revoke staff roles; each account's grants are a hash-chained journal",
    entry: 'functions/staff-grants/handler.ts',
    routes: staffGrantsRoutes,
    bindings: ['table:write'],
  },
  {
    name: 'notifications',
    description: "The signed-in person's messages, read marks and SMS preference",
    entry: 'functions/notifications/handler.ts',
    routes: notificationsRoutes,
    bindings: ['table:write'],
  },
  {
    name: 'ratings',
    description: '好差评 ratings of concluded cases, rectification of bad reviews, public statistics',
    entry: 'functions/ratings/handler.ts',
    routes: ratingsRoutes,
    // The SMS provider's access key secret: it checks the signature of a pushed reply and answers one.
    bindings: ['table:write', 'messaging:secrets'],
    schedule: {
      rate: 'rate(60 minutes)',
      description: 'Raises each rectification past the deadline of its return call or rectification, once',
    },
  },
  {
    name: 'payments',
    description:
      '统一支付: the charge step of the review, orders, provider callbacks, refunds, receipts, reconciliation',
    entry: 'functions/payments/handler.ts',
    routes: paymentsRoutes,
    // Orders, the ledger and the case; the workflow's charge token; the seal for receipts; the merchant key;
    // the SM2 seal and the licence bucket for the OFD receipt, set in the licences' fonts.
    bindings: [
      'table:write',
      'workflow:callback',
      'seal:sign',
      'payment:secrets',
      'sm2-seal:sign',
      'licences:write',
    ],
    assets: licenceFontFiles,
    // A case withdrawn or denied after its fee was paid: the order is refunded in full.
    subscriptions: paymentsSubscriptions,
    schedule: {
      rate: 'rate(15 minutes)',
      description: 'Closes orders unpaid past their deadline, resends approved refunds, reconciles yesterday',
    },
    memoryMb: 512,
  },
  {
    name: 'seals',
    description:
      "电子印章: certificate requests for the SM2 key, departments' seals and certificates, trusted roots",
    entry: 'functions/seals/handler.ts',
    routes: sealsRoutes,
    // Signs certificate requests with the SM2 key; checks imported certificates against its public half.
    bindings: ['table:write', 'sm2-seal:sign'],
  },
  {
    name: 'tickets',
    description:
      '12345 诉求工单: filing, following, queues, the board, dispatch with its suggestion, every step',
    entry: 'functions/tickets/handler.ts',
    routes: ticketsRoutes,
    // Tickets and their history; the knowledge base's passages for the suggestion; each ticket's workflow
    // started and woken through its callback token. A hotline caller's mobile is sealed when filed and
    // opened for the units that must call back.
    bindings: [
      'table:write',
      'assets:read',
      'ticket-workflow:start',
      'workflow:callback',
      'personal-data:open',
    ],
    memoryMb: 512,
  },
  {
    name: 'ticket-workflow',
    description:
      "The ticket state machine's callbacks: plan the next timer, keep the token, 催办 and 督办, close",
    entry: 'functions/ticket-workflow/handler.ts',
    bindings: ['table:write', 'workflow:callback'],
  },
  {
    name: 'appointments',
    description:
      '预约 and 上门办: slots, booking within capacity, moving, cancelling, the window’s day, arrivals and no-shows',
    entry: 'functions/appointments/handler.ts',
    routes: appointmentsRoutes,
    schedule: { rate: 'rate(15 minutes)', description: 'Sends the reminders of the next day’s appointments' },
    // Appointments, slot counters and no-shows; items, cases and the calendar read from the same table.
    // Seals a home visit's street, phone and note; opens them for the booker and the visiting team.
    bindings: ['table:write', 'personal-data:open'],
  },
  {
    name: 'notifier',
    description:
      'Tells applicants of each step of their cases (an inbox message and an SMS from its template), and staff of 催办, 督办, red and yellow cards and overdue rectifications in their inbox',
    entry: 'functions/notifier/handler.ts',
    subscriptions: notifierSubscriptions,
    schedule: { rate: 'rate(5 minutes)', description: 'Sends the SMS held through the quiet hours' },
    // Cases, profiles and staff grants to read, its messages to write; the SMS provider's access key secret.
    bindings: ['table:write', 'messaging:secrets'],
  },
  {
    name: 'event-relay',
    description: "Puts the domain events of each committed change (the outbox) on the jurisdiction's bus",
    entry: 'functions/event-relay/handler.ts',
    bindings: ['stream:read', 'events:put'],
    tableStream: { filter: outboxStreamFilter, batchSize: 100 },
  },
  {
    name: 'unresolved',
    description: '办不成事: refusals, denials, overdue cases and bad reviews into the day’s record',
    entry: 'functions/unresolved/handler.ts',
    subscriptions: unresolvedSubscriptions,
    // Reads the case and its rating for the reasons; writes the day's rows.
    bindings: ['table:write'],
  },
  {
    name: 'workflow-follow-up',
    description:
      'Repeats acceptances, decisions and withdrawals to the review workflow until it hears them; raises yellow cards',
    entry: 'functions/workflow-follow-up/handler.ts',
    subscriptions: workflowFollowUpSubscriptions,
    schedule: {
      rate: 'rate(60 minutes)',
      description: 'Raises the yellow card of each open case that has come near its due date, once',
    },
    // Stopping a withdrawn case's review needs workflow:start (it grants stopping this machine's executions).
    bindings: ['table:write', 'workflow:start', 'workflow:callback'],
  },
  {
    name: 'delivery',
    description:
      '物流寄递: pick-up or courier delivery, waybills for approved results, tracking callbacks, mailed-in materials',
    entry: 'functions/delivery/handler.ts',
    routes: deliveryRoutes,
    subscriptions: deliverySubscriptions,
    // Cases to read and change; the courier's app secret (signing waybill requests, checking callbacks).
    // Seals the mobile and street of a delivery address, and opens them for the courier's waybill only.
    bindings: ['table:write', 'courier:secrets', 'personal-data:open'],
  },
  {
    name: 'personal-data-migration',
    description:
      'Seals personal data stored before it was sealed (cases, licences): run by the stack on every deploy',
    entry: 'functions/personal-data-migration/handler.ts',
    // Reads and rewrites rows; seals and indexes with the personal-data key, never opens a value.
    bindings: ['table:write', 'personal-data:seal'],
    memoryMb: 512,
    // Each call works ten minutes at most and keeps its place; Lambda allows fifteen.
    timeoutSeconds: 900,
  },
];

/** The variables through which bindings name resources; `functions/lib/env.ts` reads exactly these. */
export type ResourceVariable =
  | 'TABLE_NAME'
  | 'LICENCE_BUCKET_NAME'
  | 'ASSET_BUCKET_NAME'
  | 'MATERIALS_BUCKET_NAME'
  | 'STATE_MACHINE_ARN'
  | 'TICKET_STATE_MACHINE_ARN'
  | 'SIGNING_KEY_ID'
  | 'SM2_SIGNING_KEY_ID'
  | 'TOKEN_KEY_ID'
  | 'PERSONAL_DATA_KEY_ID'
  | 'SECRET_PARAMETER_PREFIX'
  | 'EVENT_BUS_NAME';

/** Environment variable each binding sets (several bindings may share one). */
export const bindingVariables: Record<Binding, ResourceVariable | undefined> = {
  'table:read': 'TABLE_NAME',
  'table:write': 'TABLE_NAME',
  'licences:read': 'LICENCE_BUCKET_NAME',
  'licences:write': 'LICENCE_BUCKET_NAME',
  'assets:read': 'ASSET_BUCKET_NAME',
  'assets:write': 'ASSET_BUCKET_NAME',
  'materials:read': 'MATERIALS_BUCKET_NAME',
  'materials:write': 'MATERIALS_BUCKET_NAME',
  'workflow:start': 'STATE_MACHINE_ARN',
  'ticket-workflow:start': 'TICKET_STATE_MACHINE_ARN',
  'workflow:callback': undefined,
  'seal:sign': 'SIGNING_KEY_ID',
  'sm2-seal:sign': 'SM2_SIGNING_KEY_ID',
  'tokens:sign': 'TOKEN_KEY_ID',
  // Seal: new data keys and the blind-index secret only; open: also decrypt the sealed fields' data keys.
  'personal-data:seal': 'PERSONAL_DATA_KEY_ID',
  'personal-data:open': 'PERSONAL_DATA_KEY_ID',
  'identity:secrets': 'SECRET_PARAMETER_PREFIX',
  'messaging:secrets': 'SECRET_PARAMETER_PREFIX',
  'courier:secrets': 'SECRET_PARAMETER_PREFIX',
  'payment:secrets': 'SECRET_PARAMETER_PREFIX',
  'events:put': 'EVENT_BUS_NAME',
  // The stream reaches its consumer through the event source mapping, not through a name.
  'stream:read': undefined,
};

/** Variables every function gets whatever it binds. */
export const baseEnvironment = { POWERTOOLS_SERVICE_NAME: 'tongban', POWERTOOLS_LOG_LEVEL: 'INFO' } as const;

/**
 * The environment a function runs with: the base variables and one variable per resource it binds, nothing
 * else. The CDK stack sets exactly this on the Lambda function (with CloudFormation references as values);
 * the local cloud gives exactly this to the function's sandbox (with the local names), and the bundle
 * benchmark to the bundle it imports. A resource the function does not bind is simply absent, so using it
 * fails with env.ts's message in AWS and locally alike.
 */
export const functionEnvironment = (
  spec: Pick<FunctionSpec, 'bindings'>,
  resources: Record<ResourceVariable, string>,
): Record<string, string> => {
  const env: Record<string, string> = { ...baseEnvironment };
  for (const binding of spec.bindings) {
    const variable = bindingVariables[binding];
    // An empty value is a resource this deployment lacks (the SM2 key outside the China Regions).
    if (variable && resources[variable]) env[variable] = resources[variable];
  }
  return env;
};

/**
 * Step Functions state machines: an ASL file in `statemachines/` and, for each `${Placeholder}` in it, the
 * manifest function whose ARN replaces it (in AWS by CDK substitutions, locally by the local cloud).
 */
/**
 * Service-integration ARNs (`arn:<partition>:states:::lambda:invoke.waitForTaskToken`) must name the
 * partition, which is `aws-cn` in China: definitions write `${Partition}` and get the deploying one.
 */
export const partitionPlaceholder = 'Partition';

export interface StateMachineSpec {
  name: string;
  file: string;
  functionArns: Record<string, string>;
  /** The binding that starts its executions (`workflow:start` unless said). */
  startBinding?: StartBinding;
}

/** Bindings that start (and stop) the executions of one state machine each. */
export type StartBinding = Extract<Binding, 'workflow:start' | 'ticket-workflow:start'>;
export const startBindings: readonly StartBinding[] = ['workflow:start', 'ticket-workflow:start'];
/** The variable naming the state machine a start binding refers to. */
export const startBindingVariable: Record<StartBinding, ResourceVariable> = {
  'workflow:start': 'STATE_MACHINE_ARN',
  'ticket-workflow:start': 'TICKET_STATE_MACHINE_ARN',
};

export const stateMachineSpecs: readonly StateMachineSpec[] = [
  {
    name: 'case-review',
    file: 'statemachines/case-review.asl.json',
    functionArns: {
      CaseWorkflowFunctionArn: 'case-workflow',
      LicenceIssuerFunctionArn: 'licence-issuer',
      PaymentsFunctionArn: 'payments',
    },
  },
  {
    name: 'ticket',
    file: 'statemachines/ticket.asl.json',
    functionArns: {
      TicketWorkflowFunctionArn: 'ticket-workflow',
      LicenceIssuerFunctionArn: 'licence-issuer',
    },
    startBinding: 'ticket-workflow:start',
  },
];

export const httpRoutes = () =>
  functionSpecs.flatMap((spec) =>
    Object.entries(spec.routes ?? {}).map(([key, route]) => ({ key: key as keyof RouteTable, route, spec })),
  );

/** Every subscription of the given functions, with the function it feeds; names must be unique. */
export const eventSubscriptions = (specs: readonly FunctionSpec[] = functionSpecs) => {
  const all = specs.flatMap((spec) =>
    Object.entries(spec.subscriptions ?? {}).map(([name, def]) => ({ name, ...def, spec })),
  );
  const seen = new Set<string>();
  for (const { name } of all) {
    if (seen.has(name)) throw new Error(`Two subscriptions are named ${name}`);
    seen.add(name);
  }
  return all;
};
