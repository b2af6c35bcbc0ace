// 缴费 on the workbench: the case view's order (the fees, the reduction and its basis, what is due, the 缴款码,
// the payment and every refund), the collecting department's reviewer's assessment (核定: the open amounts
// typed in yuan and sent as integer fen, with an optional documented reduction or exemption), and the
// staff's refund request (退款申请, full or partial, with the reason). A supervisor other than who asked
// decides a request (退款审批) here or from the queue of refunds; the provider then refunds it.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatYuan, parseYuan } from '../../../shared/payments.ts';
import { type ApiProblem, send, useApi } from '../api.ts';
import { Status } from '../layout.tsx';
import { Field } from '../pages/field.tsx';
import { staffOf } from '../session.ts';
import { localTime, Table, useJurisdiction } from './cases.tsx';
import { formErrors } from './problems.ts';
import { type Text, usePick, useText } from './text.ts';
import { TextArea } from './text-area.tsx';

export interface FeeLine {
  name: string;
  standard: string;
  basis: string;
  reducible: boolean;
  amountFen?: number;
}

export interface RefundView {
  refundId: string;
  amountFen: number;
  reason: string;
  requestedBy: { sub: string; name: string };
  requestedAt: string;
  status: 'requested' | 'approved' | 'refused' | 'refunded';
  decidedBy?: { sub: string; name: string };
  decidedAt?: string;
  opinion?: string;
  refundedAt?: string;
  automatic?: boolean;
}

export interface OrderView {
  caseNumber: string;
  orderId: string;
  status: 'ASSESSING' | 'ISSUED' | 'PAID' | 'WAIVED' | 'CLOSED_UNPAID';
  statusName: string;
  department: string;
  itemName: string;
  payerName: string;
  fees: FeeLine[];
  assessment?: {
    lines: Array<FeeLine & { amountFen: number }>;
    totalFen: number;
    reductionFen: number;
    dueFen: number;
    reduction?: { kind: 'exemption' | 'percent' | 'amount'; percent?: number; basis: string; reason: string };
    by: { name: string };
    at: string;
  };
  paymentCode?: string;
  deadline?: string;
  paidFen: number;
  refundedFen: number;
  refundableFen: number;
  payment?: { txnId: string; amountFen: number; paidAt: string };
  receipt?: { receiptNumber: string };
  refunds: RefundView[];
  updatedAt: string;
}

