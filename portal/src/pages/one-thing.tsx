// One-thing bundle (一件事一次办): the items handled together and the merged list of materials, each
// submitted once however many items need it.
import { useRoute } from 'preact-iso';
import { type Material, useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';

interface BundleView {
  name: string;
  description: string;
  items: Array<{ code: string; name: string }>;
  materials: Array<Material & { neededBy: string[] }>;
}

export const OneThingPage = () => {
  const t = useStrings();
  const { params } = useRoute();
  const loaded = useApi<BundleView>(`/bundles/${encodeURIComponent(params.code ?? '')}`);
  if (loaded.state !== 'ready') return <Status of={loaded} />;
  const bundle = loaded.value;
  return (
    <article>
      <h1 lang="zh-CN">{bundle.name}</h1>
      <p lang="zh-CN">{bundle.description}</p>
      <h2>{t.bundleItems}</h2>
      <ol class="items">
        {bundle.items.map((item) => (
          <li key={item.code}>
            <a href={`/guide/${item.code}`} lang="zh-CN">
              {item.name}
            </a>
          </li>
        ))}
      </ol>
      <h2>{t.materials}</h2>
      <p>{t.bundleMaterials(bundle.materials.length)}</p>
      <ul class="items">
        {bundle.materials.map((m) => (
          <li key={m.id}>
            <span lang="zh-CN">{m.name}</span>
            <span class="meta">
              {m.required ? t.required : t.optional}
              {m.neededBy.length > 1 ? ` · ${t.neededBy(m.neededBy.length)}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </article>
  );
};
