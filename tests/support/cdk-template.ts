// What the CDK tests expect of templates in more than one file.

/** A bucket's public access block with every switch on. */
export const publicAccessBlocked = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};
