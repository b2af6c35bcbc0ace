// The portal on the local cloud: built with Vite from portal/ and served by the gateway at its page paths
// (portal/pages.ts) and /assets/, with the security headers the stack's CloudFront distribution sends.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { portalPagePattern } from '../../portal/pages.ts';
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
 * The portal's answer to a GET or HEAD of `path`, or undefined when the path belongs to the API. `headers`
 * are the security headers to send: the local cloud's name its S3 endpoint, where materials are uploaded.
 */
export const servePortal = async (
  dir: string,
  method: string,
  path: string,
  headers: Record<string, string> = portalSecurityHeaders,
): Promise<PortalResponse | undefined> => {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  let file: string;
  let cache: string;
  if (portalPagePattern.test(path)) {
    file = join(dir, 'index.html');
    cache = 'no-cache';
  } else if (path.startsWith('/assets/')) {
    const relative = normalize(decodeURIComponent(path)).replace(/^\/+/, '');
    if (!relative.startsWith('assets/') || relative.includes('..')) return undefined;
    file = join(dir, relative);
    // Hashed names: a new build has new names.
    cache = 'public, max-age=31536000, immutable';
  } else {
    return undefined;
  }
  const body = await readFile(file).catch(() => undefined);
  if (!body)
    return path.startsWith('/assets/') ? { status: 404, headers, body: Buffer.from('Not Found') } : undefined;
  return {
    status: 200,
    headers: {
      ...headers,
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': cache,
    },
    body,
  };
};
