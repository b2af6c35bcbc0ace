// 消息中心: what the platform told the signed-in person about their cases, newest first, unread ones marked
// in words; marking read, and whether they are also told by SMS.
import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { type ApiProblem, getJson, send } from '../api.ts';
import { LanguageContext, languageTags, useStrings } from '../i18n.ts';
import { inboxChanged, Status } from '../layout.tsx';
import { SignedInOnly } from './signed-in-only.tsx';

export interface Message {
  id: string;
  at: string;
  /** The template it was written from (shared/notifications.ts). */
  template?: string;
  title: string;
  text: string;
  caseNumber?: string;
  ticketNumber?: string;
  readAt?: string;
}

/** Messages newest first, unread ones marked in words, each with its links and a read mark to give. */
export const MessageList = (props: {
  messages: Message[];
  when: (at: string) => string;
  unread: string;
  markRead: string;
  /** The read button's accessible name, when the visible one needs the message's title beside it. */
  markReadLabel?: (m: Message) => string;
  onRead: (id: string) => void;
  links: (m: Message) => ComponentChildren;
}) => (
  <ul class="items messages">
    {props.messages.map((m) => {
      const links = props.links(m);
      return (
        <li key={m.id} class={m.readAt ? 'read' : 'unread'}>
          <span class="title">
            {!m.readAt && <span class="badge">{props.unread}</span>} <span lang="zh-CN">{m.title}</span>
          </span>
          <span lang="zh-CN">{m.text}</span>
          <span class="meta">
            <time dateTime={m.at}>{props.when(m.at)}</time>
            {links && <> · {links}</>}
            {!m.readAt && (
              <>
                {' · '}
                <button
                  type="button"
                  class="link"
                  aria-label={props.markReadLabel?.(m)}
                  onClick={() => props.onRead(m.id)}
                >
                  {props.markRead}
                </button>
              </>
            )}
          </span>
        </li>
      );
    })}
  </ul>
);
type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; status: number }
  | { state: 'ready'; value: Message[] };

const Messages = () => {
  const t = useStrings();
  const { language } = useContext(LanguageContext);
  const when = (at: string) =>
    new Date(at).toLocaleString(languageTags[language], { timeZone: 'Asia/Shanghai', hour12: false });
  const [messages, setMessages] = useState<Loaded>({ state: 'loading' });
  const [sms, setSms] = useState<boolean | undefined>();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const load = () =>
    getJson<{ messages: Message[] }>('/notifications?limit=50')
      .then((v) => setMessages({ state: 'ready', value: v.messages }))
      .catch(() => setMessages({ state: 'failed', status: 0 }));
  useEffect(() => {
    void load();
    void getJson<{ sms: boolean }>('/notifications/preferences').then((p) => setSms(p.sms));
  }, []);
  if (messages.state !== 'ready') return <Status of={messages} />;
  const unread = messages.value.filter((m) => !m.readAt).map((m) => m.id);
  const markRead = async (ids: string[]) => {
    const answer = await send('POST', '/notifications/read', { ids });
    if (!answer.ok) return setProblem(answer.problem);
    await load();
    inboxChanged();
  };
  return (
    <>
      <p aria-live="polite">{t.unreadCount(unread.length)}</p>
      {problem && <p role="alert">{t.loadFailed}</p>}
      {unread.length > 0 && (
        <button type="button" onClick={() => void markRead(unread)}>
          {t.markAllRead}
        </button>
      )}
      {messages.value.length === 0 ? (
        <p>{t.noMessages}</p>
      ) : (
        <MessageList
          messages={messages.value}
          when={when}
          unread={t.unread}
          markRead={t.markRead}
          onRead={(id) => void markRead([id])}
          links={(m) =>
            m.caseNumber && <a href={`/case/${encodeURIComponent(m.caseNumber)}`}>{m.caseNumber}</a>
          }
        />
      )}
      {sms !== undefined && (
        <form class="form" onSubmit={(e) => e.preventDefault()}>
          <label class="check">
            <input
              type="checkbox"
              checked={sms}
              onChange={async (e) => {
                const next = (e.currentTarget as HTMLInputElement).checked;
                const answer = await send<{ sms: boolean }>('PUT', '/notifications/preferences', {
                  sms: next,
                });
                if (answer.ok) setSms(answer.value.sms);
                else setProblem(answer.problem);
              }}
            />{' '}
            {t.smsToo}
          </label>
          <p class="hint">{t.smsHint}</p>
        </form>
      )}
    </>
  );
};

export const InboxPage = () => {
  const t = useStrings();
  return (
    <SignedInOnly title={t.inbox} returnTo="/inbox" prompt={t.mustSignIn}>
      <Messages />
    </SignedInOnly>
  );
};
