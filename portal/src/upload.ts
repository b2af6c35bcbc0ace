// 上传材料: a file goes straight from the browser to the materials bucket with the presigned PUT that
// POST /uploads grants for its type and size. XMLHttpRequest rather than fetch, because only it reports
// how much of the body has been sent.
import { send } from './api.ts';

/** What the API accepts: PDF, OFD (China's e-document format), JPEG and PNG, at most 20 MB. */
const types: Record<string, string> = {
  pdf: 'application/pdf',
  ofd: 'application/ofd',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};
export const acceptedFiles = Object.keys(types)
  .map((ext) => `.${ext}`)
  .join(',');
const maxBytes = 20 * 1024 * 1024;

export type UploadProblem = 'type' | 'size' | 'failed';

/** Uploads `file`, telling `progress` the fraction sent so far; the key to cite, or why not. */
export const uploadFile = async (
  file: File,
  progress: (fraction: number) => void,
): Promise<{ key: string } | { problem: UploadProblem }> => {
  const contentType = types[file.name.split('.').pop()?.toLowerCase() ?? ''];
  if (!contentType) return { problem: 'type' };
  if (file.size === 0 || file.size > maxBytes) return { problem: 'size' };
  const grant = await send<{ url: string; headers: Record<string, string>; key: string }>(
    'POST',
    '/uploads',
    { contentType, size: file.size },
  );
  if (!grant.ok) return { problem: 'failed' };
  const sent = await new Promise<boolean>((resolve) => {
    const request = new XMLHttpRequest();
    request.open('PUT', grant.value.url);
    // The browser sets content-length itself (and refuses to be told).
    for (const [name, value] of Object.entries(grant.value.headers))
      if (name.toLowerCase() !== 'content-length') request.setRequestHeader(name, value);
    request.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    request.onload = () => resolve(request.status >= 200 && request.status < 300);
    request.onerror = () => resolve(false);
    request.onabort = () => resolve(false);
    request.send(file);
  });
  if (!sent) return { problem: 'failed' };
  progress(1);
  return { key: grant.value.key };
};
