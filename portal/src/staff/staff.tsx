// 人员授权: an administrator opens an account by its ID (the person reads it on their own workbench), grants it
// a department and staff roles or revokes them, with the reason, and reads the account's hash-chained grant
// journal with the check that it is intact. Roles reach the person's token at their next sign-in.
import { useEffect, useState } from 'preact/hooks';
import { type JurisdictionProfile, send, useApi } from '../api.ts';
import { Field } from '../pages/field.tsx';
import type { StaffRole } from '../session.ts';
import { StaffOnly } from './app.tsx';
import { useFocusOnOpen } from './focus.ts';
import { type Done, doneOf, fieldError, invalid, Outcome } from './outcome.tsx';
import { Table } from './table.tsx';
import { usePick, useText } from './text.ts';
import { TextArea } from './text-area.tsx';

interface GrantEntry {
  seq: number;
  at: string;
  by: { name: string };
  action: 'grant' | 'revoke';
  department?: string;
  roles: StaffRole[];
  reason: string;
  hash: string;
}
interface StaffMember {
  sub: string;
  name: string;
  department: string;
  roles: StaffRole[];
}
interface Grants {
  sub: string;
  staff: { department: string; roles: StaffRole[] } | null;
  entries: GrantEntry[];
  intact: boolean;
}

const allRoles: StaffRole[] = ['clerk', 'reviewer', 'supervisor', 'admin'];
const subPattern = /^[A-Za-z0-9_-]{1,128}$/;

const text = {
  zh: {
    title: '人员授权',
    intro: '请对方登录后打开工作台（/work），把页面上显示的账号 ID 告诉你。授权在对方下次登录时生效。',
    sub: '账号 ID',
    subInvalid: '账号 ID 只含字母、数字、下划线和连字符。',
    open: '查看授权',
    noAccount: '没有这个账号：对方需要先登录一次。',
    now: '当前授权',
    none: '没有工作人员角色。',
    holds: (roles: string, department: string) => `${roles}（${department}）`,
    grant: '授予角色',
    department: '部门',
    roles: '角色',
    roleNames: { clerk: '窗口受理', reviewer: '部门审批', supervisor: '电子监察', admin: '系统管理' },
    reason: '理由',
    reasonHint: '至少 2 个字，记入授权日志。',
    rolesMissing: '至少选择一个角色。',
    reasonMissing: '请写明理由（至少 2 个字）。',
    doGrant: '授权',
    granted: '已授权。对方下次登录后生效。',
    revoke: '撤销授权',
    doRevoke: '撤销全部角色',
    revoked: '已撤销。对方下次登录后不再有工作人员权限。',
    journal: '授权日志',
    entries: '每一次授权与撤销，按先后排列',
    intact: '✓ 日志链完整：每条记录都与上一条相连，内容未被改动。',
    broken: '✗ 日志链不完整：记录被改动或缺失，请立即核查。',
    columns: ['序号', '时间', '操作', '部门与角色', '理由', '操作人', '哈希'],
    actions: { grant: '授权', revoke: '撤销' },
    noEntries: '还没有授权记录。',
    staffHeading: '本级工作人员',
    staffList: '当前持有授权的账号',
    staffColumns: ['姓名', '账号 ID', '部门', '角色', ''],
    openAccount: (name: string) => `查看 ${name} 的授权`,
    openShort: '查看',
    noStaff: '还没有工作人员。',
  },
  en: {
    title: 'Staff roles',
    intro:
      'Ask the person to sign in and open the workbench (/work), which shows their account ID. Roles take effect at their next sign-in.',
    sub: 'Account ID',
    subInvalid: 'An account ID holds only letters, digits, _ and -.',
    open: 'Open',
    noAccount: 'No such account: the person must sign in once first.',
    now: 'Now',
    none: 'No staff role.',
    holds: (roles: string, department: string) => `${roles} (${department})`,
    grant: 'Grant roles',
    department: 'Department',
    roles: 'Roles',
    roleNames: { clerk: 'Window', reviewer: 'Review', supervisor: 'Supervision', admin: 'Administration' },
    reason: 'Reason',
    reasonHint: 'At least 2 characters, kept in the journal.',
    rolesMissing: 'Choose at least one role.',
    reasonMissing: 'Give the reason (at least 2 characters).',
    doGrant: 'Grant',
    granted: 'Granted. It takes effect at their next sign-in.',
    revoke: 'Revoke',
    doRevoke: 'Revoke every role',
    revoked: 'Revoked. From their next sign-in they have no staff access.',
    journal: 'Grant journal',
    entries: 'Every grant and revocation, in order',
    intact: '✓ The chain is intact: each entry links to the one before and none was changed.',
    broken: '✗ The chain is broken: an entry was changed or is missing. Look into it now.',
    columns: ['No.', 'When', 'Action', 'Department and roles', 'Reason', 'By', 'Hash'],
    actions: { grant: 'Grant', revoke: 'Revoke' },
    noEntries: 'No grant yet.',
    staffHeading: 'Staff here',
    staffList: 'Accounts that hold a grant now',
    staffColumns: ['Name', 'Account ID', 'Department', 'Roles', ''],
    openAccount: (name: string) => `Open ${name}’s grants`,
    openShort: 'Open',
    noStaff: 'No staff yet.',
  },
};

