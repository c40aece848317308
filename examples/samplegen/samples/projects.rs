//! 课题一览表.xlsx and the macro-enabled 微型课题 workbook.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn project(
    title: &str,
    code: &str,
    level: &str,
    category: &str,
    leader: &str,
    members: &str,
    status: &str,
    approved: Option<D>,
    closed: Option<D>,
) -> Project {
    Project {
        title: title.into(),
        code: code.into(),
        level: level.into(),
        category: category.into(),
        leader: leader.into(),
        members: names(members),
        status: mess::status_canon(status).into(),
        status_written: status.into(),
        approved,
        closed,
    }
}

/// 课题一览表.xlsx (with a LibreOffice lock file beside it): statuses, member separators,
/// a full-width code, the date problems of projects.
pub(super) fn projects_list(out: &mut Out) -> Result<()> {
    let file = "课题一览表.xlsx";
    let at = At::sheet(file, "课题一览表");
    let mut t = Table::new(vec![
        index_col("序号"),
        j_title("课题名称"),
        j_code("课题编号"),
        j_level("课题级别"),
        j_category("课题类别"),
        j_leader("主持人"),
        j_members("课题组成员", "、"),
        j_approved(
            "立项时间",
            &[
                DS::Dot,
                DS::Cn,
                DS::Dot,
                DS::Cell,
                DS::Dot,
                DS::Dot,
                DS::Dot,
                DS::Cn,
                DS::Dot,
                DS::Dot,
                DS::Dot,
                DS::Dot0,
            ],
        ),
        j_closed(
            "结题时间",
            &[
                DS::Dot,
                DS::Dot,
                DS::Dot,
                DS::Dot,
                DS::Dot,
                DS::Dot,
                DS::Dot,
                DS::Cn,
            ],
        ),
        j_status("研究状态"),
    ]);
    t.title = Some("云溪实验小学在研及结题课题一览表（截至2023年12月）".into());
    let p = project;
    let recs = vec![
        Rec::new(p(
            "指向深度学习的小学数学单元整体教学实践研究",
            "D/2021/02/123",
            "省级",
            "一般课题",
            "孙建国",
            "王小明、刘洋、黄敏、顾海峰",
            "中期检查",
            Some(ym(2021, 6)),
            None,
        )),
        Rec::new(p(
            "基于学习任务群的小学语文作业设计研究",
            "CZ-c/2022/05",
            "市级",
            "一般课题",
            "陈雪梅",
            "张丽、周晓燕、吴芳、徐婷婷",
            "开题",
            Some(ym(2022, 5)),
            None,
        ))
        .raw("members", Cell::text("张丽、周晓燕、吴芳，徐婷婷")),
        Rec::new(p(
            "小学英语绘本阅读教学的实践研究",
            "CZ-c/2019/32",
            "市级",
            "青年专项课题",
            "许晴",
            "潘丽娟、范文静、邹颖",
            "已结题",
            Some(ym(2019, 12)),
            Some(ym(2022, 12)),
        ))
        .raw("members", Cell::text("潘丽娟 范文静 邹颖")),
        Rec::new(p(
            "小学科学项目化学习的设计与实施研究",
            "CZ-c/2021/11",
            "市级",
            "一般课题",
            "马骏",
            "郑志刚、邵军、胡晓东",
            "在研",
            Some(ymd(2021, 6, 15)),
            None,
        ))
        .raw("members", Cell::text("郑志刚；邵军；胡晓东")),
        Rec::new(p(
            "小学体育大课间活动优化的实践研究",
            "WJ2022-031",
            "区县级",
            "规划课题",
            "任杰",
            "谢勇、袁赟、姜涛",
            "结题",
            Some(ym(2022, 3)),
            Some(ym(2023, 12)),
        ))
        .raw("members", Cell::text("谢勇/袁赟/姜涛")),
        Rec::new(p(
            "小学美术课堂中传统文化渗透的实践研究",
            "YX2023-02",
            "校级",
            "校级课题",
            "韩冰",
            "杜鹃、唐雨欣",
            "立项",
            Some(ym(2023, 2)),
            None,
        ))
        .raw("level", Cell::text("校")),
        Rec::new(p(
            "小学语文整本书阅读指导策略研究",
            "CZ-c/2021/07",
            "市级",
            "一般课题",
            "周晓燕",
            "朱晓红、钱玉兰、蒋文华",
            "中期检查",
            None,
            None,
        ))
        .raw("approved", Cell::Num(2021.1))
        .plant(
            "approved",
            "invalid_date",
            "数字2021.1：可能是2021年1月，也可能是2021.10（10月），不猜",
        ),
        Rec::new(p(
            "小学数学计算教学中算理与算法融合的研究",
            "WJ2021-012",
            "区县级",
            "规划课题",
            "黄敏",
            "赵磊、陆红",
            "已结题",
            Some(ym(2021, 9)),
            Some(ym(2020, 6)),
        ))
        .plant("closed", "inconsistent_dates", "结题时间早于立项时间"),
        Rec::new(p(
            "道德与法治课堂生活化教学的实践研究",
            "WJ2021-027",
            "区县级",
            "规划课题",
            "曹红梅",
            "彭丽、葛秀英",
            "结题",
            Some(ym(2021, 9)),
            None,
        ))
        // Pointed at the empty 结题时间 cell: that is the cell to fill in.
        .plant("closed", "inconsistent_dates", "状态为结题却没有结题时间"),
        Rec::new(p(
            "小学语文低年级识字教学游戏化的研究",
            "YX2023-05",
            "校级",
            "校级课题",
            "张丽",
            "王静、李明",
            "立项",
            Some(ym(2023, 3)),
            None,
        ))
        .plant(
            "members",
            "ambiguous_teacher",
            "语文组、英语组各有一位王静，此表无教研组可分辨",
        ),
        Rec::new(p(
            "小学信息科技课程中计算思维培养的实践研究",
            "",
            "市级",
            "一般课题",
            "胡晓东",
            "李喆",
            "申报",
            None,
            None,
        )),
        Rec::new(p(
            "小学音乐课堂律动教学的实践研究",
            "WJ2020-044",
            "区县级",
            "规划课题",
            "冯蕾",
            "唐雨欣",
            "延期",
            Some(ym(2020, 10)),
            None,
        ))
        .raw("code", Cell::text(mess::fullwidth("WJ2020-044"))),
    ];
    let mut its = records(&recs);
    its.push(Item::Note(
        "注：课题级别填省级、市级、区级、校级；研究状态填立项、开题、中期检查、结题、延期。".into(),
        true,
    ));
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &its, &at, &mut out.truth);
    out.xlsx(file, &Book::one(g))
}

