//! The fictional school of the demo inbox: 常州市武进区云溪实验小学, its roster and the contests,
//! journals and training providers its teachers deal with. All names are invented.

use chrono::NaiveDate;

use crate::idcard;
use crate::model::Teacher;

/// The school's name.
pub const SCHOOL: &str = "常州市武进区云溪实验小学";

/// (name, 教研组, 学科, 职称, male, region, birth y/m/d).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    u32,
    (i32, u32, u32),
);

#[rustfmt::skip]
const ROSTER: &[Row] = &[
    ("王静", "语文组", "语文", "一级教师", false, 320412, (1986, 3, 12)),
    ("陈雪梅", "语文组", "语文", "高级教师", false, 320412, (1975, 8, 23)),
    ("张丽", "语文组", "语文", "一级教师", false, 320404, (1984, 11, 2)),
    ("李明", "语文组", "语文", "二级教师", true, 320412, (1995, 6, 18)),
    ("周晓燕", "语文组", "语文", "一级教师", false, 320402, (1982, 1, 29)),
    ("吴芳", "语文组", "语文", "一级教师", false, 320412, (1988, 9, 7)),
    ("徐婷婷", "语文组", "语文", "二级教师", false, 320411, (1997, 4, 15)),
    ("朱晓红", "语文组", "语文", "高级教师", false, 320412, (1972, 12, 5)),
    ("钱玉兰", "语文组", "语文", "一级教师", false, 320413, (1979, 5, 21)),
    ("蒋文华", "语文组", "语文", "高级教师", true, 320481, (1970, 10, 10)),
    ("孙建国", "数学组", "数学", "正高级教师", true, 320412, (1968, 2, 14)),
    ("王小明", "数学组", "数学", "一级教师", true, 320412, (1987, 7, 30)),
    ("刘洋", "数学组", "数学", "二级教师", true, 320411, (1996, 3, 3)),
    ("杨帆", "数学组", "数学", "一级教师", false, 320404, (1990, 8, 16)),
    ("黄敏", "数学组", "数学", "高级教师", false, 320412, (1977, 4, 9)),
    ("赵磊", "数学组", "数学", "一级教师", true, 320402, (1985, 12, 24)),
    ("沈佳怡", "数学组", "数学", "二级教师", false, 320412, (1999, 10, 1)),
    ("顾海峰", "数学组", "数学", "一级教师", true, 320413, (1981, 6, 6)),
    ("陆红", "数学组", "数学", "高级教师", false, 320412, (1974, 9, 19)),
    ("许晴", "英语组", "英语", "高级教师", false, 320402, (1980, 1, 8)),
    ("潘丽娟", "英语组", "英语", "一级教师", false, 320412, (1983, 5, 27)),
    ("范文静", "英语组", "英语", "一级教师", false, 320411, (1989, 2, 11)),
    ("邹颖", "英语组", "英语", "二级教师", false, 320412, (1998, 7, 4)),
    ("卢佳", "英语组", "英语", "一级教师", false, 320404, (1991, 11, 22)),
    ("王静", "英语组", "英语", "二级教师", false, 320412, (1994, 3, 16)),
    ("马骏", "综合组", "科学", "高级教师", true, 320412, (1976, 8, 8)),
    ("郑志刚", "综合组", "科学", "一级教师", true, 320481, (1984, 10, 13)),
    ("邵军", "综合组", "科学", "二级教师", true, 320412, (1995, 1, 20)),
    ("李喆", "综合组", "信息科技", "一级教师", true, 320411, (1990, 4, 25)),
    ("胡晓东", "综合组", "信息科技", "高级教师", true, 320412, (1978, 7, 7)),
    ("曹红梅", "综合组", "道德与法治", "一级教师", false, 320402, (1982, 9, 30)),
    ("彭丽", "综合组", "道德与法治", "二级教师", false, 320412, (1997, 12, 12)),
    ("葛秀英", "综合组", "道德与法治", "高级教师", false, 320412, (1966, 5, 5)),
    ("唐雨欣", "艺体组", "音乐", "二级教师", false, 320412, (2000, 2, 18)),
    ("冯蕾", "艺体组", "音乐", "一级教师", false, 320404, (1987, 6, 26)),
    ("韩冰", "艺体组", "美术", "一级教师", false, 320412, (1985, 3, 9)),
    ("杜鹃", "艺体组", "美术", "高级教师", false, 320402, (1979, 11, 11)),
    ("任杰", "艺体组", "体育", "一级教师", true, 320412, (1988, 8, 28)),
    ("谢勇", "艺体组", "体育", "高级教师", true, 320413, (1973, 4, 4)),
    ("袁赟", "艺体组", "体育", "二级教师", true, 320412, (1998, 9, 9)),
    ("姜涛", "艺体组", "体育", "一级教师", true, 320481, (1986, 1, 15)),
];

