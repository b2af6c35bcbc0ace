// 事项管理: the implementation list as administrators keep it (动态管理): every item with its state (draft,
// published, retired) and versions; a new draft from a template item, edits, publication, retirement with
// the reason, each version's record; and bulk import from a file, its progress followed as it runs.
import { useState } from 'preact/hooks';
import { getJson, type JurisdictionProfile, send, useApi } from '../api.ts';
import { Status } from '../layout.tsx';
import { Field } from '../pages/field.tsx';
import { StaffOnly } from './app.tsx';
import { ImportSection } from './catalogue-import.tsx';
import { useFocusOnOpen } from './focus.ts';
import { ItemEditor, type ItemInput, inputOf } from './item-editor.tsx';
import { type Done, doneOf, fieldError, invalid, Outcome } from './outcome.tsx';
import { Table } from './table.tsx';
import { usePick, useText } from './text.ts';
import { TextArea } from './text-area.tsx';

type ItemStatus = 'draft' | 'published' | 'retired';
interface Listed {
  code: string;
  name: string;
  status: ItemStatus;
  latest: number;
  current?: number;
  draft?: number;
}
interface AdminView {
  code: string;
  status: ItemStatus;
  current?: number;
  draft?: number;
  versions: Array<{
    version: number;
    status: ItemStatus;
    updatedAt: string;
    updatedBy: { name: string };
    publishedAt?: string;
    retiredAt?: string;
    retiredReason?: string;
  }>;
  item: Record<string, unknown>;
}

const text = {
  zh: {
    title: '事项管理',
    filter: '按状态筛选',
    all: '全部',
    statuses: { draft: '草稿', published: '已发布', retired: '已停用' },
    caption: '事项目录（按实施编码排列）',
    columns: ['实施编码', '事项名称', '状态', '版本', '管理'],
    versionOf: (i: Listed) =>
      [i.current && `现行第 ${i.current} 版`, i.draft && `草稿第 ${i.draft} 版`].filter(Boolean).join('，') ||
      `第 ${i.latest} 版`,
    manage: (name: string) => `管理「${name}」`,
    more: '下一页',
    first: '回到第一页',
    newDraft: '新建草稿',
    template: '新建草稿：选择模板事项',
    templateHint: '新草稿复制模板事项的办事指南，再逐项修改。',
    start: '以此为模板新建',
    detail: (code: string) => `事项 ${code}`,
    versions: '版本记录',
    versionColumns: ['版本', '状态', '最后修改', '发布时间', '停用时间与理由'],
    edit: '编辑草稿',
    revise: '修订（新建下一版草稿）',
    publish: '发布草稿',
    published: (v: number) => `已发布第 ${v} 版，公众已可查到。`,
    guide: '查看公开的办事指南',
    retire: '停用事项',
    retireHint: '停用后事项从目录和搜索中下架，各版本仍可查阅。',
    reason: '停用理由',
    reasonMissing: '请写明停用理由（至少 2 个字）。',
    doRetire: '确认停用',
    retired: '事项已停用。',
    saved: (code: string) => `${code} 的草稿已保存。`,
  },
  en: {
    title: 'Service catalogue',
    filter: 'Show',
    all: 'All',
    statuses: { draft: 'Draft', published: 'Published', retired: 'Retired' },
    caption: 'The catalogue, by implementation code',
    columns: ['Code', 'Name', 'State', 'Version', 'Manage'],
    versionOf: (i: Listed) =>
      [i.current && `v${i.current} current`, i.draft && `v${i.draft} draft`].filter(Boolean).join(', ') ||
      `v${i.latest}`,
    manage: (name: string) => `Manage “${name}”`,
    more: 'Next page',
    first: 'First page',
    newDraft: 'New draft',
    template: 'New draft from a template item',
    templateHint: 'The new draft copies the template’s guide; change what differs.',
    start: 'Start from this template',
    detail: (code: string) => `Item ${code}`,
    versions: 'Versions',
    versionColumns: ['Version', 'State', 'Last change', 'Published', 'Retired, and why'],
    edit: 'Edit the draft',
    revise: 'Revise (start the next version)',
    publish: 'Publish the draft',
    published: (v: number) => `Version ${v} is published and public.`,
    guide: 'Open the public guide',
    retire: 'Retire the item',
    retireHint: 'A retired item leaves the catalogue and search; its versions stay readable.',
    reason: 'Reason',
    reasonMissing: 'Give the reason (at least 2 characters).',
    doRetire: 'Retire',
    retired: 'The item is retired.',
    saved: (code: string) => `The draft of ${code} is saved.`,
  },
};

