// 行政区划 administrative divisions (GB/T 2260) as a compact table, for the addresses a result is mailed to:
// every province-level division by name; every prefecture-level city of the sample jurisdictions' provinces
// (河北, 辽宁, 浙江, 安徽, 西藏); and the counties and districts of the sample jurisdictions' own cities. A code
// is six digits: province (2), city (2), county (2); a county belongs to the city whose code it starts with,
// which belongs to its province the same way. A statistical code (a development zone such as 130771) is
// listed where a sample jurisdiction has one. An address outside the listed cities and counties is refused
// with a message that says so; the table grows by adding rows.

/** Province-level divisions (省级): code → name. */
const provinces = `11 北京市|12 天津市|13 河北省|14 山西省|15 内蒙古自治区|21 辽宁省|22 吉林省|23 黑龙江省|31 上海市|32 江苏省|33 浙江省|34 安徽省|35 福建省|36 江西省|37 山东省|41 河南省|42 湖北省|43 湖南省|44 广东省|45 广西壮族自治区|46 海南省|50 重庆市|51 四川省|52 贵州省|53 云南省|54 西藏自治区|61 陕西省|62 甘肃省|63 青海省|64 宁夏回族自治区|65 新疆维吾尔自治区|71 台湾省|81 香港特别行政区|82 澳门特别行政区`;

/** Prefecture-level divisions (地级): code (4 digits) → name. */
const cities = `1301 石家庄市|1302 唐山市|1303 秦皇岛市|1304 邯郸市|1305 邢台市|1306 保定市|1307 张家口市|1308 承德市|1309 沧州市|1310 廊坊市|1311 衡水市|2101 沈阳市|2102 大连市|2103 鞍山市|2104 抚顺市|2105 本溪市|2106 丹东市|2107 锦州市|2108 营口市|2109 阜新市|2110 辽阳市|2111 盘锦市|2112 铁岭市|2113 朝阳市|2114 葫芦岛市|3301 杭州市|3302 宁波市|3303 温州市|3304 嘉兴市|3305 湖州市|3306 绍兴市|3307 金华市|3308 衢州市|3309 舟山市|3310 台州市|3311 丽水市|3401 合肥市|3402 芜湖市|3403 蚌埠市|3404 淮南市|3405 马鞍山市|3406 淮北市|3407 铜陵市|3408 安庆市|3410 黄山市|3411 滁州市|3412 阜阳市|3413 宿州市|3415 六安市|3416 亳州市|3417 池州市|3418 宣城市|5401 拉萨市|5402 日喀则市|5403 昌都市|5404 林芝市|5405 山南市|5406 那曲市|5425 阿里地区`;

/** County-level divisions (县级): code → name. */
const counties = `130702 桥东区|130703 桥西区|130705 宣化区|130706 下花园区|130708 万全区|130709 崇礼区|130722 张北县|130723 康保县|130724 沽源县|130725 尚义县|130726 蔚县|130727 阳原县|130728 怀安县|130730 怀来县|130731 涿鹿县|130732 赤城县|130771 张家口经济开发区|211102 双台子区|211103 兴隆台区|211104 大洼区|211122 盘山县|330902 定海区|330903 普陀区|330921 岱山县|330922 嵊泗县|340503 花山区|340504 雨山区|340506 博望区|340521 当涂县|340522 含山县|340523 和县|542521 普兰县|542522 札达县|542523 噶尔县|542524 日土县|542525 革吉县|542526 改则县|542527 措勤县`;

const parse = (rows: string) =>
  new Map(
    rows.split('|').map((row) => {
      const [code, name] = row.split(' ') as [string, string];
      return [code, name];
    }),
  );

const provinceNames = parse(provinces);
const cityNames = parse(cities);
const countyNames = parse(counties);

export interface Division {
  code: string;
  name: string;
}

const listed = (names: Map<string, string>, prefix: string) =>
  [...names].filter(([code]) => code.startsWith(prefix)).map(([code, name]) => ({ code, name }));

/** Provinces whose cities are listed: the ones a result can be mailed to. */
export const deliveryProvinces = (): Division[] =>
  [...provinceNames]
    .filter(([code]) => [...cityNames.keys()].some((c) => c.startsWith(code)))
    .map(([code, name]) => ({ code: `${code}0000`, name }));

/** The listed cities of a province (its 6-digit code), as 6-digit codes. */
export const citiesOf = (provinceCode: string): Division[] =>
  listed(cityNames, provinceCode.slice(0, 2)).map((d) => ({ code: `${d.code}00`, name: d.name }));

/** The listed counties of a city (its 6-digit code). */
export const countiesOf = (cityCode: string): Division[] => listed(countyNames, cityCode.slice(0, 4));

export const provinceName = (code: string) =>
  code.endsWith('0000') ? provinceNames.get(code.slice(0, 2)) : undefined;
export const cityName = (code: string) =>
  code.endsWith('00') && !code.endsWith('0000') ? cityNames.get(code.slice(0, 4)) : undefined;
export const countyName = (code: string) => (code.endsWith('00') ? undefined : countyNames.get(code));

export interface DivisionIssue {
  path: 'provinceCode' | 'cityCode' | 'countyCode';
  message: string;
}

/**
 * What is wrong with a province / city / county triple: each must be a listed division, the city within
 * the province and the county within the city. Empty when the triple holds.
 */
export const divisionIssues = (a: {
  provinceCode: string;
  cityCode: string;
  countyCode: string;
}): DivisionIssue[] => {
  const province = provinceName(a.provinceCode);
  if (!province) return [{ path: 'provinceCode', message: '不是省级行政区划代码 (not a province code)' }];
  if (citiesOf(a.provinceCode).length === 0)
    return [
      {
        path: 'provinceCode',
        message: `暂不支持寄往${province} (no delivery to ${province} yet: choose pick-up at the hall)`,
      },
    ];
  if (!cityName(a.cityCode))
    return [{ path: 'cityCode', message: '不是已列出的地级行政区划代码 (not a listed city code)' }];
  if (a.cityCode.slice(0, 2) !== a.provinceCode.slice(0, 2))
    return [{ path: 'cityCode', message: `不属于${province} (the city is not in ${province})` }];
  const city = cityName(a.cityCode)!;
  if (countiesOf(a.cityCode).length === 0 && a.countyCode.slice(0, 4) === a.cityCode.slice(0, 4))
    return [{ path: 'countyCode', message: `暂不支持寄往${city}的区县 (no delivery to ${city} yet)` }];
  if (!countyName(a.countyCode))
    return [{ path: 'countyCode', message: '不是已列出的县级行政区划代码 (not a listed county code)' }];
  if (a.countyCode.slice(0, 4) !== a.cityCode.slice(0, 4))
    return [{ path: 'countyCode', message: `不属于${city} (the county is not in ${city})` }];
  return [];
};