export const paymentText = {
  zh: {
    title: '缴费',
    status: '缴费状态',
    caption: '收费项目及核定金额',
    columns: ['收费项目', '收费标准', '依据', '金额'],
    fixed: '固定金额',
    open: '待核定',
    reducible: '（可减免）',
    total: '合计',
    reduction: '减免',
    reductionKinds: { exemption: '免收', percent: (n: number) => `减免 ${n}%`, amount: '减免金额' },
    basis: '减免依据',
    due: '应缴金额',
    assessedBy: (name: string, at: string) => `${name} 于 ${at} 核定`,
    code: '缴款码',
    deadline: '缴费期限',
    paidLabel: '实缴',
    paid: (amount: string, at: string) => `已缴 ${amount}（${at}）`,
    txn: '支付平台交易号',
    receipt: '电子票据号码',
    refunded: '已退金额',
    refunds: '退款',
    refundsCaption: '退款申请与审批',
    refundColumns: ['金额', '原因', '申请人', '状态', '审批人', '审批意见'],
    refundStatus: { requested: '待审批', approved: '已批准，退款中', refused: '未批准', refunded: '已退还' },
    automatic: '系统自动',
    assess: '核定收费',
    reassess: '重新核定收费',
    reassessHint: '重新核定后发出新的缴款通知，原缴款码作废。',
    amount: (name: ComponentChildren) => <>「{name}」金额（元）</>,
    amountHint: (standard: string) => `收费标准：${standard}。填写元，最多两位小数，如 300 或 300.50。`,
    amountInvalid: '请填写金额（元），最多两位小数。',
    reductionLegend: '减免',
    reductionNone: '不减免',
    reductionPercent: '按比例减免',
    reductionAmount: '减免固定金额',
    reductionExemption: '免收（可减免的项目全部免收）',
    reductionHint: '只有可减免的项目能减免：',
    percent: '减免比例（%）',
    percentInvalid: '请填写 1 到 100 的整数。',
    reductionTooMuch: (max: string) => `减免金额须在 ¥0.01 到可减免项目合计 ${max} 之间。`,
    notReducible: '本事项的收费项目都不能减免。',
    reductionAmountLabel: '减免金额（元）',
    basisLabel: '减免依据（文件名称及条款）',
    reasonLabel: '减免理由',
    textMissing: '请填写（至少 2 个字）。',
    submitAssess: '核定并发出缴款通知',
    assessed: (due: string) => `已核定，应缴 ${due}，缴款通知已发出。`,
    waived: '已核定免缴，办件继续办理。',
    requestRefund: '申请退款',
    refundable: (amount: string) => `可退金额：${amount}。退款须由另一位监察人员审批。`,
    refundKind: '退款金额',
    full: (amount: string) => `全额退款（${amount}）`,
    partial: '部分退款',
    refundAmount: '退款金额（元）',
    refundTooMuch: (max: string) => `超过可退金额：最多可退 ${max}。`,
    refundReason: '退款原因',
    submitRefund: '提交退款申请',
    refundAsked: (amount: string) => `已申请退款 ${amount}，等待监察人员审批。`,
    decide: (amount: string) => `审批退款 ${amount}`,
    ownRequest: '这是你提出的申请，须由其他监察人员审批。',
    opinion: '审批意见（必填）',
    approve: '同意退款',
    refuse: '不同意',
    approved: '已同意，退款已提交支付平台。',
    refused: '已不同意这笔退款。',
  },
  en: {
    title: 'Fees',
    status: 'Payment',
    caption: 'Fees and assessed amounts',
    columns: ['Fee', 'Standard', 'Basis', 'Amount'],
    fixed: 'Fixed',
    open: 'To assess',
    reducible: ' (reducible)',
    total: 'Total',
    reduction: 'Reduction',
    reductionKinds: {
      exemption: 'Exempted',
      percent: (n: number) => `${n}% off`,
      amount: 'Amount off',
    },
    basis: 'Basis of the reduction',
    due: 'Due',
    assessedBy: (name: string, at: string) => `Assessed by ${name} at ${at}`,
    code: 'Payment code',
    deadline: 'Pay by',
    paidLabel: 'Paid',
    paid: (amount: string, at: string) => `Paid ${amount} (${at})`,
    txn: 'Provider transaction',
    receipt: 'Receipt number',
    refunded: 'Refunded',
    refunds: 'Refunds',
    refundsCaption: 'Refund requests and decisions',
    refundColumns: ['Amount', 'Reason', 'Asked by', 'Status', 'Decided by', 'Opinion'],
    refundStatus: {
      requested: 'Awaiting approval',
      approved: 'Approved, being refunded',
      refused: 'Refused',
      refunded: 'Refunded',
    },
    automatic: 'Automatic',
    assess: 'Assess the fees',
    reassess: 'Assess the fees again',
    reassessHint: 'A new assessment issues a new payment notice; the old payment code lapses.',
    amount: (name: ComponentChildren) => <>Amount of “{name}” (yuan)</>,
    amountHint: (standard: string) =>
      `Standard: ${standard}. In yuan, at most two decimals, e.g. 300 or 300.50.`,
    amountInvalid: 'Give the amount in yuan, at most two decimals.',
    reductionLegend: 'Reduction',
    reductionNone: 'No reduction',
    reductionPercent: 'By a rate',
    reductionAmount: 'By an amount',
    reductionExemption: 'Exemption (every reducible fee waived)',
    reductionHint: 'Only reducible fees may be reduced: ',
    percent: 'Rate (%)',
    percentInvalid: 'A whole number from 1 to 100.',
    reductionTooMuch: (max: string) => `Between ¥0.01 and the reducible fees’ total, ${max}.`,
    notReducible: 'No fee of this item may be reduced.',
    reductionAmountLabel: 'Amount off (yuan)',
    basisLabel: 'Basis (document and article)',
    reasonLabel: 'Reason',
    textMissing: 'Required (at least 2 characters).',
    submitAssess: 'Assess and issue the payment notice',
    assessed: (due: string) => `Assessed: ${due} due; the payment notice is out.`,
    waived: 'Assessed as exempt: the case goes on.',
    requestRefund: 'Ask for a refund',
    refundable: (amount: string) => `Refundable: ${amount}. Another supervisor must approve the refund.`,
    refundKind: 'Amount to refund',
    full: (amount: string) => `All of it (${amount})`,
    partial: 'Part of it',
    refundAmount: 'Amount (yuan)',
    refundTooMuch: (max: string) => `More than may be refunded: at most ${max}.`,
    refundReason: 'Reason for the refund',
    submitRefund: 'Ask for the refund',
    refundAsked: (amount: string) => `Refund of ${amount} asked; a supervisor will decide.`,
    decide: (amount: string) => `Decide the refund of ${amount}`,
    ownRequest: 'You asked for this refund: another supervisor decides it.',
    opinion: 'Opinion (required)',
    approve: 'Approve the refund',
    refuse: 'Refuse',
    approved: 'Approved: the refund went to the payment platform.',
    refused: 'The refund was refused.',
  },
};