type Opened = { initial: ItemInput; isNew: boolean };

const ItemDetail = ({
  code,
  refresh,
  onEdit,
  onChanged,
}: {
  code: string;
  refresh: number;
  onEdit: (opened: Opened) => void;
  onChanged: () => void;
}) => {
  const t = useText(text);
  const pick = usePick();
  const view = useApi<AdminView>(`/admin/items/${code}`, refresh);
  const heading = useFocusOnOpen<HTMLHeadingElement>(view.state === 'ready' && code);
  const [publishing, setPublishing] = useState<Done>();
  const [retiring, setRetiring] = useState<Done>();
  const [reason, setReason] = useState('');
  if (view.state !== 'ready') return <Status of={view} />;
  const { value } = view;

  const publish = async () => {
    const answer = await send<{ version: number }>('POST', `/admin/items/${code}/publish`);
    setPublishing(doneOf(answer, answer.ok ? t.published(answer.value.version) : '', pick));
    if (answer.ok) onChanged();
  };
  const retire = async (e: Event) => {
    e.preventDefault();
    if (reason.trim().length < 2) return setRetiring(invalid({ reason: t.reasonMissing }));
    const answer = await send('POST', `/admin/items/${code}/retire`, { reason: reason.trim() });
    setPublishing(undefined);
    setRetiring(doneOf(answer, t.retired, pick));
    if (answer.ok) onChanged();
  };

  return (
    <section class="panel" aria-labelledby="item-detail">
      <h2 id="item-detail" tabIndex={-1} ref={heading}>
        {t.detail(code)} <span lang="zh-CN">{String(value.item.name ?? '')}</span>
      </h2>
      <Table caption={t.versions} columns={t.versionColumns}>
        {value.versions.map((v) => (
          <tr key={v.version}>
            <th scope="row">{v.version}</th>
            <td>{t.statuses[v.status]}</td>
            <td>
              {v.updatedAt.slice(0, 16).replace('T', ' ')} <span lang="zh-CN">{v.updatedBy.name}</span>
            </td>
            <td>{v.publishedAt?.slice(0, 16).replace('T', ' ') ?? '—'}</td>
            <td>
              {v.retiredAt ? (
                <>
                  {v.retiredAt.slice(0, 16).replace('T', ' ')}
                  {v.retiredReason && <span lang="zh-CN">：{v.retiredReason}</span>}
                </>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </Table>
      <div class="buttons">
        {value.status !== 'retired' && (
          <button type="button" onClick={() => onEdit({ initial: inputOf(value.item), isNew: false })}>
            {value.draft ? t.edit : t.revise}
          </button>
        )}
        {value.draft && (
          <button type="button" onClick={() => void publish()}>
            {t.publish}
          </button>
        )}
        {value.current && <a href={`/guide/${code}`}>{t.guide}</a>}
      </div>
      <Outcome done={publishing} />
      {value.status === 'published' && (
        <form class="form" noValidate onSubmit={retire}>
          <h3>{t.retire}</h3>
          <p class="hint">{t.retireHint}</p>
          <TextArea
            id="retire-reason"
            label={t.reason}
            error={fieldError(retiring, 'reason')}
            rows={2}
            value={reason}
            onValue={setReason}
          />
          <button type="submit">{t.doRetire}</button>
        </form>
      )}
      <Outcome done={retiring} />
    </section>
  );
};

export const CataloguePage = () => {
  const t = useText(text);
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  const [status, setStatus] = useState<ItemStatus | ''>('');
  const [cursor, setCursor] = useState<string>();
  const [refresh, setRefresh] = useState(0);
  const [selected, setSelected] = useState<string>();
  const [template, setTemplate] = useState('');
  const [editing, setEditing] = useState<Opened>();
  const [saved, setSaved] = useState<Done>();
  const query = new URLSearchParams({ limit: '20' });
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const list = useApi<{ items: Listed[]; cursor?: string }>(`/admin/items?${query}`, refresh);
  const items = list.state === 'ready' ? list.value.items : [];
  const changed = () => {
    setRefresh((r) => r + 1);
    setSaved(undefined);
  };

  const startDraft = async (e: Event) => {
    e.preventDefault();
    const code = template || items[0]?.code;
    if (!code) return;
    const view = await getJson<AdminView>(`/admin/items/${code}`);
    setSelected(undefined);
    setEditing({
      initial: { ...inputOf(view.item), implementationCode: '', name: '', aliases: [], topics: [] },
      isNew: true,
    });
  };

  return (
    <StaffOnly title={t.title} roles={['admin']}>
      <div class="toolbar">
        <div class="field">
          <label for="status-filter">{t.filter}</label>
          <select
            id="status-filter"
            value={status}
            onChange={(e) => {
              setStatus((e.currentTarget as HTMLSelectElement).value as ItemStatus | '');
              setCursor(undefined);
            }}
          >
            <option value="">{t.all}</option>
            {(['draft', 'published', 'retired'] as const).map((s) => (
              <option key={s} value={s}>
                {t.statuses[s]}
              </option>
            ))}
          </select>
        </div>
        <form class="toolbar-form" noValidate onSubmit={startDraft}>
          <Field id="template" label={t.template} hint={t.templateHint}>
            <select
              value={template || items[0]?.code}
              onChange={(e) => setTemplate((e.currentTarget as HTMLSelectElement).value)}
            >
              {items.map((i) => (
                <option key={i.code} value={i.code}>
                  {i.code} {i.name}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit">{t.start}</button>
        </form>
      </div>
      {!editing && <Outcome done={saved} />}
      {selected && !editing && (
        <ItemDetail code={selected} refresh={refresh} onEdit={setEditing} onChanged={changed} />
      )}
      {editing && (
        <ItemEditor
          key={editing.isNew ? 'new' : editing.initial.implementationCode}
          initial={editing.initial}
          isNew={editing.isNew}
          departments={jurisdiction.state === 'ready' ? jurisdiction.value.departments : []}
          onSaved={(code) => {
            changed();
            setEditing(undefined);
            setSelected(code);
            setSaved({ ok: true, message: t.saved(code) });
          }}
          onClose={() => setEditing(undefined)}
        />
      )}
      {list.state !== 'ready' ? (
        <Status of={list} />
      ) : (
        <Table caption={t.caption} columns={t.columns} class="catalogue">
          {items.map((i) => (
            <tr key={i.code} class={i.code === selected ? 'selected' : undefined}>
              <th scope="row">{i.code}</th>
              <td lang="zh-CN">{i.name}</td>
              <td>
                <span class={`state ${i.status}`}>{t.statuses[i.status]}</span>
              </td>
              <td>{t.versionOf(i)}</td>
              <td>
                <button
                  type="button"
                  class="secondary"
                  aria-label={t.manage(i.name)}
                  onClick={() => {
                    setEditing(undefined);
                    setSaved(undefined);
                    setSelected(i.code);
                  }}
                >
                  {t.columns[4]}
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <div class="buttons">
        {cursor && (
          <button type="button" class="secondary" onClick={() => setCursor(undefined)}>
            {t.first}
          </button>
        )}
        {list.state === 'ready' && list.value.cursor && (
          <button type="button" class="secondary" onClick={() => setCursor(list.value.cursor)}>
            {t.more}
          </button>
        )}
      </div>
      <ImportSection onImported={changed} />
    </StaffOnly>
  );
};
