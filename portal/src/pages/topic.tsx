// One topic (主题服务) and its items.
import { useRoute } from 'preact-iso';
import { type Topic, useApi } from '../api.ts';
import { Status } from '../layout.tsx';
import { ItemsList } from './items-list.tsx';
import { NotFoundPage } from './not-found.tsx';

export const TopicPage = () => {
  const { params } = useRoute();
  const topics = useApi<{ topics: Topic[] }>('/topics');
  if (topics.state !== 'ready') return <Status of={topics} />;
  const topic = topics.value.topics.find((t) => t.id === params.id);
  if (!topic) return <NotFoundPage />;
  return (
    <>
      <h1 lang="zh-CN">{topic.name}</h1>
      <p lang="zh-CN">{topic.description}</p>
      <ItemsList items={topic.items} />
    </>
  );
};
