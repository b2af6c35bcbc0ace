// 协同办公: the staff's workbench under /work, desktop first, loaded only when a staff member opens it so the
// citizen pages stay light. What each section shows depends on the roles the token carries; the API checks
// every action again.
import type { ComponentChildren } from 'preact';
import { Route, Router } from 'preact-iso';
import { type JurisdictionProfile, useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { NotFoundPage } from '../pages/not-found.tsx';
import { type StaffRole, signedIn, signIn, staffOf, subject } from '../session.ts';
import { AppointmentsDayPage } from './appointments.tsx';
import { CasePage } from './case.tsx';
import { CataloguePage } from './catalogue.tsx';
import { LicencesPage } from './licences.tsx';
import { MessagesPage } from './messages.tsx';
import { PaymentsPage } from './payments.tsx';
import { RectificationsPage } from './rectifications.tsx';
import { StaffPage } from './staff.tsx';
import { SupervisionPage } from './supervision.tsx';
import { TasksPage } from './tasks.tsx';
import { type Text, usePick, useText } from './text.ts';
import { TicketBoardPage, TicketQueuePage } from './tickets.tsx';
import { VisitsPage } from './visits.tsx';
import { WindowPage } from './window.tsx';

const text = {
  zh: {
    title: '工作台',
    signInPrompt: '工作台供窗口、审批、监察和管理人员使用，请先登录。',
    noRole: '这个账号还没有工作人员角色。请联系本级政务服务管理员授权。',
    accountId: '把这个账号 ID 告诉管理员：',
    department: (name: string) => `所属部门：${name}`,
    roles: { clerk: '窗口受理', reviewer: '部门审批', supervisor: '电子监察', admin: '系统管理' },
    sections: '我的工作',
  },
  en: {
    title: 'Workbench',
    signInPrompt:
      'The workbench is for window, review, supervision and administration staff. Please sign in.',
    noRole: 'This account has no staff role yet. Ask your service centre’s administrator to grant one.',
    accountId: 'Give the administrator this account ID: ',
    department: (name: string) => `Department: ${name}`,
    roles: { clerk: 'Window', reviewer: 'Review', supervisor: 'Supervision', admin: 'Administration' },
    sections: 'My work',
  },
};

/** The workbench's sections: where each role works. */
const sections: Array<{ roles: StaffRole[]; path: string; name: Text<string> }> = [
  { roles: ['clerk'], path: '/work/window', name: { zh: '受理窗口', en: 'Window queue' } },
  { roles: ['clerk'], path: '/work/visits', name: { zh: '窗口服务评价', en: 'Rating the window’s service' } },
  { roles: ['clerk'], path: '/work/appointments', name: { zh: '当日预约', en: 'Appointments of the day' } },
  { roles: ['reviewer'], path: '/work/tasks', name: { zh: '审批任务', en: 'Review tasks' } },
  {
    roles: ['reviewer', 'supervisor'],
    path: '/work/payments',
    name: { zh: '收费与退款：核定、退款审批', en: 'Fees and refunds: assessment, refund decisions' },
  },
  {
    roles: ['supervisor', 'admin'],
    path: '/work/supervision',
    name: { zh: '电子监察：黄牌与红牌', en: 'Supervision: yellow and red cards' },
  },
  {
    roles: ['clerk', 'reviewer', 'supervisor'],
    path: '/work/tickets',
    name: { zh: '12345 工单', en: '12345 tickets' },
  },
  {
    roles: ['clerk', 'reviewer', 'supervisor', 'admin'],
    path: '/work/rectifications',
    name: { zh: '差评整改', en: 'Bad reviews put right' },
  },
  {
    roles: ['clerk', 'reviewer', 'supervisor', 'admin'],
    path: '/work/messages',
    name: { zh: '工作消息：催办、督办、超期', en: 'Messages: reminders, escalations, overdue cases' },
  },
  { roles: ['admin'], path: '/work/catalogue', name: { zh: '事项管理', en: 'Service catalogue' } },
  { roles: ['admin'], path: '/work/licences', name: { zh: '证照状态', en: 'Licence status' } },
  { roles: ['admin'], path: '/work/staff', name: { zh: '人员授权', en: 'Staff roles' } },
];

/** A staff page: its heading, then its content once a staff member with one of `roles` is signed in. */
export const StaffOnly = ({
  title,
  roles,
  children,
}: {
  title: string;
  roles?: StaffRole[];
  children: ComponentChildren;
}) => {
  const t = useText(text);
  const common = useStrings();
  const staff = staffOf();
  const allowed = staff.roles.some((r) => !roles || roles.includes(r));
  return (
    <>
      <h1>{title}</h1>
      {!signedIn() ? (
        <>
          <p>{t.signInPrompt}</p>
          <button type="button" onClick={() => void signIn(location.pathname + location.search)}>
            {common.signIn}
          </button>
        </>
      ) : allowed ? (
        children
      ) : (
        <div role="alert">
          <p>{t.noRole}</p>
          <p>
            {t.accountId}
            <code class="account-id">{subject()}</code>
          </p>
        </div>
      )}
    </>
  );
};

const Home = () => {
  const t = useText(text);
  const pick = usePick();
  const staff = staffOf();
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  const departmentName =
    jurisdiction.state === 'ready'
      ? jurisdiction.value.departments.find((d) => d.code === staff.department)?.name
      : undefined;
  const mine = sections.filter((s) => s.roles.some((r) => staff.roles.includes(r)));
  return (
    <StaffOnly title={t.title}>
      <p>
        {staff.roles.map((r) => t.roles[r]).join(' · ')}
        {staff.department && <> · {t.department(departmentName ?? staff.department)}</>}
      </p>
      <h2>{t.sections}</h2>
      <ul class="cards">
        {mine.map((s) => (
          <li key={s.path}>
            <a href={s.path}>{pick(s.name)}</a>
          </li>
        ))}
      </ul>
    </StaffOnly>
  );
};

const Workbench = () => (
  <div class="workbench">
    <Router>
      <Route path="/" component={Home} />
      <Route path="/window" component={WindowPage} />
      <Route path="/visits" component={VisitsPage} />
      <Route path="/appointments" component={AppointmentsDayPage} />
      <Route path="/case/:caseNumber" component={CasePage} />
      <Route path="/tasks" component={TasksPage} />
      <Route path="/supervision" component={SupervisionPage} />
      <Route path="/payments" component={PaymentsPage} />
      <Route path="/rectifications" component={RectificationsPage} />
      <Route path="/tickets" component={TicketQueuePage} />
      <Route path="/tickets/board" component={TicketBoardPage} />
      <Route path="/messages" component={MessagesPage} />
      <Route path="/catalogue" component={CataloguePage} />
      <Route path="/licences" component={LicencesPage} />
      <Route path="/staff" component={StaffPage} />
      <Route default component={NotFoundPage} />
    </Router>
  </div>
);
export default Workbench;
