import type { LocalizedText } from '../i18n/locale.js';
import {
  type Category,
  type ConsultationTopic,
  DEFAULT_SLA_POLICY,
  type Department,
  type FieldDefinition,
  type OrgUnit,
  type TenantConfig,
} from '../schemas/tenant-config.js';

/*
 * 青山区 (Qingshan District) is fictional: a district centre, seven town and street (街道) centres,
 * and their villages and communities, staffed by the "1+6+N" forces of domain.md. It exists so that
 * examples, stories and tests share one realistic, fully localised tenant.
 */

const t = (zhCN: string, zhHK: string, en: string): LocalizedText => ({ 'zh-CN': zhCN, 'zh-HK': zhHK, en });

const option = (value: string, zhCN: string, zhHK: string, en: string) => ({ value, label: t(zhCN, zhHK, en) });

interface PlaceSeed {
  id: string;
  kind: 'village' | 'community';
  name: LocalizedText;
}

interface TownSeed {
  id: string;
  kind: 'town' | 'street';
  /** The bare place name (松林), from which the centre, justice office and police station are named. */
  short: LocalizedText;
  places: PlaceSeed[];
  /** Towns with their own police station (派出所); the others are covered by a neighbour's. */
  policeStation: boolean;
}

const village = (id: string, zhCN: string, zhHK: string, en: string): PlaceSeed => ({
  id,
  kind: 'village',
  name: t(`${zhCN}村`, `${zhHK}村`, `${en} Village`),
});

const community = (id: string, zhCN: string, zhHK: string, en: string): PlaceSeed => ({
  id,
  kind: 'community',
  name: t(`${zhCN}社区`, `${zhHK}社區`, `${en} Community`),
});

const TOWNS: TownSeed[] = [
  {
    id: 'songlin',
    kind: 'town',
    short: t('松林', '松林', 'Songlin'),
    policeStation: true,
    places: [
      village('shuikou', '水口', '水口', 'Shuikou'),
      village('dongpo', '东坡', '東坡', 'Dongpo'),
      village('shangwei', '上围', '上圍', 'Shangwei'),
    ],
  },
  {
    id: 'hekou',
    kind: 'street',
    short: t('河口', '河口', 'Hekou'),
    policeStation: true,
    places: [
      community('binhe', '滨河', '濱河', 'Binhe'),
      community('xinmin', '新民', '新民', 'Xinmin'),
      community('wangjiang', '望江', '望江', 'Wangjiang'),
    ],
  },
  {
    id: 'baishi',
    kind: 'town',
    short: t('白石', '白石', 'Baishi'),
    policeStation: true,
    places: [
      village('longtan', '龙潭', '龍潭', 'Longtan'),
      village('shitang', '石塘', '石塘', 'Shitang'),
      village('fengshu', '枫树', '楓樹', 'Fengshu'),
      village('xiaping', '下坪', '下坪', 'Xiaping'),
    ],
  },
  {
    id: 'jinqiao',
    kind: 'street',
    short: t('金桥', '金橋', 'Jinqiao'),
    policeStation: false,
    places: [community('huayuan', '花园', '花園', 'Huayuan'), community('chengnan', '城南', '城南', 'Chengnan')],
  },
  {
    id: 'yunling',
    kind: 'town',
    short: t('云岭', '雲嶺', 'Yunling'),
    policeStation: true,
    places: [
      village('chayuan', '茶园', '茶園', 'Chayuan'),
      village('zhuxi', '竹溪', '竹溪', 'Zhuxi'),
      village('gaotian', '高田', '高田', 'Gaotian'),
    ],
  },
  {
    id: 'xiangyang',
    kind: 'street',
    short: t('向阳', '向陽', 'Xiangyang'),
    policeStation: true,
    places: [
      community('guangming', '光明', '光明', 'Guangming'),
      community('minsheng', '民生', '民生', 'Minsheng'),
      community('qingnian', '青年', '青年', 'Qingnian'),
    ],
  },
  {
    id: 'changning',
    kind: 'town',
    short: t('长宁', '長寧', 'Changning'),
    policeStation: false,
    places: [
      village('dawan', '大湾', '大灣', 'Dawan'),
      village('liutang', '柳塘', '柳塘', 'Liutang'),
      village('nanshan', '南山', '南山', 'Nanshan'),
    ],
  },
];

