// The portal on the local cloud: built with Vite from portal/; the gateway serves its /assets/ from the build
// (the pages are the pages function's), and gives every portal response the security headers and the
// compression the stack's CloudFront distribution gives them.

import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { portalSecurityHeaders as securityHeaders } from '../../portal/security-headers.ts';

export { buildPortal, defaultPortalDir, portalRoot } from '../portal-build.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** What the portal's responses carry locally: the stack's headers, with the API on the portal's origin. */
export const portalSecurityHeaders = securityHeaders();

export interface PortalResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The portal's answer to a GET or HEAD of `path` under /assets/, or undefined for any other path. `headers`
 * are the security headers to send.
 */
export const servePortal = async (
  dir: string,
  method: string,
  path: string,
  headers: Record<string, string> = portalSecurityHeaders,
): Promise<PortalResponse | undefined> => {
  if ((method !== 'GET' && method !== 'HEAD') || !path.startsWith('/assets/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { status: 404, headers, body: Buffer.from('Not Found') };
  }
  const relative = normalize(decoded).replace(/^\/+/, '');
  if (!relative.startsWith('assets/') || relative.includes('..')) return undefined;
  const file = join(dir, relative);
  const body = await readFile(file).catch(() => undefined);
  if (!body) return { status: 404, headers, body: Buffer.from('Not Found') };
  return {
    status: 200,
    headers: {
      ...headers,
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      // Hashed names: a new build has new names.
      'cache-control': 'public, max-age=31536000, immutable',
    },
    body,
  };
};

/** Types CloudFront compresses, from 1,000 bytes up. */
const compressible = /^(?:text\/|application\/(?:json|javascript)|image\/svg\+xml)/;

/**
 * The body as CloudFront would send it to a browser accepting `acceptEncoding`: Brotli or gzip for text of
 * 1,000 bytes and more, with the headers that say so.
 */
export const compressForViewer = (
  body: Buffer,
  contentType: string,
  acceptEncoding = '',
): { body: Buffer; headers: Record<string, string> } => {
  if (body.length < 1000 || !compressible.test(contentType)) return { body, headers: {} };
  const accepted = acceptEncoding.split(',').map((e) => e.trim().split(';')[0]);
  const vary = { vary: 'accept-encoding' };
  if (accepted.includes('br'))
    return {
      body: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
      headers: { 'content-encoding': 'br', ...vary },
    };
  if (accepted.includes('gzip'))
    return { body: gzipSync(body), headers: { 'content-encoding': 'gzip', ...vary } };
  return { body, headers: vary };
};
