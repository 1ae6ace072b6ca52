// A small Chinese dictionary for the password estimator: common surnames and given-name syllables in
// pinyin, words and number codes Chinese users put in passwords. Ordered roughly by how common they are.

// prettier-ignore
export const ZH_SURNAMES = [
  'wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo', 'he',
  'lin', 'gao', 'luo', 'zheng', 'liang', 'xie', 'song', 'tang', 'han', 'feng', 'deng', 'cao', 'peng', 'zeng', 'xiao', 'tian',
  'dong', 'pan', 'yuan', 'cai', 'jiang', 'yu', 'du', 'ye', 'cheng', 'wei', 'su', 'lv', 'lu', 'ding', 'ren', 'shen', 'yao', 'jin',
  'fu', 'zhong', 'cui', 'tan', 'liao', 'fan', 'wen', 'shi', 'qian', 'kong', 'bai', 'qiu', 'qin', 'jia', 'xue', 'yan', 'hou',
  'lei', 'long', 'duan', 'hao', 'shao', 'mao', 'wan', 'gu', 'lai', 'wu', 'kang', 'he', 'yin', 'qiao', 'niu', 'ouyang', 'situ',
  'zhuge',
]

// prettier-ignore
export const ZH_GIVEN = [
  'wei', 'fang', 'na', 'min', 'jing', 'li', 'qiang', 'lei', 'jun', 'yang', 'yong', 'yan', 'jie', 'juan', 'tao', 'ming', 'chao',
  'xiuying', 'xia', 'ping', 'gang', 'gui', 'hua', 'hui', 'hong', 'ying', 'bin', 'bo', 'peng', 'fei', 'hao', 'yu', 'xin', 'lin',
  'ling', 'qing', 'dan', 'mei', 'lan', 'feng', 'long', 'hai', 'bing', 'jian', 'kai', 'xiang', 'xue', 'yun', 'zhen', 'zhi', 'wen',
  'hao', 'yi', 'ning', 'tian', 'xiaoming', 'xiaohong', 'xiaoli', 'xiaoyu', 'zihan', 'yutong', 'haoran', 'zixuan', 'yichen',
  'jiaxin', 'xinyi', 'yuxuan', 'haoyu', 'mingyu', 'junjie', 'jianguo', 'guoqiang', 'jianhua', 'jianjun', 'guiying', 'shulan',
]

// prettier-ignore
export const ZH_WORDS = [
  'woaini', 'aini', 'woainimen', 'wobuaini', 'nihao', 'mima', 'mimamima', 'baobei', 'laopo', 'laogong', 'qinai', 'xiaobao',
  'tiantian', 'kuaile', 'xingfu', 'pingan', 'fuqi', 'zhongguo', 'beijing', 'shanghai', 'chaoyang', 'shuangjing', 'jiulongshan',
  'jiedao', 'shequ', 'xuncha', 'lastmile', 'zuihouyigongli', 'admin', 'guanli', 'guanliyuan', 'yonghu', 'dengl', 'denglu',
  'qwer', 'asdf', 'zxcv', 'aaaa', 'qq', 'wx', 'weixin', 'taobao', 'baidu', 'huawei', 'xiaomi', 'jiayou', 'fafa', 'facai', '520',
  '521', '1314', '5201314', '1314520', '3344', '8888', '6666', '9999', '168', '518', '888', '666', '147258', '159357', '7758521',
  '584520', '20121221',
]

const INITIALS = ['', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'zh', 'ch', 'sh', 'r', 'z', 'c', 's', 'y', 'w']
// prettier-ignore
const FINALS = [
  'a', 'o', 'e', 'i', 'u', 'v', 'ai', 'ei', 'ui', 'ao', 'ou', 'iu', 'ie', 've', 'er', 'an', 'en', 'in', 'un', 'vn', 'ang', 'eng',
  'ing', 'ong', 'ia', 'iao', 'ian', 'iang', 'iong', 'ua', 'uo', 'uai', 'uan', 'uang', 'ue',
]

/** A generous superset of pinyin syllables (initial + final), for telling a pinyin name from other letters. */
export const PINYIN_SYLLABLES = new Set(INITIALS.flatMap((i) => FINALS.map((f) => i + f)))
