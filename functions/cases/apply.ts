// 网上申请 applying once: validate the form and materials against the published item (or every item of a
// one-thing bundle), take the applicant's identity from the token, number the case and write it — with its
// first history entry and the idempotency record — in one transaction. The same Idempotency-Key always
// answers with the same case, also when two requests race: only one transaction can create the key.
import { createHash, randomInt } from 'node:crypto';
import {
  type ApplicationInput,
  type CitedFacts,
  checkMaterials,
  citedDocuments,
  type MaterialSubmission,
} from '../../shared/cases/application.ts';
import {
  type Applicant,
  type CaseItemRef,
  type CaseRecord,
  departmentsOf,
  itemRefOf,
  submissionView,
} from '../../shared/cases/case.ts';
import { formatCaseNumber } from '../../shared/cases/case-number.ts';
import { checkForm } from '../../shared/cases/form.ts';
import { GENESIS_HASH } from '../../shared/cases/history.ts';
import { sensitiveFields } from '../../shared/cases/personal.ts';
import { type BundleMaterial, mergeBundle, mergedMaterialOf } from '../../shared/catalogue/bundle.ts';
import { assuranceShortfall, type Item } from '../../shared/catalogue/item.ts';
import { courierOffered } from '../../shared/delivery.ts';
import { conflict, type FieldIssue, forbidden, validationFailed } from '../../shared/errors.ts';
import { domainEvent, EventType } from '../../shared/events.ts';
import type { Principal } from '../../shared/identity.ts';
import { actorOf, type CaseContext, journal, type UploadStore } from './context.ts';
import { ChangeConflict } from './store.ts';

/** Idempotency records outlive any client retry: a day. */
const idempotencySeconds = 24 * 3600;
/** 查询码 alphabet without look-alikes (0/O, 1/I/L). */
const queryAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export const newQueryCode = () =>
  Array.from({ length: 8 }, () => queryAlphabet[randomInt(queryAlphabet.length)]).join('');

export const requestHashOf = (input: ApplicationInput) =>
  createHash('sha256').update(JSON.stringify(input)).digest('base64url');

const applicantOf = (
  p: Principal,
  input: ApplicationInput,
): { applicant: Applicant; applicantId: string } => {
  if (p.role === 'agent') {
    const o = input.onBehalfOf;
    if (!o) {
      throw validationFailed([
        {
          path: 'body.onBehalfOf',
          message: '代办须写明委托人及授权委托书 (an agent must name the principal)',
        },
      ]);
    }
    return o.type === 'person'
      ? {
          applicant: {
            type: 'person',
            name: o.name,
            idNumber: o.idNumber,
            ...(o.mobile ? { mobile: o.mobile } : {}),
          },
          applicantId: o.idNumber,
        }
      : {
          applicant: {
            type: 'enterprise',
            name: o.name,
            creditCode: o.creditCode,
            legalRepresentative: o.legalRepresentative,
          },
          applicantId: o.creditCode,
        };
  }
  if (input.onBehalfOf) {
    throw validationFailed([
      { path: 'body.onBehalfOf', message: '仅代办人可代他人申请 (only an agent applies for someone else)' },
    ]);
  }
  if (p.role === 'citizen') {
    if (!p.idNumber) throw forbidden('Real-name verification (实名认证) is required to apply.');
    return {
      applicant: { type: 'person', name: p.name, idNumber: p.idNumber, sub: p.sub },
      applicantId: p.idNumber,
    };
  }
  if (!p.creditCode) throw forbidden('An enterprise account needs its unified social credit code to apply.');
  return {
    applicant: { type: 'enterprise', name: p.name, creditCode: p.creditCode, sub: p.sub },
    applicantId: p.creditCode,
  };
};

const servesApplicant = (item: Item, applicant: Applicant) =>
  applicant.type === 'person'
    ? item.serviceObjects.includes(1)
    : item.serviceObjects.some((o) => o === 2 || o === 3 || o === 4);

const appliesOnline = (item: Item) =>
  item.handlingForms.includes('online') || item.handlingForms.includes('mobile');