type Words = (typeof paymentText)['zh'];

/** Fen as the workbench shows money: ¥ and two decimals. */
export const yuan = (fen: number) => `¥${formatYuan(fen)}`;

/**
 * The fields the API found wrong (a domain check names its path without `body.`), each worded here by
 * `word`; a sentence for a refusal no field of the form is to blame for.
 */
const problemsOf = (
  problem: ApiProblem,
  pick: <T>(text: Text<T>) => T,
  word: (path: string) => string | undefined,
) => {
  const fields: Record<string, string> = {};
  let elsewhere = problem.details.length === 0;
  for (const d of problem.details) {
    const path = d.path.replace(/^body\./, '');
    const worded = word(path);
    if (worded) fields[path] ??= worded;
    else elsewhere = true;
  }
  const general = elsewhere ? formErrors({ ...problem, details: [] }, pick).general : undefined;
  return { fields, general };
};

type Outcome =
  | { ok: true; message: string }
  | { ok: false; fields: Record<string, string>; general?: string };

const Said = ({ outcome }: { outcome?: Outcome }) =>
  !outcome ? null : outcome.ok ? (
    <output class="verdict ok">✓ {outcome.message}</output>
  ) : outcome.general ? (
    <p role="alert" class="error">
      ⚠ {outcome.general}
    </p>
  ) : null;

const errorOf = (outcome: Outcome | undefined, ...paths: string[]) => {
  if (!outcome || outcome.ok) return undefined;
  for (const p of paths) {
    const found = Object.entries(outcome.fields).find(([k]) => k === p || k.startsWith(`${p}.`));
    if (found) return found[1];
  }
  return undefined;
};

/**
 * A staff form's sending: its last outcome, whether it is on its way, and `submit`, which POSTs once at a
 * time and words the fields the API names with `word` (given the answer's status).
 */
const useSubmit = () => {
  const pick = usePick();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const submit = async <T,>(
    path: string,
    body: unknown,
    said: (value: T) => string,
    word: (path: string, status: number) => string | undefined,
  ) => {
    if (busy) return undefined;
    setBusy(true);
    const answer = await send<T>('POST', path, body);
    setBusy(false);
    if (!answer.ok) {
      const { status } = answer.problem;
      setOutcome({ ok: false, ...problemsOf(answer.problem, pick, (p) => word(p, status)) });
      return undefined;
    }
    const message = said(answer.value);
    setOutcome({ ok: true, message });
    return message;
  };
  const invalid = (fields: Record<string, string>) => setOutcome({ ok: false, fields });
  return { outcome, busy, submit, invalid };
};

const Radio = ({
  name,
  value,
  checked,
  label,
  onPick,
}: {
  name: string;
  value: string;
  checked: boolean;
  label: string;
  onPick: () => void;
}) => (
  <label>
    <input type="radio" name={name} value={value} checked={checked} onChange={onPick} /> {label}
  </label>
);

const reductionKinds = [
  ['none', 'reductionNone'],
  ['percent', 'reductionPercent'],
  ['amount', 'reductionAmount'],
  ['exemption', 'reductionExemption'],
] as const;

