// 收费与退款: the workbench's queue of fees. A reviewer sees the orders of their department waiting for an
// assessment (核定, done on the case view); a supervisor sees every pending refund request and approves or
// refuses it with an opinion — never one they asked for themselves (the API refuses that too).
import { useState } from 'preact/hooks';
import { useApi } from '../api.ts';
import { Status } from '../layout.tsx';
import { staffOf } from '../session.ts';
import { StaffOnly } from './app.tsx';
import { localTime, useJurisdiction } from './cases.tsx';
import { useFocusOnOpen } from './focus.ts';
import { News, useNews } from './news.tsx';
import { type OrderView, RefundDecision, type RefundView, yuan } from './payment.tsx';
import { ActionCell, Table } from './table.tsx';
import { useText } from './text.ts';

const text = {
  zh: {
    title: '收费与退款',
    assessing: '待核定收费',
    assessingCaption: (n: number) => `本部门待核定收费的办件：${n} 件`,
    assessingColumns: ['办件编号', '事项', '缴费人', '待核定项目', '等待自'],
    noneAssessing: '没有待核定的收费。',
    refunds: '退款审批',
    refundsIntro: '退款须由申请人以外的监察人员审批；同意后即提交统一缴款平台原路退回。',
    refundsCaption: (n: number) => `待审批的退款申请：${n} 笔`,
    refundColumns: ['办件编号', '事项', '收费部门', '退款金额', '原因', '申请人', '审批'],
    noneRefunds: '没有待审批的退款申请。',
    decide: (n: string, amount: string) => `审批 ${n} 的退款 ${amount}`,
    decideShort: '审批',
    own: '本人申请',
  },
  en: {
    title: 'Fees and refunds',
    assessing: 'Fees to assess',
    assessingCaption: (n: number) => `Cases of your department whose fees wait for assessment: ${n}`,
    assessingColumns: ['Case', 'Item', 'Payer', 'Fees to assess', 'Waiting since'],
    noneAssessing: 'No fee waits for assessment.',
    refunds: 'Refunds to decide',
    refundsIntro:
      'A refund is decided by a supervisor other than who asked; approved, it goes back through the payment platform.',
    refundsCaption: (n: number) => `Refund requests awaiting a decision: ${n}`,
    refundColumns: ['Case', 'Item', 'Collecting department', 'Amount', 'Reason', 'Asked by', 'Decision'],
    noneRefunds: 'No refund request waits for a decision.',
    decide: (n: string, amount: string) => `Decide the refund of ${amount} on ${n}`,
    decideShort: 'Decide',
    own: 'Yours',
  },
};

const Assessing = () => {
  const t = useText(text);
  const { timeZone } = useJurisdiction();
  const list = useApi<{ orders: OrderView[] }>('/payments/orders?status=ASSESSING');
  if (list.state !== 'ready') return <Status of={list} />;
  const { orders } = list.value;
  return (
    <section aria-labelledby="assessing-title">
      <h2 id="assessing-title">{t.assessing}</h2>
      <Table
        caption={t.assessingCaption(orders.length)}
        columns={t.assessingColumns}
        empty={orders.length === 0 ? t.noneAssessing : undefined}
      >
        {orders.map((o) => (
          <tr key={o.caseNumber}>
            <th scope="row">
              <a href={`/work/case/${o.caseNumber}`}>{o.caseNumber}</a>
            </th>
            <td lang="zh-CN">{o.itemName}</td>
            <td lang="zh-CN">{o.payerName}</td>
            <td lang="zh-CN">
              {o.fees
                .filter((f) => f.amountFen === undefined)
                .map((f) => f.name)
                .join('、')}
            </td>
            <td>{localTime(o.updatedAt, timeZone)}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
};

interface Pending {
  order: OrderView;
  refund: RefundView;
}

const Refunds = () => {
  const t = useText(text);
  const { departmentName } = useJurisdiction();
  const staff = staffOf();
  const [version, setVersion] = useState(0);
  const [acting, setActing] = useState<Pending>();
  const [said, say] = useNews();
  const heading = useFocusOnOpen<HTMLHeadingElement>(acting?.refund.refundId);
  const list = useApi<{ orders: OrderView[] }>('/payments/orders?status=REFUND_REQUESTED', version);
  if (list.state !== 'ready') return <Status of={list} />;
  const pending: Pending[] = list.value.orders.flatMap((order) =>
    order.refunds.filter((r) => r.status === 'requested').map((refund) => ({ order, refund })),
  );
  return (
    <section aria-labelledby="refunds-title">
      <h2 id="refunds-title">{t.refunds}</h2>
      <p>{t.refundsIntro}</p>
      <News said={said} />
      <Table
        caption={t.refundsCaption(pending.length)}
        columns={t.refundColumns}
        empty={pending.length === 0 ? t.noneRefunds : undefined}
      >
        {pending.map(({ order, refund }) => (
          <tr key={refund.refundId}>
            <th scope="row">
              <a href={`/work/case/${order.caseNumber}`}>{order.caseNumber}</a>
            </th>
            <td lang="zh-CN">{order.itemName}</td>
            <td lang="zh-CN">{departmentName(order.department)}</td>
            <td>{yuan(refund.amountFen)}</td>
            <td lang="zh-CN">{refund.reason}</td>
            <td lang="zh-CN">{refund.requestedBy.name}</td>
            {refund.requestedBy.sub === staff.sub ? (
              <td>{t.own}</td>
            ) : (
              <ActionCell
                class="secondary"
                label={t.decide(order.caseNumber, yuan(refund.amountFen))}
                onClick={() => setActing({ order, refund })}
              >
                {t.decideShort}
              </ActionCell>
            )}
          </tr>
        ))}
      </Table>
      {acting && (
        <section class="panel" aria-labelledby="refund-decision">
          <h2 id="refund-decision" tabIndex={-1} ref={heading}>
            {t.decide(acting.order.caseNumber, yuan(acting.refund.amountFen))}
          </h2>
          <RefundDecision
            key={acting.refund.refundId}
            caseNumber={acting.order.caseNumber}
            refund={acting.refund}
            done={(message) => {
              say(message);
              setActing(undefined);
              setVersion((v) => v + 1);
            }}
          />
        </section>
      )}
    </section>
  );
};

export const PaymentsPage = () => {
  const t = useText(text);
  const staff = staffOf();
  return (
    <StaffOnly title={t.title} roles={['reviewer', 'supervisor']}>
      {staff.roles.includes('reviewer') && <Assessing />}
      {staff.roles.includes('supervisor') && <Refunds />}
    </StaffOnly>
  );
};