const dedupe = (issues: FieldIssue[]) => {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

export const createApply = (ctx: CaseContext, uploads: UploadStore) => {
  const { store, items, jurisdiction, calendars } = ctx.deps;

  const resolveFacts = async (
    uploader: string,
    submissions: readonly MaterialSubmission[],
    extraKeys: string[],
  ): Promise<CitedFacts> => {
    const { uploadKeys, licenceIds } = citedDocuments(submissions, extraKeys);
    const [u, l] = await Promise.all([
      Promise.all(uploadKeys.map(async (k) => [k, await uploads.head(k, uploader)] as const)),
      Promise.all(licenceIds.map(async (id) => [id, await store.getLicence(id)] as const)),
    ]);
    return { uploads: new Map(u), licences: new Map(l) };
  };

  /**
   * The published items an application is for, in bundle order: as last read (the change checks they are
   * still current when it commits), or `fresh`ly read when that check failed.
   */
  const itemsFor = async (input: ApplicationInput, fresh: boolean) => {
    const currentOf = fresh ? items.current : items.lastKnown;
    if (input.itemCode) {
      const item = await currentOf(input.itemCode);
      if (!item)
        throw validationFailed([{ path: 'body.itemCode', message: `没有已发布的事项 ${input.itemCode}` }]);
      return { items: [item] };
    }
    const bundle = await items.bundle(input.bundleCode!);
    if (!bundle)
      throw validationFailed([{ path: 'body.bundleCode', message: `没有“一件事” ${input.bundleCode}` }]);
    const members = await Promise.all(bundle.itemCodes.map((c) => currentOf(c)));
    const missing = bundle.itemCodes.filter((_, i) => !members[i]);
    if (missing.length > 0) throw conflict(`Items of the bundle are not published: ${missing.join(', ')}.`);
    return { items: members as Item[], bundle };
  };

  const checkAll = (
    list: readonly Item[],
    input: ApplicationInput,
    applicant: Applicant,
    applicantId: string,
    facts: CitedFacts,
  ) => {
    const issues: FieldIssue[] = [];
    const field = input.itemCode ? 'body.itemCode' : 'body.bundleCode';
    for (const item of list) {
      if (!servesApplicant(item, applicant))
        issues.push({
          path: field,
          message: `「${item.name}」不面向此类申请人 (not served to this applicant)`,
        });
      if (!appliesOnline(item))
        issues.push({ path: field, message: `「${item.name}」不支持网上申请 (apply at the window)` });
      issues.push(
        ...checkForm(
          `${item.implementationCode}@${item.version}`,
          item.formSchema,
          list.length > 1 ? formFor(item, input.form) : input.form,
        ),
      );
    }
    const today = ctx.today();
    const promised = Math.min(...list.map((i) => itemRefOf(i).promisedDays));
    // A bundle asks for each shared material once: check against the merged list.
    const merged = mergeBundle({ name: '' }, list).materials;
    issues.push(
      ...checkMaterials({
        item: { materials: merged },
        submissions: input.materials,
        applicantId,
        facts,
        today,
        latestDeferral: calendars.current().addWorkingDays(today, promised),
      }),
    );
    if (input.onBehalfOf && !facts.uploads.get(input.onBehalfOf.authorisation)) {
      issues.push({
        path: 'body.onBehalfOf.authorisation',
        message: '未找到上传的授权委托书 (no upload under this key)',
      });
    }
    if (issues.length > 0) throw validationFailed(dedupe(issues), 'The application is not complete.');
    return merged;
  };

  /** Each child case gets the submissions of its own materials, under its own material ids. */
  const submissionsFor = (
    item: Item,
    submissions: readonly MaterialSubmission[],
    merged: BundleMaterial[],
  ) => {
    const byMergedId = new Map(submissions.map((s) => [s.materialId, s]));
    return item.materials.flatMap((m) => {
      const s = byMergedId.get(mergedMaterialOf(merged, m)?.id ?? '');
      return s ? [{ ...s, materialId: m.id }] : [];
    });
  };

  const formFor = (item: Item, form: Record<string, unknown>) => {
    const props = Object.keys((item.formSchema as { properties?: Record<string, unknown> }).properties ?? {});
    return Object.fromEntries(Object.entries(form).filter(([k]) => props.includes(k)));
  };

  const replay = async (sub: string, key: string, requestHash: string) => {
    const previous = await store.getIdempotency(sub, key);
    if (!previous) return undefined;
    if (previous.requestHash !== requestHash)
      throw conflict('This Idempotency-Key was used for a different application.');
    const record = await store.getCase(previous.caseNumber);
    if (!record) throw new Error(`Idempotency record names a missing case ${previous.caseNumber}`);
    return submissionView(record);
  };

  /**
   * A first submission costs one transaction: the key is not looked up first. Its Put, conditioned on the
   * key being new, is what finds a repeat; a repeat (or a racing twin) that fails anywhere on the way —
   * the transaction's condition, or a check that no longer passes since — is answered from the stored
   * record, and a key used for another body is a conflict, as before.
   */
  return async (p: Principal, input: ApplicationInput, idempotencyKey: string) => {
    const requestHash = requestHashOf(input);
    try {
      try {
        return await submit(p, input, idempotencyKey, requestHash, false);
      } catch (error) {
        // An item changed since this instance read it: once more, against the item as published now.
        if (error instanceof ChangeConflict && error.failed.every((part) => part === 'item'))
          return await submit(p, input, idempotencyKey, requestHash, true);
        throw error;
      }
    } catch (error) {
      const view = await replay(p.sub, idempotencyKey, requestHash);
      if (view) return { created: false, view };
      throw error;
    }
  };

  async function submit(
    p: Principal,
    input: ApplicationInput,
    idempotencyKey: string,
    requestHash: string,
    fresh: boolean,
  ) {
    const found = await itemsFor(input, fresh);

    const { applicant, applicantId } = applicantOf(p, input);
    // 认证等级: an item may need more than a real-name sign-in (e.g. a face-verified one).
    for (const item of found.items) {
      const shortfall = assuranceShortfall(item, p.level);
      if (shortfall) throw forbidden(shortfall);
    }
    const resolved = await resolveFacts(
      p.sub,
      input.materials,
      input.onBehalfOf ? [input.onBehalfOf.authorisation] : [],
    );
    const facts =
      ctx.deps.sealing && resolved.licences.size > 0
        ? { ...resolved, licences: await ctx.deps.sealing.licenceHolders(resolved.licences, applicantId) }
        : resolved;
    const merged = checkAll(found.items, input, applicant, applicantId, facts);
    if (input.delivery?.method === 'courier') {
      const item = found.items[0]!;
      const problem = !jurisdiction.delivery
        ? '本地未开通邮寄送达 (no courier here: pick up at the hall)'
        : found.bundle
          ? '一件事办件请到窗口领取 (a bundle’s results are picked up at the hall)'
          : !courierOffered(item)
            ? '本事项不提供邮寄送达 (this item’s result is not mailed)'
            : undefined;
      if (problem) throw validationFailed([{ path: 'body.delivery.method', message: problem }]);
    }

    const at = ctx.now().toISOString();
    const date = ctx.today();
    const number = async () =>
      formatCaseNumber({
        divisionCode: jurisdiction.divisionCode,
        date,
        sequence: await store.nextSequence(jurisdiction.divisionCode, date),
      });
    const actor = actorOf(p);
    const agent =
      p.role === 'agent' && input.onBehalfOf
        ? {
            sub: p.sub,
            name: p.name,
            ...(p.idNumber ? { idNumber: p.idNumber } : {}),
            authorisationKey: input.onBehalfOf.authorisation,
          }
        : undefined;
    const base = (caseNumber: string, item: CaseItemRef | undefined, department: string): CaseRecord => ({
      caseNumber,
      queryCode: newQueryCode(),
      kind: 'single',
      status: 'SUBMITTED',
      ...(item ? { item } : {}),
      applicant,
      ...(agent ? { agent } : {}),
      submittedBy: p.sub,
      channel: input.channel,
      form: input.form,
      materials: input.materials,
      handlingDepartment: department,
      departments: [department],
      submittedAt: at,
      extensionDays: 0,
      extensions: [],
      pauses: [],
      rev: 0,
      historyLength: 0,
      historyHead: GENESIS_HASH,
      updatedAt: at,
    });

    const records: CaseRecord[] = [];
    if (!found.bundle) {
      const item = found.items[0]!;
      const record = base(await number(), itemRefOf(item), item.department);
      record.departments = departmentsOf(item);
      if (input.delivery) record.delivery = { ...input.delivery, chosenAt: at };
      records.push(record);
    } else {
      const numbers = await Promise.all([number(), ...found.items.map(() => number())]);
      const parent = base(numbers[0]!, undefined, 'zwfw');
      parent.kind = 'bundle';
      parent.bundle = { code: found.bundle.code, name: found.bundle.name };
      parent.items = found.items.map(itemRefOf);
      parent.children = numbers.slice(1);
      parent.departments = [...new Set(['zwfw', ...found.items.flatMap(departmentsOf)])];
      records.push(parent);
      found.items.forEach((item, i) => {
        const child = base(numbers[i + 1]!, itemRefOf(item), item.department);
        child.kind = 'child';
        child.parent = parent.caseNumber;
        child.queryCode = parent.queryCode;
        child.form = formFor(item, input.form);
        child.materials = submissionsFor(item, input.materials, merged);
        child.departments = departmentsOf(item);
        records.push(child);
      });
    }
    // Personal values are sealed before anything is stored; a function that cannot seal takes no cases.
    if (!ctx.deps.sealing) throw new Error('Applications need the personal-data:seal binding');
    const sensitive = new Map(found.items.flatMap((item) => [...sensitiveFields(item.formSchema)]));
    const sealing = ctx.deps.sealing;
    await Promise.all(records.map((r) => sealing.seal(r, sensitive)));
    const history = records.map((r) =>
      journal(r, {
        at,
        actor,
        action: 'submit',
        statusAfter: 'SUBMITTED',
        details: {
          channel: input.channel,
          ...(r.item ? { item: `${r.item.code}@${r.item.version}` } : { bundle: r.bundle?.code }),
          ...(r.parent ? { parent: r.parent } : {}),
          ...(agent ? { onBehalfOf: applicant.type } : {}),
        },
      }),
    );
    const main = records[0]!;
    await store.commit({
      cases: records.map((record) => ({ record, expectedRev: 'new' as const })),
      history,
      items: found.items.map((item) => ({ code: item.implementationCode, version: item.version })),
      idempotency: {
        sub: p.sub,
        key: idempotencyKey,
        record: { caseNumber: main.caseNumber, requestHash },
        expiresAt: Math.floor(Date.now() / 1000) + idempotencySeconds,
      },
      outbox: {
        at: ctx.now(),
        events: records.map((r) =>
          domainEvent(EventType.CaseSubmitted, {
            caseNumber: r.caseNumber,
            status: r.status,
            kind: r.kind,
            item: r.item?.code,
            department: r.handlingDepartment,
          }),
        ),
      },
    });
    // A failed condition on the key (a repeat, or a twin that won the race) is answered by the caller.
    return { created: true, view: submissionView(main) };
  }
};
