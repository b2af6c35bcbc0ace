// Home: search first, then topics and one-thing bundles.
import { type Bundle, type Topic, useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { SearchForm } from './search-form.tsx';

export const HomePage = () => {
  const t = useStrings();
  const topics = useApi<{ topics: Topic[] }>('/topics');
  const bundles = useApi<{ bundles: Bundle[] }>('/bundles');
  return (
    <>
      <h1>{t.portal}</h1>
      <SearchForm />
      <section aria-labelledby="topics">
        <h2 id="topics">{t.topics}</h2>
        {topics.state === 'ready' ? (
          <ul class="cards">
            {topics.value.topics.map((topic) => (
              <li key={topic.id}>
                <a href={`/topic/${topic.id}`} lang="zh-CN">
                  {topic.name}
                </a>
                <span class="meta">
                  <span lang="zh-CN">{topic.description}</span> · {t.itemsCount(topic.items.length)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <Status of={topics} />
        )}
      </section>
      <section aria-labelledby="bundles">
        <h2 id="bundles">{t.bundles}</h2>
        {bundles.state === 'ready' ? (
          <ul class="cards">
            {bundles.value.bundles.map((bundle) => (
              <li key={bundle.code}>
                <a href={`/one-thing/${bundle.code}`} lang="zh-CN">
                  {bundle.name}
                </a>
                <span class="meta">
                  <span lang="zh-CN">{bundle.description}</span> · {t.itemsCount(bundle.itemCodes.length)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <Status of={bundles} />
        )}
      </section>
    </>
  );
};
