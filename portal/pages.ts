// The portal's page paths, which the API does not use: the local gateway (and CloudFront in the stack)
// answers them with the portal's index.html, and every other path goes to the API.
export const portalPagePattern =
  /^\/(?:$|find$|guide\/[^/]+$|topic\/[^/]+$|departments$|department\/[^/]+$|one-thing\/[^/]+$|track$|check$|signed-in$|my-cases$|wallet$|inbox$|ratings$|apply\/[^/]+$|case\/[^/]+$|requests$|request\/[^/]+$|work(?:\/[^?#]*)?$)/;
