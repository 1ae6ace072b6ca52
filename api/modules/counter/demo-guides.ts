// Demo service guides for 双井街道's open-plan counters: realistic matters and materials written
// for the demo (not official text); each deployment verifies and edits its own.
import type { GuideInput } from '../../domain/counter/guides.ts'

type Demo = Omit<GuideInput, 'last_verified_on' | 'internal_notes' | 'published' | 'fee_fen' | 'fee_basis' | 'conditions' | 'online_url' | 'legal_basis'> &
  Partial<Pick<GuideInput, 'internal_notes' | 'published' | 'fee_fen' | 'fee_basis' | 'conditions' | 'online_url' | 'legal_basis'>> & { verified_days_ago: number }

const ID = { name: '居民身份证', form: 'original', copies: 1, notes: '' } as const
const HUKOU = { name: '户口簿', form: 'original_and_copy', copies: 1, notes: '复印户主页和本人页' } as const
const WHERE = '社区公共办公区综合窗口（轮值社工受理）'

export const DEMO_GUIDES: Demo[] = [
  {
    code: 'SB-01', name: '城乡居民养老保险参保登记', category: 'social_security', verified_days_ago: 20,
    applicants: '年满16周岁（不含在校学生）、未参加职工基本养老保险的本市户籍城乡居民',
    conditions: '未享受其他基本养老保障待遇；已参加职工养老保险的不能重复参保',
    materials: [ID, HUKOU, { name: '城乡居民养老保险参保登记表', form: 'original', copies: 1, notes: '窗口领取，可当场填写' }, { name: '本人银行卡或社保卡', form: 'original', copies: 1, notes: '用于签订代扣协议' }],
    steps: ['到社区窗口提交材料', '社工核对信息并录入系统', '选择缴费档次，签订银行代扣协议', '次月起按年度缴费，可在手机上查询缴费记录'],
    statutory_days: null, promised_days: 0, location: WHERE, visits_needed: 1,
    legal_basis: '参照《中华人民共和国社会保险法》及本市城乡居民养老保险有关规定',
    internal_notes: '系统每月25日后暂停参保登记，月底来的居民请提醒下月初再来或先留电话',
  },
  {
    code: 'YL-01', name: '高龄津贴申领', category: 'elderly', verified_days_ago: 35,
    applicants: '年满80周岁的本市户籍老年人（本人或家属代办）',
    materials: [ID, HUKOU, { name: '本人社保卡', form: 'original', copies: 1, notes: '津贴发放到社保卡金融账户' }, { name: '代办人身份证', form: 'original', copies: 1, notes: '家属代办时需要' }],
    steps: ['社区窗口受理并核对年龄、户籍', '街道审核', '区民政部门审批', '次月起按月发放到社保卡'],
    statutory_days: 20, promised_days: 10, location: WHERE, visits_needed: 1,
    legal_basis: '参照本市高龄老年人津贴发放有关规定',
  },
  {
    code: 'JS-01', name: '独生子女父母奖励申领', category: 'family_planning', verified_days_ago: 60,
    applicants: '持有《独生子女父母光荣证》且符合条件的本市户籍夫妻',
    conditions: '女方未满49周岁的，按规定每年领取奖励费；退休时另有一次性奖励',
    materials: [ID, HUKOU, { name: '结婚证', form: 'original_and_copy', copies: 1, notes: '' }, { name: '独生子女父母光荣证', form: 'original_and_copy', copies: 1, notes: '遗失的先补办光荣证' }],
    steps: ['社区窗口核对材料并登记', '街道计生办审核公示', '按年度发放奖励费'],
    statutory_days: 30, promised_days: 15, location: WHERE, visits_needed: 1,
    legal_basis: '参照《北京市人口与计划生育条例》有关规定',
  },
  {
    code: 'CJ-01', name: '残疾人证办理', category: 'disability', verified_days_ago: 90,
    applicants: '符合残疾标准的本市户籍居民（本人或监护人申请）',
    materials: [ID, HUKOU, { name: '近期2寸白底彩色免冠照片', form: 'original', copies: 3, notes: '' }, { name: '残疾人证申请表', form: 'original', copies: 1, notes: '窗口领取' }, { name: '既往病历或诊断证明', form: 'copy', copies: 1, notes: '有则带上，便于评定' }],
    steps: ['社区窗口受理，发放评定通知', '到指定医院进行残疾评定', '街道残联初审', '区残联审核发证，社区通知领取'],
    statutory_days: 30, promised_days: 20, location: WHERE, visits_needed: 2,
    legal_basis: '参照《中华人民共和国残疾人保障法》及残疾人证管理有关规定',
    internal_notes: '评定医院每周二、四上午接诊，提醒居民空腹不必要，带齐病历',
  },
  {
    code: 'YB-01', name: '城乡居民医保参保登记', category: 'social_security', verified_days_ago: 15,
    applicants: '未参加职工医保的本市户籍城乡居民、新生儿、非在校学生的未成年人',
    conditions: '在校学生由学校统一办理；每年集中参保期内办理，新生儿出生后90日内可随时参保',
    materials: [ID, HUKOU, { name: '出生医学证明', form: 'original_and_copy', copies: 1, notes: '新生儿参保时需要' }],
    steps: ['社区窗口核对身份并录入', '确认缴费方式', '缴费成功后次年享受待遇（新生儿自出生起享受）'],
    statutory_days: null, promised_days: 0, location: WHERE, visits_needed: 1,
    online_url: 'https://zwfw.example.cn/yibao/canbao',
  },
  {
    code: 'JY-01', name: '失业登记', category: 'employment', verified_days_ago: 45,
    applicants: '法定劳动年龄内、有劳动能力和就业要求、处于无业状态的本市户籍居民',
    materials: [ID, { name: '社保卡', form: 'original', copies: 1, notes: '' }, { name: '解除或终止劳动合同证明', form: 'original_and_copy', copies: 1, notes: '原单位出具，盖章' }],
    steps: ['窗口或网上提交登记', '社工核对就业失业状态', '当场登记，同时介绍就业服务和培训'],
    statutory_days: 0, promised_days: 0, location: WHERE, visits_needed: 1,
    online_url: 'https://zwfw.example.cn/jiuye/shiyedengji',
  },
  {
    code: 'ZF-01', name: '公共租赁住房申请', category: 'housing', verified_days_ago: 200,
    applicants: '在本市无住房或住房面积低于规定标准、收入和资产符合规定的家庭',
    conditions: '以家庭为单位申请，家庭成员须一同签署授权核查声明',
    materials: [ID, HUKOU, { name: '婚姻状况证明', form: 'copy', copies: 1, notes: '结婚证、离婚证或单身声明' }, { name: '家庭收入及资产申报表', form: 'original', copies: 1, notes: '家庭成员逐一签字' }, { name: '现住房情况证明', form: 'original', copies: 1, notes: '租房合同或产权人证明' }],
    steps: ['社区窗口受理并初审', '街道审核并公示', '区住房保障部门复审', '取得资格后轮候配租'],
    statutory_days: 30, promised_days: 25, location: WHERE, visits_needed: 2,
    internal_notes: '收入标准今年可能调整，核实后更新本指南',
  },
  {
    code: 'JS-02', name: '接诉即办诉求登记', category: 'hotline', verified_days_ago: 10,
    applicants: '辖区居民、单位（可匿名，留电话便于回访）',
    materials: [{ name: '诉求相关照片或书面材料', form: 'copy', copies: 1, notes: '有则提供，没有也可以登记' }],
    steps: ['窗口登记诉求内容和联系方式', '社区当场能解决的当场解决', '需要协调的转相关部门并跟进', '办结后电话回访'],
    statutory_days: 7, promised_days: 5, location: WHERE, visits_needed: 0,
  },
  {
    code: 'DB-01', name: '最低生活保障申请', category: 'livelihood', verified_days_ago: 120,
    applicants: '家庭人均收入低于本市低保标准、财产符合规定的本市户籍家庭',
    materials: [ID, HUKOU, { name: '家庭经济状况核对授权书', form: 'original', copies: 1, notes: '家庭成员逐一签字' }, { name: '收入证明', form: 'original', copies: 1, notes: '有工作的家庭成员提供' }, { name: '银行卡', form: 'copy', copies: 1, notes: '用于发放' }],
    steps: ['社区窗口受理', '入户调查和经济状况核对', '街道审核并公示', '区民政部门审批，按月发放'],
    statutory_days: 30, promised_days: 20, location: WHERE, visits_needed: 1,
  },
  {
    code: 'YL-02', name: '养老助残卡申领', category: 'elderly', verified_days_ago: 70,
    applicants: '年满65周岁的本市户籍老年人；持证残疾人',
    materials: [ID, { name: '近期1寸白底彩色免冠照片', form: 'original', copies: 1, notes: '可在窗口现场拍照' }],
    steps: ['窗口采集信息和照片', '制卡（约20个工作日）', '社区通知领卡并激活'],
    statutory_days: null, promised_days: 20, location: WHERE, visits_needed: 2,
  },
  {
    code: 'LS-01', name: '临时救助申请', category: 'livelihood', verified_days_ago: 5, published: false,
    applicants: '因突发事件、意外伤害、重大疾病等导致基本生活暂时困难的家庭或个人',
    materials: [ID, { name: '困难情况说明及证明材料', form: 'original_and_copy', copies: 1, notes: '医疗费用票据、事故证明等' }],
    steps: ['社区窗口受理', '街道审核', '按规定发放救助金'],
    statutory_days: 15, promised_days: 10, location: WHERE, visits_needed: 1,
    internal_notes: '草稿：待街道确认本年度标准后发布',
  },
]
