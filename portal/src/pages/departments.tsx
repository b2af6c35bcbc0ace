// The jurisdiction's departments, and one department's published items.

import { useContext } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { type ItemSummary, type JurisdictionProfile, useApi } from '../api.ts';
import { LanguageContext, useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { ItemsList } from './items-list.tsx';
import { NotFoundPage } from './not-found.tsx';

export const DepartmentsPage = () => {
  const t = useStrings();
  const { language } = useContext(LanguageContext);
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  return (
    <>
      <h1>{t.departmentsTitle}</h1>
      {jurisdiction.state === 'ready' ? (
        <ul class="cards">
          {jurisdiction.value.departments.map((d) => (
            <li key={d.code}>
              <a href={`/department/${d.code}`} lang={language === 'en' && d.nameEn ? 'en' : 'zh-CN'}>
                {language === 'en' && d.nameEn ? d.nameEn : d.name}
              </a>
              {d.phone && (
                <span class="meta">
                  {t.phone} {d.phone}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Status of={jurisdiction} />
      )}
    </>
  );
};

export const DepartmentPage = () => {
  const t = useStrings();
  const { language } = useContext(LanguageContext);
  const { params } = useRoute();
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  const items = useApi<{ items: ItemSummary[] }>(
    `/items?department=${encodeURIComponent(params.code ?? '')}&limit=100`,
  );
  if (jurisdiction.state !== 'ready') return <Status of={jurisdiction} />;
  const department = jurisdiction.value.departments.find((d) => d.code === params.code);
  if (!department) return <NotFoundPage />;
  const name = language === 'en' && department.nameEn ? department.nameEn : department.name;
  return (
    <>
      <h1>{t.itemsOf(name)}</h1>
      {items.state === 'ready' ? <ItemsList items={items.value.items} /> : <Status of={items} />}
    </>
  );
};