const townName = (town: TownSeed): LocalizedText =>
  town.kind === 'town'
    ? t(`${town.short['zh-CN']}镇`, `${town.short['zh-HK']}鎮`, `${town.short.en} Town`)
    : t(`${town.short['zh-CN']}街道`, `${town.short['zh-HK']}街道`, `${town.short.en} Subdistrict`);

const organisation: OrgUnit = {
  id: 'qingshan',
  kind: 'district',
  name: t('青山区', '青山區', 'Qingshan District'),
  children: TOWNS.map((town) => ({
    id: town.id,
    kind: town.kind,
    name: townName(town),
    children: town.places.map((place) => ({ id: place.id, kind: place.kind, name: place.name })),
  })),
};

const PUBLIC_SECURITY_BUREAU = 'psb';

/** The "1+6+N" forces: the six integrated forces, then bureaus, mediators and lawyers. */
const departments: Department[] = [
  // 6: integrated grid, court, procuratorate, public security, judicial administration, platform
  {
    id: 'grid',
    kind: 'grid',
    name: t('青山区综合网格管理中心', '青山區綜合網格管理中心', 'Qingshan Integrated Grid Management Centre'),
    levels: ['village', 'town', 'district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'court',
    kind: 'court',
    name: t('青山区人民法院', '青山區人民法院', "Qingshan District People's Court"),
    levels: ['town', 'district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'tribunal-baishi',
    kind: 'court',
    name: t(
      '青山区人民法院白石人民法庭',
      '青山區人民法院白石人民法庭',
      "Baishi People's Tribunal, Qingshan District People's Court",
    ),
    levels: ['village', 'town'],
    orgUnitId: 'baishi',
  },
  {
    id: 'procuratorate',
    kind: 'procuratorate',
    name: t('青山区人民检察院', '青山區人民檢察院', "Qingshan District People's Procuratorate"),
    levels: ['district'],
    orgUnitId: 'qingshan',
  },
  {
    id: PUBLIC_SECURITY_BUREAU,
    kind: 'public_security',
    name: t('青山区公安分局', '青山區公安分局', 'Qingshan District Public Security Bureau'),
    levels: ['village', 'town', 'district'],
    orgUnitId: 'qingshan',
  },
  ...TOWNS.filter((town) => town.policeStation).map(
    (town): Department => ({
      id: `police-${town.id}`,
      kind: 'public_security',
      name: t(`${town.short['zh-CN']}派出所`, `${town.short['zh-HK']}派出所`, `${town.short.en} Police Station`),
      levels: ['village', 'town'],
      orgUnitId: town.id,
    }),
  ),
  {
    id: 'justice-bureau',
    kind: 'justice',
    name: t('青山区司法局', '青山區司法局', 'Qingshan District Justice Bureau'),
    levels: ['town', 'district'],
    orgUnitId: 'qingshan',
  },
  ...TOWNS.map(
    (town): Department => ({
      id: `justice-${town.id}`,
      kind: 'justice',
      name: t(`${town.short['zh-CN']}司法所`, `${town.short['zh-HK']}司法所`, `${town.short.en} Justice Office`),
      levels: ['village', 'town'],
      orgUnitId: town.id,
    }),
  ),
  {
    id: 'platform',
    kind: 'platform',
    name: t(
      '“平安通”省综治信息平台',
      '「平安通」省綜治資訊平台',
      "Ping'an Tong provincial governance information platform",
    ),
    levels: ['village', 'town', 'district'],
  },

  // N: bureaus, social organisations, mediators and lawyers
  {
    id: 'labour-bureau',
    kind: 'bureau',
    name: t(
      '青山区人力资源和社会保障局',
      '青山區人力資源和社會保障局',
      'Qingshan District Human Resources and Social Security Bureau',
    ),
    levels: ['town', 'district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'labour-arbitration',
    kind: 'bureau',
    name: t(
      '青山区劳动人事争议仲裁委员会',
      '青山區勞動人事爭議仲裁委員會',
      'Qingshan District Labour and Personnel Dispute Arbitration Commission',
    ),
    levels: ['district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'housing-bureau',
    kind: 'bureau',
    name: t(
      '青山区住房和城乡建设局',
      '青山區住房和城鄉建設局',
      'Qingshan District Housing and Urban-Rural Development Bureau',
    ),
    levels: ['town', 'district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'health-bureau',
    kind: 'bureau',
    name: t('青山区卫生健康局', '青山區衞生健康局', 'Qingshan District Health Bureau'),
    levels: ['district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'medical-mediation',
    kind: 'mediation_committee',
    name: t(
      '青山区医疗纠纷人民调解委员会',
      '青山區醫療糾紛人民調解委員會',
      "Qingshan Medical Dispute People's Mediation Committee",
    ),
    levels: ['town', 'district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'natural-resources',
    kind: 'bureau',
    name: t('青山区自然资源局', '青山區自然資源局', 'Qingshan District Natural Resources Bureau'),
    levels: ['town', 'district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'market-regulation',
    kind: 'bureau',
    name: t('青山区市场监督管理局', '青山區市場監督管理局', 'Qingshan District Market Regulation Administration'),
    levels: ['town', 'district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'civil-affairs',
    kind: 'bureau',
    name: t('青山区民政局', '青山區民政局', 'Qingshan District Civil Affairs Bureau'),
    levels: ['district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'womens-federation',
    kind: 'social',
    name: t('青山区妇女联合会', '青山區婦女聯合會', "Qingshan District Women's Federation"),
    levels: ['village', 'town', 'district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'legal-aid',
    kind: 'legal_service',
    name: t('青山区法律援助中心', '青山區法律援助中心', 'Qingshan District Legal Aid Centre'),
    levels: ['town', 'district'],
    orgUnitId: 'qingshan',
  },
  {
    id: 'law-firm-zhengheng',
    kind: 'legal_service',
    name: t('正衡律师事务所', '正衡律師事務所', 'Zhengheng Law Firm'),
    levels: ['town', 'district'],
  },
  {
    id: 'village-legal-advisers',
    kind: 'legal_service',
    name: t('一村（居）一法律顾问', '一村（居）一法律顧問', 'Village and community legal advisers'),
    levels: ['village'],
    orgUnitId: 'qingshan',
  },
  // One people's mediation committee (人民调解委员会) in every village and community.
  ...TOWNS.flatMap((town) =>
    town.places.map(
      (place): Department => ({
        id: `mediation-${place.id}`,
        kind: 'mediation_committee',
        name: t(
          `${place.name['zh-CN']}人民调解委员会`,
          `${place.name['zh-HK']}人民調解委員會`,
          `${place.name.en} People's Mediation Committee`,
        ),
        levels: ['village'],
        orgUnitId: place.id,
      }),
    ),
  ),
];

const yesNo = (id: string, required: boolean, label: LocalizedText, hint?: LocalizedText): FieldDefinition => ({
  id,
  type: 'yesNo',
  label,
  required,
  ...(hint ? { hint } : {}),
});

const categories: Category[] = [
  {
    id: 'neighbour',
    name: t('邻里纠纷', '鄰里糾紛', 'Neighbour dispute'),
    description: t(
      '宅基地边界、排水、通行、树木遮挡、饲养宠物等邻里之间的矛盾。',
      '宅基地界線、排水、通道、樹木遮擋、飼養寵物等鄰里之間的矛盾。',
      'Disagreements between neighbours about boundaries, drainage, right of way, trees, pets and the like.',
    ),
    suggestedDepartmentIds: ['grid', 'justice-bureau', 'village-legal-advisers'],
    fields: [
      {
        id: 'issue',
        type: 'singleChoice',
        required: true,
        label: t('主要是什么问题？', '主要是甚麼問題？', 'What is it mainly about?'),
        options: [
          option('boundary', '房屋或宅基地边界', '房屋或宅基地界線', 'Boundary of a house or plot'),
          option('drainage', '排水、滴水', '排水、滴水', 'Drainage or dripping water'),
          option('passage', '通行道路', '出入通道', 'Right of way'),
          option('trees_light', '树木、采光、遮挡', '樹木、採光、遮擋', 'Trees, daylight or blocked views'),
          option('pets', '饲养宠物、家禽', '飼養寵物、家禽', 'Pets or poultry'),
          option('other', '其他', '其他', 'Something else'),
        ],
      },
      yesNo(
        'talked_directly',
        true,
        t(
          '您是否已经和对方当面商量过？',
          '您有沒有和對方當面商量過？',
          'Have you already tried talking it over with them?',
        ),
      ),
      {
        id: 'earlier_attempts',
        type: 'longText',
        required: false,
        label: t('之前做过哪些努力？', '之前做過哪些努力？', 'What has been tried so far?'),
        hint: t(
          '例如村委会或网格员是否调解过、结果如何。',
          '例如村委會或網格員有沒有調解過、結果如何。',
          'For example, whether the village committee or a grid worker has mediated, and how it went.',
        ),
        max: 2000,
      },
    ],
  },
  {
    id: 'family',
    name: t('婚姻家庭纠纷', '婚姻家庭糾紛', 'Marriage and family'),
    description: t(
      '离婚、抚养、赡养、继承及家庭矛盾。内容严格保密。',
      '離婚、撫養、供養父母、繼承及家庭矛盾。內容嚴格保密。',
      'Divorce, child custody, support for parents, inheritance and family conflict. Kept strictly confidential.',
    ),
    suggestedDepartmentIds: ['womens-federation', 'justice-bureau', 'court', 'civil-affairs'],
    quickExit: true,
    fields: [
      yesNo(
        'in_danger_now',
        true,
        t('现在是否有人面临人身危险？', '現在是否有人面對人身危險？', 'Is anyone in danger right now?'),
        t(
          '如有紧急危险，请立即拨打110报警。',
          '如情況危急，請立即致電110報警。',
          'If someone is in immediate danger, call the police on 110 now.',
        ),
      ),
      {
        id: 'matter',
        type: 'singleChoice',
        required: true,
        label: t('纠纷涉及什么？', '糾紛涉及甚麼？', 'What is the dispute about?'),
        options: [
          option('divorce', '离婚', '離婚', 'Divorce'),
          option('custody', '子女抚养、探望', '子女撫養、探視', 'Child custody or visits'),
          option('elder_support', '老人赡养', '供養年老父母', 'Support for elderly parents'),
          option('inheritance', '遗产继承', '遺產繼承', 'Inheritance'),
          option(
            'domestic_conflict',
            '家庭矛盾、家庭暴力',
            '家庭糾紛、家庭暴力',
            'Family conflict or domestic violence',
          ),
        ],
      },
      yesNo(
        'children_involved',
        false,
        t('是否涉及未成年子女？', '是否涉及未成年子女？', 'Are children under 18 involved?'),
      ),
    ],
  },
  {
    id: 'property_management',
    name: t('物业纠纷', '物業管理糾紛', 'Property management dispute'),
    description: t(
      '业主与物业服务企业之间关于收费、维修、停车、公共区域等的纠纷。',
      '業主與物業管理公司之間關於收費、維修、泊車、公用地方等的糾紛。',
      'Disputes between owners and the property management company about fees, repairs, parking or common areas.',
    ),
    suggestedDepartmentIds: ['housing-bureau', 'justice-bureau', 'grid'],
    fields: [
      {
        id: 'estate_name',
        type: 'text',
        required: true,
        label: t('小区名称', '屋苑名稱', 'Name of the housing estate'),
        max: 100,
      },
      {
        id: 'issues',
        type: 'multipleChoice',
        required: true,
        label: t('涉及哪些问题？（可多选）', '涉及哪些問題？（可選多項）', 'What is it about? (choose all that apply)'),
        options: [
          option('fees', '物业费', '管理費', 'Management fees'),
          option('repairs', '维修不及时', '維修不及時', 'Repairs not done'),
          option('parking', '停车', '泊車', 'Parking'),
          option('security', '安保', '保安', 'Security'),
          option('common_areas', '公共区域使用', '公用地方使用', 'Use of common areas'),
          option('renovation', '装修', '裝修', 'Renovation works'),
        ],
      },
      {
        id: 'amount_in_dispute',
        type: 'number',
        required: false,
        label: t('争议金额（元）', '爭議金額（人民幣元）', 'Amount in dispute (yuan)'),
        min: 0,
      },
    ],
  },
  {
    id: 'medical',
    name: t('医疗纠纷', '醫療糾紛', 'Medical dispute'),
    description: t(
      '就诊、治疗过程中与医疗机构发生的纠纷。',
      '求診、治療過程中與醫療機構發生的糾紛。',
      'A dispute with a hospital or clinic about diagnosis or treatment.',
    ),
    suggestedDepartmentIds: ['medical-mediation', 'health-bureau', 'court'],
    fields: [
      {
        id: 'institution',
        type: 'text',
        required: true,
        label: t('医疗机构名称', '醫療機構名稱', 'Hospital or clinic'),
        max: 100,
      },
      {
        id: 'treatment_date',
        type: 'date',
        required: true,
        label: t('就诊日期', '求診日期', 'Date of treatment'),
      },
      {
        id: 'harm',
        type: 'singleChoice',
        required: true,
        label: t('造成了什么后果？', '造成了甚麼後果？', 'What harm was done?'),
        options: [
          option('none_lasting', '暂无明显损害', '暫無明顯損害', 'No lasting harm so far'),
          option('temporary', '暂时性损害', '暫時性損害', 'Temporary harm'),
          option('lasting', '长期或永久损害', '長期或永久損害', 'Long-term or permanent harm'),
          option('death', '患者死亡', '病人死亡', 'The patient died'),
        ],
      },
      yesNo(
        'records_obtained',
        false,
        t('是否已复印病历资料？', '是否已取得病歷副本？', 'Do you have copies of the medical records?'),
      ),
    ],
  },
  {
    id: 'labour',
    name: t('劳资纠纷', '勞資糾紛', 'Employment and unpaid wages'),
    description: t(
      '拖欠工资、工伤待遇、解除劳动合同等用工纠纷。',
      '拖欠工資、工傷待遇、解除勞動合同等僱傭糾紛。',
      'Unpaid wages, work injury, dismissal and other disputes with an employer.',
    ),
    suggestedDepartmentIds: ['labour-bureau', 'labour-arbitration', 'legal-aid'],
    fields: [
      {
        id: 'employer_name',
        type: 'text',
        required: true,
        label: t('用人单位或老板名称', '僱主或公司名稱', 'Employer or company'),
        max: 100,
      },
      {
        id: 'months_unpaid',
        type: 'number',
        required: true,
        label: t('被拖欠工资几个月？', '被拖欠工資多少個月？', 'How many months of pay are owed?'),
        min: 0,
        max: 120,
      },
      {
        id: 'amount_owed',
        type: 'number',
        required: true,
        label: t('拖欠金额（元）', '拖欠金額（人民幣元）', 'Amount owed (yuan)'),
        hint: t('估算即可。', '估算即可。', 'An estimate is fine.'),
        min: 0,
      },
      yesNo(
        'has_contract',
        true,
        t('是否签订了劳动合同？', '有沒有簽訂勞動合同？', 'Did you sign an employment contract?'),
      ),
      {
        id: 'workers_affected',
        type: 'number',
        required: false,
        label: t('共有多少名工人被拖欠？', '共有多少名工人被拖欠？', 'How many workers are owed pay?'),
        hint: t(
          '人数较多时会优先处理。',
          '涉及人數較多時會優先處理。',
          'Cases involving many workers are handled first.',
        ),
        min: 1,
      },
    ],
  },
  {
    id: 'land_forest',
    name: t('土地山林权属纠纷', '土地山林權屬糾紛', 'Land, forest and boundary ownership'),
    description: t(
      '耕地、林地、宅基地及祖坟山界等权属争议，包括村与村之间的边界纠纷。',
      '耕地、林地、宅基地及祖墳山界等權屬爭議，包括村與村之間的邊界糾紛。',
      'Who owns or may use farmland, forest, house plots or ancestral grave land, including boundaries between villages.',
    ),
    suggestedDepartmentIds: ['natural-resources', 'justice-bureau', 'court', PUBLIC_SECURITY_BUREAU],
    fields: [
      {
        id: 'disputed_area',
        type: 'location',
        required: true,
        label: t('争议地块在哪里？', '爭議地段在哪裏？', 'Where is the disputed land?'),
        hint: t(
          '可以选择所在村，或在地图上标出位置。',
          '可以選擇所在村落，或在地圖上標出位置。',
          'Pick the village, or mark the spot on the map.',
        ),
      },
      {
        id: 'land_type',
        type: 'singleChoice',
        required: true,
        label: t('土地类型', '土地類型', 'Type of land'),
        options: [
          option('farmland', '耕地', '耕地', 'Farmland'),
          option('forest', '山林', '山林', 'Forest or hillside'),
          option('homestead', '宅基地', '宅基地', 'House plot'),
          option('ancestral_graves', '祖坟山地', '祖墳山地', 'Ancestral graves'),
          option('other', '其他', '其他', 'Other'),
        ],
      },
      {
        id: 'area_mu',
        type: 'number',
        required: false,
        label: t('大约面积（亩）', '大約面積（畝）', 'Approximate area (mu)'),
        hint: t('1亩约为667平方米。', '1畝約為667平方米。', 'One mu is about 667 square metres.'),
        min: 0,
      },
      {
        id: 'documents',
        type: 'multipleChoice',
        required: false,
        label: t('手上有哪些证明材料？', '手上有哪些證明文件？', 'Which documents do you have?'),
        options: [
          option('contract_certificate', '土地承包经营权证', '土地承包經營權證', 'Land contract certificate'),
          option('forest_certificate', '林权证', '林權證', 'Forest rights certificate'),
          option('homestead_certificate', '宅基地使用权证', '宅基地使用權證', 'House plot certificate'),
          option('old_agreement', '旧时的协议或契约', '舊時的協議或契約', 'An old agreement or deed'),
          option('none', '没有书面材料', '沒有書面文件', 'No written documents'),
        ],
      },
      yesNo(
        'between_villages',
        false,
        t(
          '是否是村与村、组与组之间的争议？',
          '是否是村與村、組與組之間的爭議？',
          'Is this between villages or village groups rather than households?',
        ),
      ),
    ],
  },
  {
    id: 'noise',
    name: t('噪音扰民', '噪音滋擾', 'Noise and nuisance'),
    description: t(
      '装修、施工、商铺、广场舞等噪音或其他扰民问题。',
      '裝修、施工、商舖、廣場舞等噪音或其他滋擾。',
      'Noise or other nuisance from renovation, building sites, shops, square dancing and the like.',
    ),
    suggestedDepartmentIds: ['grid', PUBLIC_SECURITY_BUREAU, 'housing-bureau'],
    fields: [
      {
        id: 'source',
        type: 'singleChoice',
        required: true,
        label: t('噪音来源', '噪音來源', 'Where does the noise come from?'),
        options: [
          option('neighbour_home', '邻居家中', '鄰居家中', "A neighbour's home"),
          option('renovation', '装修', '裝修', 'Renovation'),
          option('construction', '建筑工地', '建築地盤', 'A building site'),
          option('business', '商铺、餐馆', '商舖、食肆', 'A shop or restaurant'),
          option('square_dancing', '广场舞、娱乐活动', '廣場舞、娛樂活動', 'Square dancing or other entertainment'),
          option('other', '其他', '其他', 'Other'),
        ],
      },
      {
        id: 'time_of_day',
        type: 'multipleChoice',
        required: true,
        label: t(
          '通常在什么时间？（可多选）',
          '通常在甚麼時間？（可選多項）',
          'When does it happen? (choose all that apply)',
        ),
        options: [
          option('early_morning', '清晨（6点前）', '清晨（6時前）', 'Early morning (before 6 am)'),
          option('daytime', '白天', '日間', 'Daytime'),
          option('evening', '傍晚', '傍晚', 'Evening'),
          option('night', '夜间（22点后）', '夜間（晚上10時後）', 'Night (after 10 pm)'),
        ],
      },
      yesNo(
        'reported_before',
        false,
        t('之前是否向物业或派出所反映过？', '之前有沒有向管理處或派出所反映過？', 'Have you reported it before?'),
      ),
    ],
  },
  {
    id: 'consumer',
    name: t('消费合同纠纷', '消費及合約糾紛', 'Consumer and contract dispute'),
    description: t(
      '购物、服务、预付卡及其他合同履行方面的纠纷。',
      '購物、服務、預付卡及其他合約履行方面的糾紛。',
      'Problems with goods, services, prepaid cards or other contracts.',
    ),
    suggestedDepartmentIds: ['market-regulation', 'justice-bureau', 'court'],
    fields: [
      {
        id: 'trader',
        type: 'text',
        required: true,
        label: t('商家或对方名称', '商戶或對方名稱', 'Shop, company or other party'),
        max: 100,
      },
      {
        id: 'purchase_date',
        type: 'date',
        required: false,
        label: t('购买或签约日期', '購買或簽約日期', 'Date of purchase or contract'),
      },
      {
        id: 'amount_paid',
        type: 'number',
        required: false,
        label: t('涉及金额（元）', '涉及金額（人民幣元）', 'Amount paid (yuan)'),
        min: 0,
      },
      {
        id: 'what_was_agreed',
        type: 'longText',
        required: false,
        label: t(
          '当时约定了什么，实际发生了什么？',
          '當時約定了甚麼，實際發生了甚麼？',
          'What was agreed, and what happened?',
        ),
        max: 3000,
      },
    ],
  },
];

const consultationTopics: ConsultationTopic[] = [
  {
    id: 'general',
    name: t('法律咨询', '法律諮詢', 'General legal question'),
    description: t(
      '日常生活中遇到的法律问题，由值班律师或村法律顾问解答。',
      '日常生活中遇到的法律問題，由當值律師或村法律顧問解答。',
      'Everyday legal questions, answered by the duty lawyer or your village legal adviser.',
    ),
  },
  {
    id: 'public_legal_services',
    name: t('公共法律服务', '公共法律服務', 'Public legal services'),
    description: t(
      '公证、司法鉴定、人民调解等公共法律服务的办理指引。',
      '公證、司法鑑定、人民調解等公共法律服務的辦理指引。',
      "How to use notarisation, forensic assessment, people's mediation and other public legal services.",
    ),
  },
  {
    id: 'legal_aid',
    name: t('法律援助', '法律援助', 'Legal aid'),
    description: t(
      '了解自己是否符合法律援助条件以及如何申请。',
      '了解自己是否符合法律援助資格以及如何申請。',
      'Find out whether you qualify for free legal aid and how to apply.',
    ),
  },
  {
    id: 'judicial_mediation',
    name: t('司法调解', '司法調解', 'Judicial mediation'),
    description: t(
      '调解协议如何申请司法确认，诉前调解怎样进行。',
      '調解協議如何申請司法確認，訴前調解怎樣進行。',
      'How pre-trial mediation works and how to have a mediation agreement confirmed by the court.',
    ),
  },
  {
    id: 'labour_law',
    name: t('劳动用工', '勞工及僱傭', 'Employment law'),
    description: t(
      '工资、社保、工伤、劳动合同等问题。',
      '工資、社保、工傷、勞動合同等問題。',
      'Wages, social insurance, work injury and employment contracts.',
    ),
  },
  {
    id: 'marriage_family',
    name: t('婚姻家庭', '婚姻家庭', 'Marriage and family'),
    description: t(
      '结婚、离婚、抚养、赡养、继承等问题。',
      '結婚、離婚、撫養、供養父母、繼承等問題。',
      'Marriage, divorce, children, support for parents and inheritance.',
    ),
  },
  {
    id: 'property_housing',
    name: t('房产物业', '房產物業', 'Property and housing'),
    description: t(
      '买卖、租赁、物业管理、拆迁补偿等问题。',
      '買賣、租賃、物業管理、清拆補償等問題。',
      'Buying, renting, property management and compensation for demolition.',
    ),
  },
  {
    id: 'land_rural',
    name: t('农村土地', '農村土地', 'Rural land'),
    description: t(
      '土地承包、宅基地、山林权属等问题。',
      '土地承包、宅基地、山林權屬等問題。',
      'Land contracts, house plots and forest rights.',
    ),
  },
  {
    id: 'consumer_rights',
    name: t('消费维权', '消費者權益', 'Consumer rights'),
    description: t(
      '商品质量、服务合同、预付卡退款等问题。',
      '貨品質素、服務合約、預付卡退款等問題。',
      'Faulty goods, service contracts and refunds of prepaid cards.',
    ),
  },
];

/**
 * The demo tenant: 青山区 (Qingshan District), a fictional district with a district centre, seven
 * town and street centres, their villages and communities, the "1+6+N" departments, eight dispute
 * categories and nine consultation topics, all in zh-CN, zh-HK and en.
 */
export const qingshanTenant: TenantConfig = {
  id: 'qingshan',
  name: t('青山区综治中心', '青山區綜治中心', 'Qingshan District Comprehensive Governance Centre'),
  defaultLocale: 'zh-CN',
  organisation,
  departments,
  categories,
  consultationTopics,
  sla: DEFAULT_SLA_POLICY,
  publicSecurityDepartmentId: PUBLIC_SECURITY_BUREAU,
  // Photos, scans and voice notes from a phone; 10 MB keeps uploads possible on a weak connection.
  attachments: { maxBytes: 10 * 1024 * 1024, mediaTypes: ['image/*', 'application/pdf', 'audio/*', 'video/mp4'] },
};
