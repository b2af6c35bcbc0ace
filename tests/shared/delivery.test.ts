// 物流寄递 domain: addresses checked against the division table (county within city within province), the
// choice of pick-up or delivery, which results can be mailed, and tracking events applied in any order,
// twice or late, always to the same shipment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressLine,
  addressSchema,
  applyTrackingEvent,
  caseEffectOf,
  courierOffered,
  deliveryChoiceSchema,
  type Shipment,
  type TrackingEvent,
} from '../../shared/delivery.ts';
import { citiesOf, countiesOf, deliveryProvinces, divisionIssues } from '../../shared/divisions.ts';

const address = {
  recipient: '王小明',
  mobile: '13800000001',
  provinceCode: '330000',
  cityCode: '330900',
  countyCode: '330902',
  detail: '环城南路 8 号 2 幢 301 室',
};

describe('delivery addresses', () => {
  it('accepts a county of the city of the province, and names the divisions on the label', () => {
    const parsed = addressSchema.parse(address);
    expect(addressLine(parsed)).toBe('浙江省舟山市定海区环城南路 8 号 2 幢 301 室');
  });

  it('refuses a county of another city, a city of another province and unknown codes, naming the field', () => {
    const issues = (patch: Partial<typeof address>) =>
      addressSchema.safeParse({ ...address, ...patch }).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(issues({ countyCode: '340503' })).toEqual(['countyCode']);
    expect(issues({ cityCode: '340500', countyCode: '340503' })).toEqual(['cityCode']);
    expect(issues({ provinceCode: '990000' })).toEqual(['provinceCode']);
    expect(issues({ provinceCode: '810000', cityCode: '810100', countyCode: '810101' })).toEqual([
      'provinceCode',
    ]);
    expect(issues({ countyCode: '33090' })).toEqual(['countyCode']);
    expect(issues({ mobile: '1380000000', detail: '路' })).toEqual(['mobile', 'detail']);
  });

  it('lists every mainland province, city and county, and only current codes', () => {
    expect(deliveryProvinces()).toHaveLength(31);
    expect(deliveryProvinces().map((p) => p.name)).not.toContain('香港特别行政区');
    expect(citiesOf('330000')).toHaveLength(11);
    expect(citiesOf('340000')).toHaveLength(16);
    expect(citiesOf('540000').map((c) => c.name)).toContain('阿里地区');
    const total = deliveryProvinces().reduce(
      (n, p) => n + citiesOf(p.code).reduce((m, c) => m + countiesOf(c.code).length, 0),
      0,
    );
    expect(total).toBeGreaterThan(2800);
    // Published codes from different provinces, each under its own city and province.
    for (const [county, name] of [
      ['110105', '朝阳区'],
      ['330902', '定海区'],
      ['542521', '普兰县'],
      ['540521', '扎囊县'],
      ['130771', '张家口经济开发区'],
      ['440305', '南山区'],
      ['500229', '城口县'],
      ['650102', '天山区'],
      ['230183', '尚志市'],
      ['441900', '东莞市'],
    ] as const) {
      const triple = {
        provinceCode: `${county.slice(0, 2)}0000`,
        cityCode: `${county.slice(0, 4)}00`,
        countyCode: county,
      };
      expect(divisionIssues(triple)).toEqual([]);
      expect(countiesOf(triple.cityCode)).toContainEqual({ code: county, name });
    }
    // Abolished or renamed: 崇文区, 宣武区 (2010), 宣化县, 万全县 (2016), 富阳市 (2014).
    for (const county of ['110103', '110104', '130721', '130729', '330183'])
      expect(
        divisionIssues({
          provinceCode: `${county.slice(0, 2)}0000`,
          cityCode: `${county.slice(0, 4)}00`,
          countyCode: county,
        }),
      ).toEqual([{ path: 'countyCode', message: expect.stringContaining('not a current county code') }]);
    // A county under the wrong city, and a city under the wrong province.
    expect(divisionIssues({ provinceCode: '110000', cityCode: '110100', countyCode: '120101' })).toEqual([
      { path: 'countyCode', message: expect.stringContaining('not in') },
    ]);
    expect(divisionIssues({ provinceCode: '540000', cityCode: '540500', countyCode: '542521' })).toEqual([
      { path: 'countyCode', message: expect.stringContaining('not in 山南市') },
    ]);
    expect(
      divisionIssues({ provinceCode: '130000', cityCode: '330900', countyCode: '330902' })[0]?.path,
    ).toBe('cityCode');
  });

  it('writes the divisions as an address does: no 市辖区 grouping, a city without counties named once', () => {
    const line = (provinceCode: string, cityCode: string, countyCode: string) =>
      addressLine(addressSchema.parse({ ...address, provinceCode, cityCode, countyCode }));
    expect(line('110000', '110100', '110105')).toBe('北京市朝阳区环城南路 8 号 2 幢 301 室');
    expect(line('440000', '441900', '441900')).toBe('广东省东莞市环城南路 8 号 2 幢 301 室');
    expect(line('540000', '542500', '542521')).toBe('西藏自治区阿里地区普兰县环城南路 8 号 2 幢 301 室');
  });

  it('holds every listed triple and refuses every county paired with a city that is not its own', () => {
    const triples = deliveryProvinces().flatMap((p) =>
      citiesOf(p.code).flatMap((c) => countiesOf(c.code).map((k) => [p.code, c.code, k.code] as const)),
    );
    fc.assert(
      fc.property(fc.constantFrom(...triples), fc.constantFrom(...triples), ([p, c, k], [, c2]) => {
        expect(divisionIssues({ provinceCode: p, cityCode: c, countyCode: k })).toEqual([]);
        const mixed = divisionIssues({ provinceCode: p, cityCode: c2, countyCode: k });
        expect(mixed.length === 0).toBe(c2 === c);
      }),
    );
  });

  it('takes pick-up alone, and delivery only with an address', () => {
    expect(deliveryChoiceSchema.parse({ method: 'pickup' })).toEqual({ method: 'pickup' });
    expect(deliveryChoiceSchema.safeParse({ method: 'courier' }).success).toBe(false);
    expect(deliveryChoiceSchema.safeParse({ method: 'courier', address }).success).toBe(true);
    expect(deliveryChoiceSchema.safeParse({ method: 'drone' }).success).toBe(false);
  });

  it('mails only paper results of items that offer courier delivery', () => {
    const channels = { appointment: false, onlinePayment: false, courierDelivery: true, fullyOnline: true };
    expect(courierOffered({ channels, result: { name: '营业执照', type: 'licence' } })).toBe(true);
    expect(courierOffered({ channels, result: { name: '回执', type: 'other' } })).toBe(false);
    expect(
      courierOffered({
        channels: { ...channels, courierDelivery: false },
        result: { name: '证', type: 'certificate' },
      }),
    ).toBe(false);
  });
});

