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
    expect(issues({ provinceCode: '110000', cityCode: '110100', countyCode: '110101' })).toEqual([
      'provinceCode',
    ]);
    expect(issues({ countyCode: '33090' })).toEqual(['countyCode']);
    expect(issues({ mobile: '1380000000', detail: '路' })).toEqual(['mobile', 'detail']);
  });

  it('lists the sample jurisdictions’ provinces with every city, and the sample cities with their counties', () => {
    expect(deliveryProvinces().map((p) => p.name)).toEqual([
      '河北省',
      '辽宁省',
      '浙江省',
      '安徽省',
      '西藏自治区',
    ]);
    expect(citiesOf('330000')).toHaveLength(11);
    expect(citiesOf('340000')).toHaveLength(16);
    expect(citiesOf('540000').map((c) => c.name)).toContain('阿里地区');
    for (const [city, county] of [
      ['330900', '330902'],
      ['340500', '340503'],
      ['542500', '542523'],
      ['211100', '211103'],
      ['130700', '130771'],
    ])
      expect(countiesOf(city!).map((c) => c.code)).toContain(county);
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