/// 微型课题申报汇总.xlsm: a macro-enabled workbook of 武进区 micro projects; levels 区/县.
pub(super) fn projects_micro(out: &mut Out) -> Result<()> {
    let file = "微型课题申报汇总.xlsm";
    let at = At::sheet(file, "微型课题");
    let mut t = Table::new(vec![
        index_col("序号"),
        j_title("项目名称"),
        j_code("立项编号"),
        j_level("级别"),
        j_category("类别"),
        j_leader("负责人"),
        j_members("参与人", "、"),
        j_approved(
            "立项日期",
            &[
                DS::Cell,
                DS::Serial,
                DS::Slash,
                DS::Cn,
                DS::Compact,
                DS::Dot,
            ],
        ),
        j_status("研究状态"),
    ]);
    t.title = Some("武进区2023年度教师微型课题立项汇总表（云溪实验小学）".into());
    let d = Some(ymd(2023, 3, 15));
    let p = |ti, code, lead, mem, st| {
        Rec::new(project(
            ti,
            code,
            "区县级",
            "微型课题",
            lead,
            mem,
            st,
            d,
            None,
        ))
    };
    let recs = vec![
        p(
            "低年级学生课堂倾听习惯培养的策略研究",
            "WJ2023-017",
            "吴芳",
            "徐婷婷",
            "立项",
        ),
        p(
            "小学数学作业订正有效性的实践研究",
            "WJ2023-018",
            "杨帆",
            "沈佳怡",
            "立项",
        ),
        p(
            "小学英语课堂评价语的运用研究",
            "WJ2023-019",
            "卢佳",
            "邹颖",
            "在研",
        ),
        p(
            "小学科学实验教学中学生记录能力的培养研究",
            "WJ2023-020",
            "邵军",
            "郑志刚",
            "开题",
        ),
        p(
            "小学生课外阅读兴趣培养的研究",
            "WJ2023-021",
            "钱玉兰",
            "蒋文华、朱晓红",
            "研究中",
        ),
        p(
            "小学体育课堂常规养成的实践研究",
            "WJ2023-022",
            "姜涛",
            "袁赟",
            "立项",
        ),
    ];
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &records(&recs), &at, &mut out.truth);
    out.put(
        file,
        &write::xlsx(&Book {
            sheets: vec![g],
            macros: true,
        })?,
    )
}
