// 工作消息 a member of staff's inbox: 催办 of the unit's tickets, 督办 for supervisors, the red and yellow cards
// of cases, overdue rectifications of bad reviews — newest first, unread ones marked in words, each with a
// link to where the work is; marking read.
import { useState } from 'preact/hooks';
import { send, useApi } from '../api.ts';
import { inboxChanged, Status } from '../layout.tsx';
import { type Message, MessageList } from '../pages/inbox.tsx';
import { StaffOnly } from './app.tsx';
import { localTime, useJurisdiction } from './cases.tsx';
import { News, useNews } from './news.tsx';
import { useText } from './text.ts';

const text = {
  zh: {
    title: '工作消息',
    unread: (n: number) => (n ? `${n} 条未读` : '没有未读消息'),
    unreadMark: '未读',
    none: '还没有消息。催办、督办、红黄牌和超期的差评整改会在这里提醒您。',
    markAll: '全部标为已读',
    markRead: '标为已读',
    markReadLabel: (title: string) => `把“${title}”标为已读`,
    marked: (n: number) => `已把 ${n} 条消息标为已读。`,
    failed: '没有标记成功，请稍后再试。',
    openCase: (n: string) => `打开办件 ${n}`,
    openTickets: (n: string) => `在工单队列中查看 ${n}`,
    openRectifications: (n: string) => `在差评整改中查看 ${n}`,
  },
  en: {
    title: 'Work messages',
    unread: (n: number) => (n ? `${n} unread` : 'No unread messages'),
    unreadMark: 'Unread',
    none: 'No messages yet. Reminders, escalations, red and yellow cards and overdue rectifications will be announced here.',
    markAll: 'Mark all read',
    markRead: 'Mark read',
    markReadLabel: (title: string) => `Mark “${title}” read`,
    marked: (n: number) => `${n} message(s) marked read.`,
    failed: 'Not marked; please try again later.',
    openCase: (n: string) => `Open case ${n}`,
    openTickets: (n: string) => `See ${n} in the ticket queue`,
    openRectifications: (n: string) => `See ${n} among the rectifications`,
  },
};

const Messages = () => {
  const t = useText(text);
  const { timeZone } = useJurisdiction();
  const [refresh, setRefresh] = useState(0);
  const [said, say] = useNews();
  const loaded = useApi<{ messages: Message[]; unread: number }>('/notifications?limit=50', refresh);
  if (loaded.state !== 'ready') return <Status of={loaded} />;
  const messages = loaded.value.messages;
  const unread = messages.filter((m) => !m.readAt).map((m) => m.id);
  const markRead = async (ids: string[]) => {
    const answer = await send<{ marked: string[] }>('POST', '/notifications/read', { ids });
    say(answer.ok ? t.marked(answer.value.marked.length) : t.failed);
    setRefresh((n) => n + 1);
    inboxChanged();
  };
  return (
    <>
      <News said={said} />
      <p>{t.unread(unread.length)}</p>
      {unread.length > 0 && (
        <button type="button" onClick={() => void markRead(unread)}>
          {t.markAll}
        </button>
      )}
      {messages.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <MessageList
          messages={messages}
          when={(at) => localTime(at, timeZone)}
          unread={t.unreadMark}
          markRead={t.markRead}
          markReadLabel={(m) => t.markReadLabel(m.title)}
          onRead={(id) => void markRead([id])}
          links={(m) =>
            m.caseNumber ? (
              <>
                <a href={`/work/case/${encodeURIComponent(m.caseNumber)}`}>{t.openCase(m.caseNumber)}</a>
                {m.template === 'rectification-overdue' && (
                  <>
                    {' · '}
                    <a href="/work/rectifications">{t.openRectifications(m.caseNumber)}</a>
                  </>
                )}
              </>
            ) : (
              m.ticketNumber && <a href="/work/tickets">{t.openTickets(m.ticketNumber)}</a>
            )
          }
        />
      )}
    </>
  );
};

export const MessagesPage = () => {
  const t = useText(text);
  return (
    <StaffOnly title={t.title}>
      <Messages />
    </StaffOnly>
  );
};