/** 核定: the open amounts in yuan (sent as fen) and an optional documented reduction. */
const AssessForm = ({ order, t, done }: { order: OrderView; t: Words; done: (message: string) => void }) => {
  const open = order.fees.map((f, line) => ({ f, line })).filter(({ f }) => f.amountFen === undefined);
  const reducible = order.fees.filter((f) => f.reducible);
  const [amounts, setAmounts] = useState<Record<number, string>>(() =>
    Object.fromEntries(
      open.map(({ line }) => {
        const was = order.assessment?.lines[line]?.amountFen;
        return [line, was === undefined ? '' : formatYuan(was)];
      }),
    ),
  );
  const [kind, setKind] = useState<'none' | 'percent' | 'amount' | 'exemption'>('none');
  const [percent, setPercent] = useState('');
  const [off, setOff] = useState('');
  const [basis, setBasis] = useState('');
  const [reason, setReason] = useState('');
  const { outcome, busy, submit, invalid } = useSubmit();

  const assess = async (e: Event) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    const sent: Array<{ line: number; amountFen: number }> = [];
    for (const [i, { line }] of open.entries()) {
      const fen = parseYuan(amounts[line] ?? '');
      if (fen === undefined) fields[`amounts.${i}.amountFen`] = t.amountInvalid;
      else sent.push({ line, amountFen: fen });
    }
    let reduction: Record<string, unknown> | undefined;
    if (kind !== 'none') {
      reduction = { kind, basis: basis.trim(), reason: reason.trim() };
      if (kind === 'percent') {
        if (!/^\d{1,3}$/.test(percent.trim()) || Number(percent) < 1 || Number(percent) > 100)
          fields['reduction.percent'] = t.percentInvalid;
        reduction.percent = Number(percent);
      }
      if (kind === 'amount') {
        const fen = parseYuan(off);
        if (fen === undefined || fen < 1) fields['reduction.amountFen'] = t.amountInvalid;
        reduction.amountFen = fen;
      }
      if (basis.trim().length < 2) fields['reduction.basis'] = t.textMissing;
      if (reason.trim().length < 2) fields['reduction.reason'] = t.textMissing;
    }
    if (Object.keys(fields).length > 0) return invalid(fields);
    const reducibleFen = order.fees.reduce(
      (sum, f, line) =>
        f.reducible ? sum + (f.amountFen ?? sent.find((a) => a.line === line)?.amountFen ?? 0) : sum,
      0,
    );
    const word = (path: string) =>
      path.startsWith('amounts')
        ? t.amountInvalid
        : path === 'reduction.amountFen'
          ? t.reductionTooMuch(yuan(reducibleFen))
          : path === 'reduction.percent'
            ? t.percentInvalid
            : path === 'reduction.basis' || path === 'reduction.reason'
              ? t.textMissing
              : path === 'reduction'
                ? t.notReducible
                : undefined;
    const message = await submit<OrderView>(
      `/cases/${order.caseNumber}/payment/assessment`,
      { ...(sent.length > 0 ? { amounts: sent } : {}), ...(reduction ? { reduction } : {}) },
      (v) => (v.status === 'WAIVED' ? t.waived : t.assessed(yuan(v.assessment?.dueFen ?? 0))),
      word,
    );
    if (message) done(message);
  };

  const reductionError =
    errorOf(outcome, 'reduction.kind') ?? (outcome && !outcome.ok ? outcome.fields.reduction : undefined);
  return (
    <form class="form" noValidate onSubmit={assess} aria-labelledby="assess-title">
      <h3 id="assess-title">{order.status === 'ASSESSING' ? t.assess : t.reassess}</h3>
      {order.status !== 'ASSESSING' && <p class="hint">{t.reassessHint}</p>}
      {open.map(({ f, line }, i) => (
        <Field
          key={line}
          id={`fee-amount-${line}`}
          label={t.amount(<span lang="zh-CN">{f.name}</span>)}
          hint={t.amountHint(f.standard)}
          error={
            errorOf(outcome, `amounts.${i}`) ??
            (i === 0 && outcome?.ok === false ? outcome.fields.amounts : undefined)
          }
          required
        >
          <input
            inputMode="decimal"
            autoComplete="off"
            value={amounts[line] ?? ''}
            onInput={(e) =>
              setAmounts((a) => ({ ...a, [line]: (e.currentTarget as HTMLInputElement).value }))
            }
          />
        </Field>
      ))}
      {reducible.length > 0 && (
        <fieldset
          class={reductionError ? 'choices invalid' : 'choices'}
          aria-describedby={reductionError ? 'reduction-error' : 'reduction-hint'}
        >
          <legend>{t.reductionLegend}</legend>
          <p id="reduction-hint" class="hint">
            {t.reductionHint}
            <span lang="zh-CN">{reducible.map((f) => f.name).join('、')}</span>
          </p>
          {reductionKinds.map(([value, label]) => (
            <Radio
              key={value}
              name="reduction"
              value={value}
              checked={kind === value}
              label={t[label]}
              onPick={() => setKind(value)}
            />
          ))}
          {reductionError && (
            <p id="reduction-error" class="error">
              ⚠ {reductionError}
            </p>
          )}
        </fieldset>
      )}
      {(kind === 'percent' || kind === 'amount') && (
        <Field
          key={kind}
          id={`reduction-${kind}`}
          label={kind === 'percent' ? t.percent : t.reductionAmountLabel}
          error={errorOf(outcome, kind === 'percent' ? 'reduction.percent' : 'reduction.amountFen')}
          required
        >
          <input
            inputMode={kind === 'percent' ? 'numeric' : 'decimal'}
            value={kind === 'percent' ? percent : off}
            onInput={(e) =>
              (kind === 'percent' ? setPercent : setOff)((e.currentTarget as HTMLInputElement).value)
            }
          />
        </Field>
      )}
      {kind !== 'none' && (
        <>
          <Field
            id="reduction-basis"
            label={t.basisLabel}
            error={errorOf(outcome, 'reduction.basis')}
            required
          >
            <input value={basis} onInput={(e) => setBasis((e.currentTarget as HTMLInputElement).value)} />
          </Field>
          <TextArea
            id="reduction-reason"
            label={t.reasonLabel}
            error={errorOf(outcome, 'reduction.reason')}
            value={reason}
            onValue={setReason}
          />
        </>
      )}
      <button type="submit" disabled={busy}>
        {t.submitAssess}
      </button>
      <Said outcome={outcome} />
    </form>
  );
};

