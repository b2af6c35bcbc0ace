// 申请材料 applicants' uploaded materials: browsers PUT them straight to the materials bucket with presigned
// URLs and read them back with presigned GETs, so the bucket must answer CORS. The one rule, applied by the
// stack in AWS and by the local cloud to its S3 emulator. Any origin may: the presigned URL, short-lived and
// signed for one key and method, is the authorisation, and an origin list would add nothing to it.
export const materialCors = {
  allowedMethods: ['PUT', 'GET'],
  allowedOrigins: ['*'],
  allowedHeaders: ['content-type', 'content-length'],
  maxAgeSeconds: 3000,
} as const;