/// The roster in the order of the 花名册. 钱玉兰's number ends in X.
pub fn roster() -> Vec<Teacher> {
    ROSTER
        .iter()
        .enumerate()
        .map(
            |(i, &(name, dep, subject, title, male, region, (y, m, d)))| {
                let birth = NaiveDate::from_ymd_opt(y, m, d).expect("valid birth date");
                let mut seq = (i as u32 * 37 + 11) % 500;
                let mut id = idcard::make(region, birth, seq, male);
                if name == "钱玉兰" {
                    while !id.ends_with('X') {
                        seq += 1;
                        id = idcard::make(region, birth, seq, male);
                    }
                }
                Teacher {
                    name: name.into(),
                    department: dep.into(),
                    subject: subject.into(),
                    title: title.into(),
                    male,
                    id: id.clone(),
                    id_expected: id,
                }
            },
        )
        .collect()
}

/// Looks a teacher up by name (the first one for 王静: 语文组).
pub fn find<'a>(roster: &'a [Teacher], name: &str) -> &'a Teacher {
    roster
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("{name} is not on the roster"))
}

/// A paper contest.
#[derive(Debug, Clone, Copy)]
pub struct Contest {
    /// 评比活动名称.
    pub name: &'static str,
    /// Canonical level.
    pub level: &'static str,
    /// 颁奖单位.
    pub organizer: &'static str,
}

/// 江苏省“师陶杯”.
pub const SHITAO: Contest = Contest {
    name: "江苏省“师陶杯”教育科研论文评比",
    level: "省级",
    organizer: "江苏省陶行知研究会",
};
/// 江苏省“五四杯”.
pub const WUSI: Contest = Contest {
    name: "江苏省“五四杯”初等教育论文评比",
    level: "省级",
    organizer: "江苏省教育学会小学教育专业委员会",
};
/// 江苏省“教海探航”.
pub const JIAOHAI: Contest = Contest {
    name: "江苏省“教海探航”征文竞赛",
    level: "省级",
    organizer: "江苏教育报刊总社",
};
/// 常州市教育学会.
pub const CZ_XUEHUI: Contest = Contest {
    name: "常州市教育学会论文评比",
    level: "市级",
    organizer: "常州市教育学会",
};
/// 常州市教学案例.
pub const CZ_ANLI: Contest = Contest {
    name: "常州市中小学教学案例评比",
    level: "市级",
    organizer: "常州市教育科学研究院",
};
/// 武进区教育学会.
pub const WJ_XUEHUI: Contest = Contest {
    name: "武进区教育学会论文评比",
    level: "区县级",
    organizer: "武进区教育学会",
};
/// 武进区教学案例.
pub const WJ_ANLI: Contest = Contest {
    name: "武进区小学数学教学案例评比",
    level: "区县级",
    organizer: "武进区教师发展中心",
};
/// The school's own contest.
pub const XIAO: Contest = Contest {
    name: "云溪实验小学校级论文评比",
    level: "校级",
    organizer: "云溪实验小学教科室",
};
/// A national one.
pub const QUANGUO: Contest = Contest {
    name: "全国教育科研优秀论文评选",
    level: "国家级",
    organizer: "中国教育学会",
};