/** 退款申请: all that is left of the payment, or part of it, with the reason. */
const RefundForm = ({ order, t, done }: { order: OrderView; t: Words; done: (message: string) => void }) => {
  const [full, setFull] = useState(true);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const { outcome, busy, submit, invalid } = useSubmit();

  const ask = async (e: Event) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    const fen = full ? order.refundableFen : parseYuan(amount);
    if (fen === undefined || fen < 1) fields.amountFen = t.amountInvalid;
    if (reason.trim().length < 2) fields.reason = t.textMissing;
    if (Object.keys(fields).length > 0) return invalid(fields);
    const message = await submit<RefundView>(
      `/cases/${order.caseNumber}/payment/refunds`,
      { amountFen: fen, reason: reason.trim() },
      (v) => t.refundAsked(yuan(v.amountFen)),
      (path, status) =>
        path === 'amountFen'
          ? status === 409
            ? t.refundTooMuch(yuan(order.refundableFen))
            : t.amountInvalid
          : path === 'reason'
            ? t.textMissing
            : undefined,
    );
    if (!message) return;
    setReason('');
    setAmount('');
    done(message);
  };

  return (
    <form class="form" noValidate onSubmit={ask} aria-labelledby="refund-title">
      <h3 id="refund-title">{t.requestRefund}</h3>
      <p class="hint">{t.refundable(yuan(order.refundableFen))}</p>
      <fieldset class="choices">
        <legend>{t.refundKind}</legend>
        <Radio
          name="refund-kind"
          value="full"
          checked={full}
          label={t.full(yuan(order.refundableFen))}
          onPick={() => setFull(true)}
        />
        <Radio
          name="refund-kind"
          value="partial"
          checked={!full}
          label={t.partial}
          onPick={() => setFull(false)}
        />
      </fieldset>
      {!full && (
        <Field id="refund-amount" label={t.refundAmount} error={errorOf(outcome, 'amountFen')} required>
          <input
            inputMode="decimal"
            value={amount}
            onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
      )}
      {full && errorOf(outcome, 'amountFen') && <p class="error">⚠ {errorOf(outcome, 'amountFen')}</p>}
      <TextArea
        id="refund-reason"
        label={t.refundReason}
        error={errorOf(outcome, 'reason')}
        value={reason}
        onValue={setReason}
      />
      <button type="submit" disabled={busy}>
        {t.submitRefund}
      </button>
      <Said outcome={outcome} />
    </form>
  );
};

