// Catalogue items as an administrator edits them: a published guide without its version and audit fields
// is a valid input for a new item or the next version of the same one.
export const itemInputOf = (guide: Record<string, unknown>) => {
  const {
    version: _v,
    status: _s,
    createdAt: _ca,
    createdBy: _cb,
    updatedAt: _ua,
    updatedBy: _ub,
    publishedAt: _pa,
    publishedBy: _pb,
    ...input
  } = guide;
  return input;
};
