import { MigrationInterface, QueryRunner } from 'typeorm';

type Item = [code: string, label: string, labelEn: string];
interface TypeDef {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  items: Item[];
}

const ETHNIC_ZH =
  '汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族'.split(
    ' ',
  );
const ETHNIC_EN =
  "Han,Mongol,Hui,Tibetan,Uyghur,Miao,Yi,Zhuang,Buyei,Korean,Manchu,Dong,Yao,Bai,Tujia,Hani,Kazakh,Dai,Li,Lisu,Va,She,Gaoshan,Lahu,Shui,Dongxiang,Naxi,Jingpo,Kyrgyz,Tu,Daur,Mulao,Qiang,Blang,Salar,Maonan,Gelao,Xibe,Achang,Pumi,Tajik,Nu,Uzbek,Russian,Evenki,De'ang,Bonan,Yugur,Gin,Tatar,Derung,Oroqen,Hezhen,Monba,Lhoba,Jino".split(
    ',',
  );

/** Reference code lists every hospital needs, from national standards where one exists. Editable afterwards. */
const TYPES: TypeDef[] = [
  {
    code: 'sex',
    name: '性别',
    nameEn: 'Sex',
    description: 'GB/T 2261.1-2003',
    items: [
      ['0', '未知的性别', 'Unknown'],
      ['1', '男', 'Male'],
      ['2', '女', 'Female'],
      ['9', '未说明的性别', 'Unspecified'],
    ],
  },
  {
    code: 'ethnicity',
    name: '民族',
    nameEn: 'Ethnicity',
    description: 'GB/T 3304-1991',
    items: [
      ...ETHNIC_ZH.map((zh, i): Item => [String(i + 1).padStart(2, '0'), zh, ETHNIC_EN[i]]),
      ['97', '其他', 'Other'],
      ['98', '外国血统中国籍人士', 'Naturalised citizen of foreign origin'],
    ],
  },
  {
    code: 'insurance_type',
    name: '医保类型',
    nameEn: 'Insurance type',
    description: '医疗付费方式',
    items: [
      ['urban_employee', '城镇职工基本医疗保险', 'Urban employee basic medical insurance'],
      ['resident', '城乡居民基本医疗保险', 'Urban and rural resident basic medical insurance'],
      ['public', '公费医疗', 'Government-funded medical care'],
      ['commercial', '商业医疗保险', 'Commercial health insurance'],
      ['poverty_relief', '医疗救助', 'Medical assistance'],
      ['self_pay', '全自费', 'Self-pay'],
      ['other', '其他', 'Other'],
    ],
  },
  {
    code: 'contact_outcome',
    name: '联系结果',
    nameEn: 'Contact outcome',
    description: '随访电话/联系的结果',
    items: [
      ['reached', '已接通', 'Reached'],
      ['no_answer', '无人接听', 'No answer'],
      ['busy', '占线', 'Busy'],
      ['powered_off', '关机', 'Phone switched off'],
      ['unreachable', '停机/空号', 'Number not in service'],
      ['wrong_number', '号码错误', 'Wrong number'],
      ['callback', '约定回拨', 'Call back later'],
      ['refused', '拒绝随访', 'Refused follow-up'],
      ['deceased', '患者已故', 'Patient deceased'],
    ],
  },
  {
    code: 'feedback_category',
    name: '反馈类别',
    nameEn: 'Feedback category',
    description: '患者意见反馈分类',
    items: [
      ['praise', '表扬', 'Praise'],
      ['suggestion', '建议', 'Suggestion'],
      ['complaint', '投诉', 'Complaint'],
      ['inquiry', '咨询', 'Inquiry'],
      ['other', '其他', 'Other'],
    ],
  },
  {
    code: 'discharge_disposition',
    name: '离院方式',
    nameEn: 'Discharge disposition',
    description: '住院病案首页 离院方式',
    items: [
      ['1', '医嘱离院', 'Discharged on medical advice'],
      ['2', '医嘱转院', 'Transferred to another hospital'],
      ['3', '医嘱转社区卫生服务机构/乡镇卫生院', 'Transferred to a community health centre'],
      ['4', '非医嘱离院', 'Left against medical advice'],
      ['5', '死亡', 'Died'],
      ['9', '其他', 'Other'],
    ],
  },
  {
    code: 'relation',
    name: '联系人关系',
    nameEn: 'Relation',
    description: '联系人与患者的关系',
    items: [
      ['self', '本人', 'Self'],
      ['spouse', '配偶', 'Spouse'],
      ['child', '子女', 'Child'],
      ['parent', '父母', 'Parent'],
      ['sibling', '兄弟姐妹', 'Sibling'],
      ['other_relative', '其他亲属', 'Other relative'],
      ['caregiver', '护工/照护者', 'Caregiver'],
      ['other', '其他', 'Other'],
    ],
  },
  {
    code: 'identifier_type',
    name: '患者标识类型',
    nameEn: 'Patient identifier type',
    description: '患者在各系统中的编号',
    items: [
      ['his_id', 'HIS患者ID', 'HIS patient ID'],
      ['inpatient_no', '住院号', 'Inpatient number'],
      ['outpatient_no', '门诊号', 'Outpatient number'],
      ['health_card', '健康卡号', 'Health card number'],
      ['insurance_no', '医保卡号', 'Insurance card number'],
      ['id_number', '居民身份证号', 'Resident ID number'],
      ['passport', '护照号', 'Passport number'],
    ],
  },
  {
    code: 'followup_channel',
    name: '随访方式',
    nameEn: 'Follow-up channel',
    description: '',
    items: [
      ['phone', '电话', 'Phone'],
      ['sms', '短信', 'SMS'],
      ['wechat', '微信', 'WeChat'],
      ['app', '移动应用', 'Mobile app'],
      ['clinic', '门诊复诊', 'Clinic visit'],
      ['home_visit', '上门随访', 'Home visit'],
    ],
  },
];

export class ReferenceDictionaries1763800000001 implements MigrationInterface {
  name = 'ReferenceDictionaries1763800000001';

  public async up(q: QueryRunner): Promise<void> {
    for (const t of TYPES) {
      await q.query(
        `INSERT INTO dict_type (code, name, name_en, description, system) VALUES ($1, $2, $3, $4, true) ON CONFLICT (code) DO NOTHING`,
        [t.code, t.name, t.nameEn, t.description || null],
      );
      for (const [i, [code, label, labelEn]] of t.items.entries()) {
        await q.query(
          `INSERT INTO dict_item (type_code, code, label, label_en, sort_order) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (type_code, code) DO NOTHING`,
          [t.code, code, label, labelEn, (i + 1) * 10],
        );
      }
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    const codes = TYPES.map((t) => t.code);
    await q.query(`DELETE FROM dict_item WHERE type_code = ANY($1)`, [codes]);
    await q.query(`DELETE FROM dict_type WHERE code = ANY($1)`, [codes]);
  }
}
