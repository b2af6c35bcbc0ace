// 缴费 the payment section of the case page: the order's state, its fees with any reduction and its basis,
// the amount due, the 缴款码 and the deadline, a link to the payment platform's page (which returns here),
// what was paid, refunds, and the sealed electronic receipt with its verification in words.
import { useState } from 'preact/hooks';
import { send, useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';

interface Order {
  status: string;
  assessment?: {
    lines: Array<{ name: string; standard: string; amountFen: number }>;
    totalFen: number;
    reductionFen: number;
    dueFen: number;
    reduction?: { basis: string };
  };
  paymentCode?: string;
  deadline?: string;
  payUrl?: string;
  paidFen: number;
  payment?: { amountFen: number; paidAt: string };
  refunds: Array<{ refundId: string; amountFen: number; reason: string; status: string }>;
  receipt?: { receiptNumber: string };
}

interface ReceiptAnswer {
  receiptNumber: string;
  verification: { valid: boolean; status?: string };
}

const beijingTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  dateStyle: 'short',
  timeStyle: 'short',
});

/** Where the payment platform sends the payer back: this case page. */
const returnAddress = (caseNumber: string) =>
  typeof location === 'undefined' ? '' : `${location.origin}/case/${encodeURIComponent(caseNumber)}?paid=1`;

const Receipt = ({ caseNumber }: { caseNumber: string }) => {
  const t = useStrings().pay;
  const [answer, setAnswer] = useState<ReceiptAnswer | 'failed' | undefined>();
  const show = async () => {
    const res = await send<ReceiptAnswer>('GET', `/cases/${encodeURIComponent(caseNumber)}/payment/receipt`);
    setAnswer(res.ok ? res.value : 'failed');
  };
  return (
    <>
      <h3>{t.receipt}</h3>
      {answer === undefined && (
        <button type="button" onClick={show}>
          {t.showReceipt}
        </button>
      )}
      <div aria-live="polite">
        {answer === 'failed' && <p class="note error">{t.receiptInvalid}</p>}
        {answer && answer !== 'failed' && (
          <div class={answer.verification.valid ? 'note done' : 'note error'}>
            <p>
              {t.receiptNumber}: <strong>{answer.receiptNumber}</strong>
            </p>
            <p>
              {answer.verification.valid ? t.receiptValid : t.receiptInvalid}
              {answer.verification.status && answer.verification.status !== 'valid' ? t.receiptRefunded : ''}
            </p>
          </div>
        )}
      </div>
    </>
  );
};

export const PaymentSection = ({ caseNumber, version }: { caseNumber: string; version: number }) => {
  const t = useStrings().pay;
  const order = useApi<Order>(`/cases/${encodeURIComponent(caseNumber)}/payment`, version);
  if (order.state !== 'ready') return null;
  const o = order.value;
  const a = o.assessment;
  return (
    <section aria-labelledby="payment-title">
      <h2 id="payment-title">{t.title}</h2>
      <dl class="facts">
        <dt>{t.status}</dt>
        <dd>
          <strong>{t.statusNames[o.status] ?? o.status}</strong>
        </dd>
        {a && (
          <>
            <dt>{t.fees}</dt>
            <dd lang="zh-CN">
              {a.lines.map((l) => (
                <span key={l.name} class="fee-line">
                  {l.name}（{l.standard}）{t.yuan(l.amountFen)}{' '}
                </span>
              ))}
            </dd>
            {a.reductionFen > 0 && (
              <>
                <dt>{t.reduction}</dt>
                <dd>
                  −{t.yuan(a.reductionFen)}
                  {a.reduction && <span lang="zh-CN">（{a.reduction.basis}）</span>}
                </dd>
              </>
            )}
            <dt>{t.due}</dt>
            <dd>
              <strong>{t.yuan(a.dueFen)}</strong>
            </dd>
          </>
        )}
        {o.paymentCode && (
          <>
            <dt>{t.code}</dt>
            <dd>
              <strong class="code">{o.paymentCode}</strong>
            </dd>
          </>
        )}
        {o.deadline && o.status === 'ISSUED' && (
          <>
            <dt>{t.deadline}</dt>
            <dd>{beijingTime.format(new Date(o.deadline))}</dd>
          </>
        )}
        {o.payment && (
          <>
            <dt>{t.paid}</dt>
            <dd>{t.yuan(o.payment.amountFen)}</dd>
            <dt>{t.paidAt}</dt>
            <dd>{beijingTime.format(new Date(o.payment.paidAt))}</dd>
          </>
        )}
      </dl>
      {o.status === 'ASSESSING' && <p>{t.assessing}</p>}
      {o.status === 'CLOSED_UNPAID' && <p class="note">{t.closed}</p>}
      {o.status === 'ISSUED' && o.payUrl && (
        <p>
          <a class="button" href={`${o.payUrl}?return=${encodeURIComponent(returnAddress(caseNumber))}`}>
            {t.payNow}
          </a>
          <br />
          <span class="hint">{t.payHint}</span>
        </p>
      )}
      {o.refunds.length > 0 && (
        <>
          <h3>{t.refunds}</h3>
          <ul>
            {o.refunds.map((r) => (
              <li key={r.refundId}>
                {t.yuan(r.amountFen)} · {t.refundStatus[r.status] ?? r.status} ·{' '}
                <span lang="zh-CN">{r.reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {o.receipt && <Receipt caseNumber={caseNumber} />}
    </section>
  );
};
