// A list of items as links to their guides, with department and promised time limit.
import type { ItemSummary } from '../api.ts';
import { useStrings } from '../i18n.ts';

export const ItemsList = ({ items }: { items: readonly ItemSummary[] }) => {
  const t = useStrings();
  return (
    <ul class="items">
      {items.map((item) => (
        <li key={item.code}>
          <a href={`/guide/${item.code}`} lang="zh-CN">
            {item.name}
          </a>
          <span class="meta">
            <span lang="zh-CN">{item.departmentName}</span>
            {' · '}
            {t.promisedLimit} {t.workingDays(item.promisedLimit.value)}
            {item.fullyOnline ? ` · ${t.fullyOnline}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
};
