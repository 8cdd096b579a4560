import { idCheckDigit } from '../../patients/identity';

/**
 * Deterministic synthetic Chinese patient data: names, mobile numbers, resident ID numbers with
 * valid GB 11643 (ISO 7064 MOD 11-2) check digits. Pure functions, no I/O.
 */

/** mulberry32: small, fast, seedable PRNG so demo data is the same on every machine. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
export const between = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

// The most common surnames, roughly by frequency (common ones repeat to weight them).
const SURNAMES =
  '王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN_MALE =
  '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘'.split(
    '',
  );
const GIVEN_FEMALE =
  '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽'.split(
    '',
  );

export function chineseName(rng: Rng, sex: '1' | '2'): string {
  const pool = sex === '1' ? GIVEN_MALE : GIVEN_FEMALE;
  const given = rng() < 0.3 ? pick(rng, pool) : pick(rng, pool) + pick(rng, pool);
  return pick(rng, SURNAMES) + given;
}

// Prefixes of mobile numbers in use (China Mobile, Unicom, Telecom).
const MOBILE_PREFIXES = [
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '147',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '178',
  '182',
  '183',
  '187',
  '188',
  '198',
  '130',
  '131',
  '132',
  '155',
  '156',
  '166',
  '175',
  '176',
  '185',
  '186',
  '133',
  '153',
  '173',
  '177',
  '180',
  '181',
  '189',
  '191',
  '199',
];

export function mobileNumber(rng: Rng): string {
  return pick(rng, MOBILE_PREFIXES) + String(between(rng, 0, 99_999_999)).padStart(8, '0');
}

/** Real county-level division codes (GB/T 2260) with their names, for addresses and ID numbers. */
export const REGIONS: ReadonlyArray<readonly [code: string, name: string]> = [
  ['110101', '北京市东城区'],
  ['110105', '北京市朝阳区'],
  ['310104', '上海市徐汇区'],
  ['310115', '上海市浦东新区'],
  ['440106', '广东省广州市天河区'],
  ['440304', '广东省深圳市福田区'],
  ['330106', '浙江省杭州市西湖区'],
  ['320102', '江苏省南京市玄武区'],
  ['420106', '湖北省武汉市武昌区'],
  ['510107', '四川省成都市武侯区'],
  ['610113', '陕西省西安市雁塔区'],
  ['430104', '湖南省长沙市岳麓区'],
  ['370102', '山东省济南市历下区'],
  ['410105', '河南省郑州市金水区'],
  ['500103', '重庆市渝中区'],
  ['350203', '福建省厦门市思明区'],
];

/** Builds a valid resident ID number; the sequence digit is odd for men, even for women. */
export function residentIdNumber(rng: Rng, regionCode: string, birthDate: string, sex: '1' | '2'): string {
  const seq = between(rng, 0, 49) * 2 + (sex === '1' ? 1 : 0);
  const first17 = regionCode + birthDate.replace(/-/g, '') + String(between(rng, 0, 9)) + String(seq).padStart(2, '0');
  return first17 + idCheckDigit(first17);
}

/** A birth date (YYYY-MM-DD) for an age between minAge and maxAge years on `today`. */
export function birthDate(rng: Rng, today: Date, minAge: number, maxAge: number): string {
  const year = today.getUTCFullYear() - between(rng, minAge, maxAge);
  const dayOfYear = between(rng, 0, 364);
  const d = new Date(Date.UTC(year, 0, 1 + dayOfYear));
  return d.toISOString().slice(0, 10);
}