/** 退款审批: a supervisor other than who asked approves or refuses, always with an opinion. */
export const RefundDecision = ({
  caseNumber,
  refund,
  done,
}: {
  caseNumber: string;
  refund: RefundView;
  done: (message: string) => void;
}) => {
  const t = useText(paymentText);
  const staff = staffOf();
  const [opinion, setOpinion] = useState('');
  const { outcome, busy, submit, invalid } = useSubmit();
  const id = `decision-${refund.refundId}`;
  if (refund.requestedBy.sub === staff.sub) return <p class="note">{t.ownRequest}</p>;

  const decide = async (approve: boolean) => {
    if (opinion.trim().length < 2) return invalid({ opinion: t.textMissing });
    const message = await submit<RefundView>(
      `/cases/${caseNumber}/payment/refunds/${encodeURIComponent(refund.refundId)}/decision`,
      { approve, opinion: opinion.trim() },
      () => (approve ? t.approved : t.refused),
      (path) => (path === 'opinion' ? t.textMissing : undefined),
    );
    if (message) done(message);
  };

  return (
    <form class="form" noValidate onSubmit={(e) => e.preventDefault()} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t.decide(yuan(refund.amountFen))}</h3>
      <TextArea
        id={`${id}-opinion`}
        label={t.opinion}
        error={errorOf(outcome, 'opinion')}
        value={opinion}
        onValue={setOpinion}
      />
      <div class="buttons">
        <button type="button" disabled={busy} onClick={() => void decide(true)}>
          {t.approve}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void decide(false)}>
          {t.refuse}
        </button>
      </div>
      <Said outcome={outcome} />
    </form>
  );
};

const Refunds = ({ order, t }: { order: OrderView; t: Words }) => {
  const { timeZone } = useJurisdiction();
  return (
    <Table caption={t.refundsCaption} columns={t.refundColumns}>
      {order.refunds.map((r) => (
        <tr key={r.refundId}>
          <th scope="row">{yuan(r.amountFen)}</th>
          <td lang="zh-CN">{r.reason}</td>
          <td>
            <span lang="zh-CN">{r.automatic ? t.automatic : r.requestedBy.name}</span>
            <span class="meta">{localTime(r.requestedAt, timeZone)}</span>
          </td>
          <td>
            {t.refundStatus[r.status]}
            {r.refundedAt && <span class="meta">{localTime(r.refundedAt, timeZone)}</span>}
          </td>
          <td lang="zh-CN">{r.decidedBy?.name}</td>
          <td lang="zh-CN">{r.opinion}</td>
        </tr>
      ))}
    </Table>
  );
};

