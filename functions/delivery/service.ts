// 物流寄递 use-cases on a case: the applicant chooses pick-up or delivery (until the result is sent), the
// result of an approved case is handed to the courier (a waybill), the courier's tracking events move the
// case (delivered → DELIVERED; returned to the hall → AWAITING_PICKUP, then picked up at the window), and
// the window records materials that came by post. Each change is one case change: the case row, its
// history entry and its events in one transaction, guarded by the case's revision.
import type { CaseRecord } from '../../shared/cases/case.ts';
import type { HistoryActor } from '../../shared/cases/history.ts';
import { allowedActions, type CaseAction, transition } from '../../shared/cases/lifecycle.ts';
import {
  applyTrackingEvent,
  caseEffectOf,
  courierOffered,
  type DeliveryChoice,
  isFinal,
  type MailedMaterialsInput,
  type TrackingEvent,
} from '../../shared/delivery.ts';
import { conflict, validationFailed } from '../../shared/errors.ts';
import { EventType } from '../../shared/events.ts';
import type { Principal } from '../../shared/identity.ts';
import type { CaseContext, Plan } from '../cases/context.ts';
import { journal } from '../cases/context.ts';
import { createSteps, event } from '../cases/steps.ts';
import type { Courier } from './courier.ts';

export const createDelivery = (ctx: CaseContext, courier: Courier | undefined) => {
  const { items, jurisdiction } = ctx.deps;
  const { assertApplicant, assertNotChild, assertWindow, step, assemble } = createSteps(ctx);
  const courierActor: HistoryActor = { sub: 'courier', name: courier?.name ?? '快递', role: 'system' };

  const itemOf = async (record: CaseRecord) =>
    record.item ? items.version(record.item.code, record.item.version) : undefined;

  /** A system step by the courier: the lifecycle's rule, the case moved, its history entry. */
  const courierStep = (record: CaseRecord, action: CaseAction, details: Record<string, unknown>) => {
    const before = record.status;
    const after = transition(before, action, 'system');
    const expectedRev = record.rev;
    record.status = after;
    record.updatedAt = ctx.now().toISOString();
    const history = journal(record, {
      at: record.updatedAt,
      actor: courierActor,
      action,
      statusBefore: before,
      statusAfter: after,
      details,
    });
    return { record, expectedRev, history };
  };

  const nothing = <T>(result: T): Plan<T> => ({ change: { cases: [] }, result });

  /** What the case page shows of delivery: the choice, the waybill and its timeline, mailed-in materials. */
  const view = async (record: CaseRecord) => {
    const item = await itemOf(record);
    return {
      caseNumber: record.caseNumber,
      status: record.status,
      offered: Boolean(courier && item && record.kind === 'single' && courierOffered(item)),
      canChoose: allowedActions(record.status).includes('choose-delivery') && !record.shipment,
      delivery: record.delivery ?? { method: 'pickup' as const },
      ...(record.shipment ? { shipment: record.shipment } : {}),
      mailedIn: record.mailedIn ?? [],
      hall: { address: jurisdiction.contacts.hallAddress, hours: jurisdiction.contacts.officeHours },
    };
  };

  /** Why this case cannot be sent by courier, as a field issue; undefined when it can. */
  const courierProblem = async (record: CaseRecord) => {
    if (!courier) return '本地未开通邮寄送达 (no courier here: pick up at the hall)';
    if (record.kind !== 'single')
      return '一件事办件请到窗口领取 (a bundle’s results are picked up at the hall)';
    const item = await itemOf(record);
    if (!item || !courierOffered(item)) return '本事项不提供邮寄送达 (this item’s result is not mailed)';
    return undefined;
  };

  /** 领取方式 the applicant chooses or changes pick-up or delivery, until the result is sent. */
  const choose = (caseNumber: string, p: Principal, choice: DeliveryChoice) =>
    ctx.mutate(caseNumber, async ({ record }) => {
      assertNotChild(record, 'choose delivery on');
      assertApplicant(record, p);
      if (record.shipment)
        throw conflict(
          `The result of case ${caseNumber} has been sent already (waybill ${record.shipment.waybillNumber}).`,
        );
      if (choice.method === 'courier') {
        const problem = await courierProblem(record);
        if (problem) throw validationFailed([{ path: 'body.method', message: problem }]);
      }
      record.delivery = { ...choice, chosenAt: ctx.now().toISOString() };
      // The new address replaces the old one: its mobile and street are sealed as the case's own.
      const sealing = ctx.deps.sealing;
      if (!sealing) throw new Error('Choosing delivery needs the personal-data:open binding');
      if (record.sealed)
        record.sealed = Object.fromEntries(
          Object.entries(record.sealed).filter(([path]) => !path.startsWith('delivery.')),
        );
      await sealing.seal(record);
      const moved = step(record, 'choose-delivery', p, { details: { method: choice.method } });
      return {
        change: assemble([moved]),
        events: [event(EventType.DeliveryChosen, record, { method: choice.method })],
        result: await view(record),
      };
    });

  /**
   * 寄出 an approved case whose applicant chose delivery gets a waybill, once: the courier is asked first
   * (it answers a repeated order with the same waybill), then the case records it.
   */
  const dispatch = async (caseNumber: string): Promise<string> => {
    const record = await ctx.deps.store.getCase(caseNumber);
    if (!record) return 'no such case';
    if (record.status !== 'COMPLETED') return `not sent: ${record.status}`;
    if (record.delivery?.method !== 'courier') return 'picked up at the hall';
    if (record.shipment) return 'sent already';
    if (await courierProblem(record)) return 'not sent: no courier delivery for this case';
    const { address } = record.delivery;
    // The courier needs the mobile and the street in clear: opened here, for the waybill only.
    const sealing = ctx.deps.sealing;
    if (!sealing) throw new Error('Sending a result needs the personal-data:open binding');
    const [mobile, detail] = await Promise.all([
      sealing.open(record, 'delivery.address.mobile', address.mobile),
      sealing.open(record, 'delivery.address.detail', address.detail),
    ]);
    const { waybillNumber } = await courier!.createWaybill({
      orderId: record.caseNumber,
      sender: {
        name: `${jurisdiction.name.zh}政务服务中心`,
        mobile: jurisdiction.contacts.consultation,
        address: jurisdiction.contacts.hallAddress,
      },
      receiver: {
        name: address.recipient,
        mobile: mobile ?? address.mobile,
        provinceCode: address.provinceCode,
        cityCode: address.cityCode,
        countyCode: address.countyCode,
        address: detail ?? address.detail,
        ...(address.postalCode ? { postalCode: address.postalCode } : {}),
      },
      cargo: record.item?.resultName ?? '办理结果',
    });
    return ctx.mutate(caseNumber, ({ record: now }) => {
      if (now.shipment || now.status !== 'COMPLETED') return nothing('sent already');
      now.shipment = {
        waybillNumber,
        courier: courier!.name,
        createdAt: ctx.now().toISOString(),
        status: 'created',
        events: [],
      };
      const moved = courierStep(now, 'dispatch', { courier: courier!.name, waybillNumber });
      return {
        change: assemble([moved]),
        events: [event(EventType.WaybillCreated, now, { courier: courier!.name })],
        result: 'waybill created',
      };
    });
  };

  /**
   * One tracking event of a case's waybill: recorded once (by the courier's event id), in time order; the
   * event that settles the shipment moves the case. 'unknown' when the case has no such waybill.
   */
  const track = (caseNumber: string, waybillNumber: string, tracking: TrackingEvent) =>
    ctx
      .mutate(caseNumber, ({ record }): Plan<'recorded' | 'duplicate' | 'unknown' | 'not yet'> => {
        const shipment = record.shipment;
        // The courier may report before the case has recorded the waybill it was just given: not yet.
        if (!shipment && record.status === 'COMPLETED' && record.delivery?.method === 'courier')
          return nothing('not yet');
        if (!shipment || shipment.waybillNumber !== waybillNumber) return nothing('unknown');
        const wasFinal = isFinal(shipment.status);
        const applied = applyTrackingEvent(shipment, tracking);
        if (applied.known) return nothing('duplicate');
        record.shipment = applied.shipment;
        const effect = caseEffectOf(tracking.kind);
        const details = {
          tracking: tracking.kind,
          occurredAt: tracking.occurredAt,
          eventId: tracking.eventId,
        };
        // A case no longer waiting for its result (already settled) keeps the late event in its timeline.
        const action = applied.decided && record.status === 'COMPLETED' ? effect.action : undefined;
        // Past COMPLETED the case takes no more steps: a late event joins the timeline without one.
        const change =
          record.status === 'COMPLETED'
            ? assemble([courierStep(record, action ?? 'track', details)])
            : {
                cases: [
                  { record: { ...record, updatedAt: ctx.now().toISOString() }, expectedRev: record.rev },
                ],
              };
        const told = !wasFinal && (applied.decided !== undefined || !isFinal(applied.shipment.status));
        return {
          change,
          events:
            told && effect.notice
              ? [event(EventType.ShipmentTracked, record, { tracking: tracking.kind })]
              : [],
          result: 'recorded',
        };
      })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === 'NOT_FOUND') return 'unknown' as const;
        throw error;
      });

  /** 邮寄材料 the window records materials that arrived by post, by their waybill number. */
  const recordMailed = (caseNumber: string, p: Principal, input: MailedMaterialsInput) =>
    ctx.mutate(caseNumber, async ({ record }) => {
      assertWindow(record, p);
      if ((record.mailedIn ?? []).some((m) => m.waybillNumber === input.waybillNumber))
        throw conflict(`Waybill ${input.waybillNumber} is recorded on case ${caseNumber} already.`, [
          { path: 'body.waybillNumber', message: '该运单已登记 (recorded already)' },
        ]);
      const refs = record.item ? [record.item] : (record.items ?? []);
      const versions = await Promise.all(refs.map((r) => items.version(r.code, r.version)));
      const ids = new Set(versions.flatMap((v) => v?.materials.map((m) => m.id) ?? []));
      const unknown = input.materialIds.flatMap((id, i) =>
        ids.has(id)
          ? []
          : [{ path: `body.materialIds.${i}`, message: '不是本事项的材料 (not a material of this item)' }],
      );
      if (unknown.length > 0) throw validationFailed(unknown);
      const entry = {
        ...input,
        receivedAt: ctx.now().toISOString(),
        by: { sub: p.sub, name: p.name },
      };
      record.mailedIn = [...(record.mailedIn ?? []), entry];
      const moved = step(record, 'record-mailed-materials', p, {
        details: { waybillNumber: input.waybillNumber, courier: input.courier, materials: input.materialIds },
      });
      return {
        change: assemble([moved]),
        events: [event(EventType.MailedMaterialsReceived, record, { materials: input.materialIds.length })],
        result: { caseNumber, mailedIn: record.mailedIn },
      };
    });

  /** 领取 the window hands a returned result to the applicant (or their agent). */
  const handOver = (caseNumber: string, p: Principal, input: { note?: string }) =>
    ctx.mutate(caseNumber, async ({ record }) => {
      assertWindow(record, p);
      const moved = step(record, 'hand-over', p, input.note ? { opinion: input.note } : {});
      return {
        change: assemble([moved]),
        events: [event(EventType.CasePickedUp, record, {})],
        result: await view(record),
      };
    });

  const read = async (caseNumber: string, p: Principal) => {
    const { record } = await ctx.visibleCase(caseNumber, p);
    const own = p.sub === record.submittedBy || p.sub === record.applicant.sub;
    const handling = p.department === record.handlingDepartment || p.department === 'zwfw';
    const shown = await view(record);
    // The recipient's address is for the applicant, in full (theirs to check before it is sent), and for
    // the window that sends the result, masked (the courier gets it from the waybill); others see the method.
    if (own && shown.delivery.method === 'courier' && ctx.deps.sealing) {
      const { address } = shown.delivery;
      const [mobile, detail] = await Promise.all([
        ctx.deps.sealing.open(record, 'delivery.address.mobile', address.mobile),
        ctx.deps.sealing.open(record, 'delivery.address.detail', address.detail),
      ]);
      return {
        ...shown,
        delivery: {
          ...shown.delivery,
          address: { ...address, mobile: mobile ?? address.mobile, detail: detail ?? address.detail },
        },
      };
    }
    return own || handling ? shown : { ...shown, delivery: { method: shown.delivery.method } };
  };

  return { choose, dispatch, track, recordMailed, handOver, read };
};

export type Delivery = ReturnType<typeof createDelivery>;
