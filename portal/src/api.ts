// Reads the tongban API. The portal is served from the API's origin locally; a deployed portal learns the
// API's origin from index.html's <meta name="tongban-api-origin">, which the stack fills in when it deploys
// the page (the API's endpoint exists only once the stack is deployed, after the build): no extra request
// before the first call. Empty, as locally, the API is on the portal's own origin.
import { useEffect, useState } from 'preact/hooks';
import { pageApiOrigin } from './sign-in-start.ts';

/** The API's origin from the page's meta tag; '' (this origin) when there is none. */
export const apiOrigin = typeof document === 'undefined' ? '' : pageApiOrigin();

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The signed-in person's access token, when there is one (set by session.ts). */
let bearer: (() => Promise<string | undefined>) | undefined;
export const useBearer = (source: () => Promise<string | undefined>) => {
  bearer = source;
};
const authorization = async (): Promise<Record<string, string>> => {
  const token = await bearer?.();
  return token ? { authorization: `Bearer ${token}` } : {};
};

export const getJson = async <T>(path: string, signal?: AbortSignal): Promise<T> => {
  const response = await fetch(`${apiOrigin}${path}`, {
    headers: { accept: 'application/json', ...(await authorization()) },
    signal,
  });
  if (!response.ok) throw new ApiError(response.status, `${path}: ${response.status}`);
  return (await response.json()) as T;
};

/** An API error as the API reports it: field-level details for a 400. */
export interface ApiProblem {
  status: number;
  details: Array<{ path: string; message: string }>;
  /** The API's sentence (for 4xx answers). */
  message?: string;
}

/** GET, POST or PUT with the answer or the problem: forms show problems beside their fields. */
export const send = async <T>(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ ok: true; value: T } | { ok: false; problem: ApiProblem }> => {
  // A file goes as it is, with its own type; anything else as JSON.
  const file = body instanceof Blob;
  try {
    const response = await fetch(`${apiOrigin}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(await authorization()),
        ...(body === undefined ? {} : { 'content-type': file ? body.type : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : file ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (response.ok) return { ok: true, value: parsed as T };
    const error = (parsed as { error?: { message?: string; details?: ApiProblem['details'] } } | undefined)
      ?.error;
    return {
      ok: false,
      problem: { status: response.status, details: error?.details ?? [], message: error?.message },
    };
  } catch {
    return { ok: false, problem: { status: 0, details: [] } };
  }
};

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'failed'; status: number };

/**
 * The API answers a drawn page carries (`<script type="application/json" id="tongban-data">`, by path), or
 * what the pages function draws with. They serve the first drawing only: `releaseCarried` lets them go.
 */
const carried = new Map<string, unknown>(
  typeof document === 'undefined'
    ? []
    : Object.entries(JSON.parse(document.getElementById('tongban-data')?.textContent || '{}') as object),
);

/** The data the pages function draws a page with (it renders on the server, where no request is made). */
export const carryData = (data: Record<string, unknown>) => {
  carried.clear();
  for (const [path, value] of Object.entries(data)) carried.set(path, value);
};

/** After the first drawing: later visits to a path ask the API again. */
export const releaseCarried = () => carried.clear();

/** GET `path` (again whenever it or `refresh` changes); undefined skips. */
export const useApi = <T>(path: string | undefined, refresh = 0): Loaded<T> => {
  const [loaded, setLoaded] = useState<Loaded<T>>(() =>
    path !== undefined && carried.has(path)
      ? { state: 'ready', value: carried.get(path) as T }
      : { state: 'loading' },
  );
  useEffect(() => {
    if (path === undefined) return;
    // Drawn with the data the page carried: nothing to ask for.
    if (refresh === 0 && carried.has(path)) return;
    const abort = new AbortController();
    setLoaded((was) => (refresh > 0 && was.state === 'ready' ? was : { state: 'loading' }));
    getJson<T>(path, abort.signal)
      .then((value) => setLoaded({ state: 'ready', value }))
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        setLoaded({ state: 'failed', status: error instanceof ApiError ? error.status : 0 });
      });
    return () => abort.abort();
  }, [path, refresh]);
  return loaded;
};

export interface Limit {
  value: number;
  unit: string;
}

export interface ItemSummary {
  code: string;
  type: string;
  name: string;
  department: string;
  departmentName: string;
  typeName: string;
  promisedLimit: Limit;
  onSiteVisits: number;
  fullyOnline: boolean;
}

export interface Topic {
  id: string;
  name: string;
  description: string;
  items: ItemSummary[];
}

export interface Bundle {
  code: string;
  name: string;
  description: string;
  itemCodes: string[];
}

export interface Department {
  code: string;
  name: string;
  nameEn?: string;
  phone?: string;
}

export interface JurisdictionProfile {
  id: string;
  name: { zh: string; en: string; bo?: string };
  /** IANA time zone of the jurisdiction, e.g. Asia/Shanghai. */
  timezone?: string;
  languages?: Array<'bo'>;
  departments: Department[];
}

export interface SearchHit {
  code: string;
  name: string;
  departmentName: string;
  matched: string;
  highlight: string;
}

export interface Material {
  id: string;
  name: string;
  required: boolean;
  form: string;
  originals: number;
  copies: number;
  licenceType?: string;
  commitmentAllowed?: boolean;
  deferrable?: boolean;
}

/** An item as `GET /items/{code}` answers: the full record, without the list's derived names. */
export interface Item extends Omit<ItemSummary, 'departmentName' | 'typeName'> {
  type: string;
  version: number;
  handlingForms: string[];
  formSchema: Record<string, unknown>;
  implementingBody: { name: string };
  channels?: { fullyOnline?: boolean; appointment?: boolean; homeVisit?: boolean; courierDelivery?: boolean };
  result?: { name: string; type: string };
  statutoryLimit: Limit;
  fees: { free: true } | { free: false; items: Array<{ name: string; standard: string; basis: string }> };
  acceptanceConditions: string[];
  materials: Material[];
  processSteps: Array<{ name: string; description: string }>;
  legalBasis: Array<{ name: string; article?: string }>;
  faqs: Array<{ q: string; a: string }>;
  venue?: string;
  officeHours?: string;
  consultationPhone?: string;
  complaintPhone?: string;
}

/** Whether the item mails its result (邮寄送达): the courier channel is open and the result is on paper. */
export const offersCourier = (item: Pick<Item, 'channels' | 'result'>) =>
  Boolean(item.channels?.courierDelivery) && item.result !== undefined && item.result.type !== 'other';

/** Whether the item takes applications online (网上申请), as its handling forms say. */
export const appliesOnline = (item: Pick<Item, 'handlingForms'>) =>
  item.handlingForms.includes('online') || item.handlingForms.includes('mobile');