const shipment: Shipment = {
  waybillNumber: '1123456780001',
  courier: 'EMS',
  createdAt: '2026-12-07T09:00:00+08:00',
  status: 'created',
  events: [],
};
const at = (minute: number) => `2026-12-07T10:${String(minute).padStart(2, '0')}:00+08:00`;
const ev = (eventId: string, kind: TrackingEvent['kind'], minute: number): TrackingEvent => ({
  eventId,
  kind,
  occurredAt: at(minute),
});
const delivered = [
  ev('a', 'collected', 1),
  ev('b', 'in-transit', 2),
  ev('c', 'out-for-delivery', 3),
  ev('d', 'delivered', 4),
];
const returned = [
  ev('a', 'collected', 1),
  ev('b', 'in-transit', 2),
  ev('c', 'out-for-delivery', 3),
  ev('e', 'failed-attempt', 4),
  ev('f', 'returned', 5),
];

const replay = (events: TrackingEvent[]) => {
  let s = shipment;
  const decided: string[] = [];
  for (const e of events) {
    const out = applyTrackingEvent(s, e);
    s = out.shipment;
    if (out.decided) decided.push(out.decided);
  }
  return { s, decided };
};

describe('tracking', () => {
  it('ends delivered or returned, and says what each event does to the case', () => {
    expect(replay(delivered).s.status).toBe('delivered');
    expect(replay(returned).s.status).toBe('returned');
    expect(caseEffectOf('delivered')).toEqual({ action: 'deliver', notice: 'delivered' });
    expect(caseEffectOf('returned')).toEqual({ action: 'return-to-hall', notice: 'returned' });
    expect(caseEffectOf('out-for-delivery')).toEqual({ notice: 'out-for-delivery' });
    expect(caseEffectOf('in-transit')).toEqual({});
  });

  it('ignores a repeated event id', () => {
    const once = replay(delivered.slice(0, 2)).s;
    const again = applyTrackingEvent(once, { ...delivered[1]!, kind: 'delivered' });
    expect(again.known).toBe(true);
    expect(again.shipment).toBe(once);
  });

  it('reaches the same timeline and status, decided once, whatever order and repeats the events come in', () => {
    for (const journey of [delivered, returned]) {
      const expected = replay(journey);
      fc.assert(
        fc.property(
          fc.shuffledSubarray(journey, { minLength: journey.length, maxLength: journey.length }),
          fc.array(fc.constantFrom(...journey), { maxLength: 4 }),
          (order, repeats) => {
            const got = replay([...order, ...repeats]);
            expect(got.s.events).toEqual(expected.s.events);
            expect(got.s.status).toBe(expected.s.status);
            expect(got.decided).toEqual(expected.decided);
          },
        ),
      );
    }
  });

  it('keeps the first final event: a late contradicting one joins the timeline only', () => {
    const done = replay(delivered).s;
    const late = applyTrackingEvent(done, ev('z', 'returned', 9));
    expect(late.shipment.status).toBe('delivered');
    expect(late.decided).toBeUndefined();
    expect(late.shipment.events).toHaveLength(5);
  });
});
