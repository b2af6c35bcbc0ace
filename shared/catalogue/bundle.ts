// 一件事一次办 one-thing bundles: several items applied for at once with one combined form and one
// de-duplicated set of materials; each item still becomes its own case.
import * as z from 'zod';
import type { Item, Material } from './item.ts';

export const bundleSchema = z.object({
  code: z.string().regex(/^[a-z0-9-]{2,64}$/),
  name: z.string().min(2).max(50),
  description: z.string().min(2).max(500),
  audience: z.enum(['person', 'enterprise']),
  itemCodes: z.array(z.string()).min(2, 'a bundle joins at least two items'),
  topics: z.array(z.string()).default([]),
});
export type Bundle = z.infer<typeof bundleSchema>;

export interface BundleMaterial extends Material {
  /** Items of the bundle that ask for this material. */
  neededBy: string[];
}

/** Materials with the same name, or replaceable by the same e-licence type, are asked for once. */
const materialKey = (m: Material) => (m.licenceType ? `licence:${m.licenceType}` : `name:${m.name}`);

/** The merged material an item's own material is asked for as, in a bundle. */
export const mergedMaterialOf = (merged: readonly BundleMaterial[], material: Material) =>
  merged.find((m) => materialKey(m) === materialKey(material));

export const mergeBundle = (bundle: Pick<Bundle, 'name'>, items: readonly Item[]) => {
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  const materials = new Map<string, BundleMaterial>();
  for (const item of items) {
    const schema = item.formSchema as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) properties[name] ??= property;
    for (const name of schema.required ?? []) required.add(name);
    for (const material of item.materials) {
      const key = materialKey(material);
      const existing = materials.get(key);
      if (existing) {
        existing.neededBy.push(item.implementationCode);
        existing.required ||= material.required;
        // Deferred or replaced by a commitment only where every item asking for it allows that.
        existing.deferrable &&= material.deferrable;
        existing.commitmentAllowed &&= material.commitmentAllowed;
      } else {
        // Ids are unique per item only: one that another merged material already uses is qualified.
        const taken = [...materials.values()].some((m) => m.id === material.id);
        const id = taken ? `${material.id}@${item.implementationCode}` : material.id;
        materials.set(key, { ...material, id, neededBy: [item.implementationCode] });
      }
    }
  }
  return {
    combinedForm: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: bundle.name,
      type: 'object',
      properties,
      required: [...required],
    },
    materials: [...materials.values()],
    items: items.map((i) => ({ code: i.implementationCode, name: i.name, department: i.department })),
  };
};
