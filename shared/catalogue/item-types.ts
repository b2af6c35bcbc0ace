// 事项类型 item types, apart from the item schema so the portal can name them without loading zod.
/** 事项类型 item type codes. */
export const itemTypes = {
  '00': '行政权力',
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
} as const;
export type ItemType = keyof typeof itemTypes;