/** The order's facts: fees and amounts, the reduction, what is due, the code, the payment. */
const OrderFacts = ({ order, t }: { order: OrderView; t: Words }) => {
  const { timeZone } = useJurisdiction();
  const a = order.assessment;
  const r = a?.reduction;
  return (
    <>
      <Table caption={t.caption} columns={t.columns}>
        {order.fees.map((f, i) => {
          const assessed = a?.lines[i]?.amountFen;
          return (
            <tr key={`${i}-${f.name}`}>
              <th scope="row" lang="zh-CN">
                {f.name}
                {f.reducible && <span class="meta">{t.reducible}</span>}
              </th>
              <td lang="zh-CN">{f.standard}</td>
              <td lang="zh-CN">{f.basis}</td>
              <td>
                {assessed !== undefined ? yuan(assessed) : t.open}
                {f.amountFen !== undefined && <span class="meta">{t.fixed}</span>}
              </td>
            </tr>
          );
        })}
      </Table>
      <dl class="facts">
        <dt>{t.status}</dt>
        <dd>
          <strong lang="zh-CN">{order.statusName}</strong>
        </dd>
        {a && (
          <>
            <dt>{t.total}</dt>
            <dd>{yuan(a.totalFen)}</dd>
            {r && (
              <>
                <dt>{t.reduction}</dt>
                <dd>
                  {r.kind === 'percent' ? t.reductionKinds.percent(r.percent ?? 0) : t.reductionKinds[r.kind]}{' '}
                  · −{yuan(a.reductionFen)}
                </dd>
                <dt>{t.basis}</dt>
                <dd lang="zh-CN">
                  {r.basis}：{r.reason}
                </dd>
              </>
            )}
            <dt>{t.due}</dt>
            <dd>
              <strong>{yuan(a.dueFen)}</strong>
              <span class="meta">{t.assessedBy(a.by.name, localTime(a.at, timeZone))}</span>
            </dd>
          </>
        )}
        {order.paymentCode && (
          <>
            <dt>{t.code}</dt>
            <dd>
              <code>{order.paymentCode}</code>
            </dd>
          </>
        )}
        {order.deadline && order.status === 'ISSUED' && (
          <>
            <dt>{t.deadline}</dt>
            <dd>{localTime(order.deadline, timeZone)}</dd>
          </>
        )}
        {order.payment && (
          <>
            <dt>{t.paidLabel}</dt>
            <dd>{t.paid(yuan(order.payment.amountFen), localTime(order.payment.paidAt, timeZone))}</dd>
            <dt>{t.txn}</dt>
            <dd>
              <code>{order.payment.txnId}</code>
            </dd>
          </>
        )}
        {order.receipt && (
          <>
            <dt>{t.receipt}</dt>
            <dd>
              <code>{order.receipt.receiptNumber}</code>
            </dd>
          </>
        )}
        {order.refundedFen > 0 && (
          <>
            <dt>{t.refunded}</dt>
            <dd>{yuan(order.refundedFen)}</dd>
          </>
        )}
      </dl>
    </>
  );
};

/** The case view's payment section; nothing when the case has no order. */
export const PaymentPanel = ({
  caseNumber,
  refresh,
  done,
}: {
  caseNumber: string;
  refresh: number;
  done: (message: string) => void;
}) => {
  const t = useText(paymentText);
  const staff = staffOf();
  const [again, setAgain] = useState(0);
  const order = useApi<OrderView>(`/cases/${caseNumber}/payment`, refresh + again);
  if (order.state === 'failed' && order.status === 404) return null;
  if (order.state !== 'ready') return <Status of={order} />;
  const o = order.value;
  const changed = (message: string) => {
    setAgain((n) => n + 1);
    done(message);
  };
  const assessor =
    staff.roles.includes('reviewer') &&
    staff.department === o.department &&
    (o.status === 'ASSESSING' || o.status === 'ISSUED') &&
    o.fees.some((f) => f.amountFen === undefined || f.reducible);
  const asker =
    (staff.roles.includes('clerk') || staff.roles.includes('reviewer')) &&
    Boolean(o.payment) &&
    o.refundableFen > 0;
  const supervisor = staff.roles.includes('supervisor');
  const pending = o.refunds.filter((r) => r.status === 'requested');
  return (
    <section aria-labelledby="payment-title">
      <h2 id="payment-title">{t.title}</h2>
      <OrderFacts order={o} t={t} />
      {o.refunds.length > 0 && (
        <>
          <h3>{t.refunds}</h3>
          <Refunds order={o} t={t} />
        </>
      )}
      {assessor &&
        (o.status === 'ASSESSING' ? (
          <AssessForm key={o.updatedAt} order={o} t={t} done={changed} />
        ) : (
          <details class="panel">
            <summary>{t.reassess}</summary>
            <AssessForm key={o.updatedAt} order={o} t={t} done={changed} />
          </details>
        ))}
      {asker && <RefundForm key={o.updatedAt} order={o} t={t} done={changed} />}
      {supervisor &&
        pending.map((r) => (
          <RefundDecision key={r.refundId} caseNumber={caseNumber} refund={r} done={changed} />
        ))}
    </section>
  );
};