const Account = ({
  sub,
  departmentName,
  onChanged,
}: {
  sub: string;
  departmentName: (code: string) => string;
  onChanged: () => void;
}) => {
  const t = useText(text);
  const pick = usePick();
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  const [version, setVersion] = useState(0);
  const heading = useFocusOnOpen<HTMLHeadingElement>(sub);
  const grants = useApi<Grants>(`/admin/accounts/${sub}/grants`, version);
  const [department, setDepartment] = useState('zwfw');
  const [roles, setRoles] = useState<StaffRole[]>([]);
  const [reason, setReason] = useState('');
  const [revokeReason, setRevokeReason] = useState('');
  const [granting, setGranting] = useState<Done>();
  const [revoking, setRevoking] = useState<Done>();
  // The form starts from the grant the account holds, so a change is a small edit of it.
  const held = grants.state === 'ready' ? grants.value.staff : undefined;
  useEffect(() => {
    if (!held) return;
    setDepartment(held.department);
    setRoles(held.roles);
  }, [held?.department, held?.roles.join()]);

  const grant = async (e: Event) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (roles.length === 0) fields.roles = t.rolesMissing;
    if (reason.trim().length < 2) fields.reason = t.reasonMissing;
    if (Object.keys(fields).length > 0) return setGranting(invalid(fields));
    const answer = await send('POST', `/admin/accounts/${sub}/grants`, {
      department,
      roles: allRoles.filter((r) => roles.includes(r)),
      reason: reason.trim(),
    });
    setGranting(doneOf(answer, t.granted, pick));
    if (answer.ok) {
      setVersion((v) => v + 1);
      onChanged();
    }
  };

  const revoke = async (e: Event) => {
    e.preventDefault();
    if (revokeReason.trim().length < 2) return setRevoking(invalid({ reason: t.reasonMissing }));
    const answer = await send('POST', `/admin/accounts/${sub}/grants/revoke`, {
      reason: revokeReason.trim(),
    });
    setRevoking(doneOf(answer, t.revoked, pick));
    if (answer.ok) {
      setVersion((v) => v + 1);
      onChanged();
    }
  };

  if (grants.state === 'failed' && grants.status === 404) return <p role="alert">{t.noAccount}</p>;
  const current = grants.state === 'ready' ? grants.value : undefined;
  return (
    <section aria-labelledby="account">
      <h2 id="account" tabIndex={-1} ref={heading}>
        {t.sub} <code>{sub}</code>
      </h2>
      <p>
        {t.now}：
        {current?.staff
          ? t.holds(
              current.staff.roles.map((r) => t.roleNames[r]).join('、'),
              departmentName(current.staff.department),
            )
          : t.none}
      </p>
      <div class="columns">
        <form class="form" noValidate onSubmit={grant}>
          <h3>{t.grant}</h3>
          <Field id="grant-department" label={t.department} error={fieldError(granting, 'department')}>
            <select
              value={department}
              onChange={(e) => setDepartment((e.currentTarget as HTMLSelectElement).value)}
            >
              {(jurisdiction.state === 'ready' ? jurisdiction.value.departments : []).map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </Field>
          <fieldset
            aria-describedby={fieldError(granting, 'roles') ? 'roles-error' : undefined}
            class={fieldError(granting, 'roles') ? 'invalid' : undefined}
          >
            <legend>{t.roles}</legend>
            {allRoles.map((r) => (
              <label key={r} class="choice">
                <input
                  type="checkbox"
                  checked={roles.includes(r)}
                  onChange={(e) =>
                    setRoles(
                      (e.currentTarget as HTMLInputElement).checked
                        ? [...roles, r]
                        : roles.filter((x) => x !== r),
                    )
                  }
                />
                {t.roleNames[r]}
              </label>
            ))}
            {fieldError(granting, 'roles') && (
              <p id="roles-error" class="error">
                ⚠ {fieldError(granting, 'roles')}
              </p>
            )}
          </fieldset>
          <TextArea
            id="grant-reason"
            label={t.reason}
            hint={t.reasonHint}
            error={fieldError(granting, 'reason')}
            rows={2}
            value={reason}
            onValue={setReason}
          />
          <button type="submit">{t.doGrant}</button>
          <Outcome done={granting} />
        </form>
        <form class="form" noValidate onSubmit={revoke}>
          <h3>{t.revoke}</h3>
          <TextArea
            id="revoke-reason"
            label={t.reason}
            hint={t.reasonHint}
            error={fieldError(revoking, 'reason')}
            rows={2}
            value={revokeReason}
            onValue={setRevokeReason}
          />
          <button type="submit" class="secondary">
            {t.doRevoke}
          </button>
          <Outcome done={revoking} />
        </form>
      </div>
      <h3>{t.journal}</h3>
      {current && (
        <>
          <p class={current.intact ? 'verdict ok' : 'verdict bad'}>{current.intact ? t.intact : t.broken}</p>
          <Table
            caption={t.entries}
            columns={t.columns}
            empty={current.entries.length === 0 ? t.noEntries : undefined}
          >
            {current.entries.map((e) => (
              <tr key={e.seq}>
                <th scope="row">{e.seq}</th>
                <td>{e.at.slice(0, 16).replace('T', ' ')}</td>
                <td>{t.actions[e.action]}</td>
                <td>
                  {e.department
                    ? t.holds(e.roles.map((r) => t.roleNames[r]).join('、'), departmentName(e.department))
                    : '—'}
                </td>
                <td lang="zh-CN">{e.reason}</td>
                <td lang="zh-CN">{e.by.name}</td>
                <td>
                  <code title={e.hash}>{e.hash.slice(0, 12)}…</code>
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </section>
  );
};

export const StaffPage = () => {
  const t = useText(text);
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  const departmentName = (code: string) =>
    (jurisdiction.state === 'ready' ? jurisdiction.value.departments : []).find((d) => d.code === code)
      ?.name ?? code;
  const [sub, setSub] = useState('');
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState<string>();
  const [refresh, setRefresh] = useState(0);
  const staff = useApi<{ staff: StaffMember[] }>('/admin/staff', refresh);
  const changed = () => setRefresh((r) => r + 1);
  return (
    <StaffOnly title={t.title} roles={['admin']}>
      <p>{t.intro}</p>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const value = sub.trim();
          if (!subPattern.test(value)) return setError(t.subInvalid);
          setError(undefined);
          setOpen(value);
        }}
      >
        <Field id="sub" label={t.sub} error={error}>
          <input
            value={sub}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setSub((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
        <button type="submit">{t.open}</button>
      </form>
      {staff.state === 'ready' && (
        <>
          <h2>{t.staffHeading}</h2>
          <Table
            caption={t.staffList}
            columns={t.staffColumns}
            empty={staff.value.staff.length === 0 ? t.noStaff : undefined}
          >
            {staff.value.staff.map((m) => (
              <tr key={m.sub}>
                <th scope="row" lang="zh-CN">
                  {m.name}
                </th>
                <td>
                  <code>{m.sub}</code>
                </td>
                <td lang="zh-CN">{departmentName(m.department)}</td>
                <td>{m.roles.map((r) => t.roleNames[r]).join('、')}</td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    aria-label={t.openAccount(m.name)}
                    onClick={() => {
                      setSub(m.sub);
                      setOpen(m.sub);
                    }}
                  >
                    {t.openShort}
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
      {open && <Account key={open} sub={open} departmentName={departmentName} onChanged={changed} />}
    </StaffOnly>
  );
};
