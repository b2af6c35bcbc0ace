// The portal's page paths, which the API does not use. Each is a route of the pages function (functions/pages),
// which answers with the page's HTML: the home page and guides with their content and data already in it, the
// others with the portal's shell, whose router draws them. The same routes exist locally and in the stack.
export const portalPages = [
  '/',
  '/find',
  '/guide/{code}',
  '/topic/{id}',
  '/departments',
  '/department/{code}',
  '/one-thing/{code}',
  '/track',
  '/check',
  '/signed-in',
  '/my-cases',
  '/wallet',
  '/inbox',
  '/ratings',
  '/apply/{code}',
  '/case/{caseNumber}',
  '/requests',
  '/request/{ticketNumber}',
  '/rate/{visitId}',
  '/book/{code}',
  '/my-appointments',
  '/work',
  '/work/{section+}',
] as const;

export type PortalPage = (typeof portalPages)[number];

/** Whether `path` is one of the portal's pages. */
export const portalPagePattern = new RegExp(
  `^(?:${portalPages
    .map((page) => page.replace(/\{\w+\+\}/g, '.+').replace(/\{\w+\}/g, '[^/]+'))
    .join('|')})$`,
);
