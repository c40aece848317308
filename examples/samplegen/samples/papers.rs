//! The paper files of each department and the school-wide list of publications.

use super::*;

/// 语文组/语文组论文.xlsx: title, info row, odd headers, blank rows, 序号-only rows, notes.
pub(super) fn papers_yuwen(out: &mut Out) -> Result<()> {
    let file = "语文组/语文组论文.xlsx";
    let at = At::sheet(file, "论文获奖");
    let dep = "语文组";
    use school::*;
    let dates = [
        DS::Dot,
        DS::Cn,
        DS::Cell,
        DS::Dot,
        DS::Cn,
        DS::Serial,
        DS::Dot,
        DS::Dot,
        DS::Cn,
        DS::Dash,
        DS::Slash,
        DS::Compact,
    ];
    let mut t = Table::new(vec![
        index_col("序号"),
        p_authors("姓名", "、"),
        p_title("论 文 题 目"),
        p_venue("评比活动名称", false),
        p_level("级别", true),
        p_award("获奖\n等级", true),
        p_date("获奖时间", &dates),
        p_organizer("颁奖单位"),
    ]);
    t.title = Some("云溪实验小学2023年度教师论文获奖统计表".into());
    t.info = vec!["填报部门：语文组　　填表人：陈雪梅　　填表日期：2023年12月".into()];
    t.gap = 1;
    let r = |a, ti, c, aw, d| Rec::new(award(a, ti, c, aw, d, dep));
    let recs = vec![
        r(
            "陈雪梅",
            "核心素养视域下小学语文大单元教学设计例谈",
            SHITAO,
            "一等奖",
            ym(2023, 11),
        ),
        r(
            "张丽",
            "统编教材背景下小学低年级识字教学的实践与思考",
            CZ_XUEHUI,
            "二等奖",
            ym(2023, 10),
        ),
        r(
            "李明",
            "学习任务群视角下的小学语文作业设计",
            WJ_XUEHUI,
            "一等奖",
            ymd(2023, 6, 20),
        )
        .raw("authors", Cell::text("李 明")),
        r(
            "周晓燕、曹红梅",
            "“立德树人”视域下道德与法治与语文学科融合教学探索",
            CZ_XUEHUI,
            "三等奖",
            ym(2023, 10),
        ),
        r(
            "陈雪梅、李喆",
            "信息技术与小学语文阅读教学的深度融合",
            JIAOHAI,
            "二等奖",
            ym(2023, 11),
        )
        .raw("authors", Cell::text("陈雪梅，李喆")),
        r(
            "王静",
            "整本书阅读在小学高年级的推进策略",
            WJ_XUEHUI,
            "一等奖",
            ymd(2023, 6, 20),
        ),
        {
            let mut p = award(
                "吴芳",
                "小学语文课堂提问的有效性研究",
                XIAO,
                "一等奖",
                ym(2023, 12),
                dep,
            );
            p.date = None;
            Rec::new(p).raw("date", Cell::text("2023.13.5")).plant(
                "date",
                "invalid_date",
                "没有13月",
            )
        },
        r("徐婷婷", "", WJ_XUEHUI, "三等奖", ym(2023, 6)).plant(
            "title",
            "missing_value",
            "论文题目漏填",
        ),
        r(
            "朱晓红",
            "让古诗词教学“活”起来——以《望庐山瀑布》为例",
            CZ_ANLI,
            "优秀奖",
            ym(2023, 12),
        ),
        r(
            "钱玉兰",
            "小学生语文口语交际能力培养的路径",
            WUSI,
            "三等奖",
            ymd(2023, 5, 20),
        ),
        r(
            "蒋文华",
            "小学语文习作讲评课的教学策略",
            WJ_XUEHUI,
            "二等奖",
            ymd(2023, 6, 20),
        ),
        r(
            "张丽、吴芳",
            "基于“读写结合”的小学语文习作教学策略探究",
            QUANGUO,
            "二等奖",
            ymd(2023, 12, 8),
        ),
    ];
    let mut its = vec![];
    for (i, rec) in recs.iter().enumerate() {
        its.push(Item::Rec(rec));
        if i == 3 || i == 6 {
            its.push(Item::Blank);
        }
    }
    its.extend([Item::IndexOnly, Item::IndexOnly, Item::IndexOnly]);
    its.push(Item::Note(
        "注：1. 获奖时间以证书落款时间为准；2. 同一论文多次获奖的按最高级别填写。".into(),
        true,
    ));
    its.push(Item::Note(
        "填表人：陈雪梅　　　　教研组长签字：".into(),
        false,
    ));
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &its, &at, &mut out.truth);
    out.xlsx(file, &Book::one(g))
}

/// 数学组/数学组.xls (BIFF8 by LibreOffice): a two-row header; a second sheet of 教学案例
/// without any author column. The department comes from the file name only.
pub(super) fn papers_shuxue(out: &mut Out) -> Result<()> {
    let file = "数学组/数学组.xls";
    let dep = "数学组";
    use school::*;
    let at = At::sheet(file, "论文获奖");
    let dates = [
        DS::Dot,
        DS::Cell,
        DS::Dot0,
        DS::FullWidth,
        DS::Cn,
        DS::NumDot,
        DS::Dot0,
        DS::Cn,
        DS::NumDot,
    ];
    let mut t = Table::new(vec![
        index_col("序号"),
        p_authors("获奖教师", "、"),
        p_title("论文名称"),
        p_venue("评比活动名称", false),
        p_level("级别", true).under("获奖情况"),
        p_award("等次", true).under("获奖情况"),
        p_date("获奖时间", &dates),
    ]);
    t.title = Some("2023年数学组教师论文获奖情况一览".into());
    let r = |a, ti, c, aw, d| Rec::new(without(award(a, ti, c, aw, d, dep), &["organizer"]));
    let recs = vec![
        r(
            "孙建国",
            "基于问题解决的小学数学单元整体教学实践",
            SHITAO,
            "一等奖",
            ym(2023, 11),
        ),
        r(
            "王小明",
            "例谈小学数学教学中的数形结合思想",
            CZ_XUEHUI,
            "二等奖",
            ym(2023, 10),
        ),
        r(
            "王晓明",
            "小学数学课堂中的错误资源利用",
            WJ_XUEHUI,
            "三等奖",
            ym(2023, 6),
        )
        .plant("authors", "unknown_teacher", "名单上没有王晓明，应为王小明"),
        r(
            "刘洋",
            "借助画图策略提升学生解决问题的能力",
            WJ_XUEHUI,
            "二等奖",
            ym(2023, 6),
        ),
        r(
            "杨帆、沈佳怡",
            "“双减”背景下小学数学分层作业的设计与实施",
            CZ_XUEHUI,
            "一等奖",
            ym(2023, 10),
        ),
        r(
            "黄敏",
            "小学数学计算教学中算理与算法的融合",
            XIAO,
            "一等奖",
            ym(2023, 12),
        ),
        r(
            "赵磊",
            "小学数学“图形与几何”教学中空间观念的培养",
            WUSI,
            "二等奖",
            ym(2023, 5),
        ),
        r(
            "顾海峰",
            "小学数学实践活动课的设计与思考",
            WJ_XUEHUI,
            "优秀奖",
            ym(2023, 6),
        ),
        r(
            "陆红",
            "小学数学估算教学的现状与对策",
            QUANGUO,
            "三等奖",
            ym(2023, 8),
        ),
    ];
    let mut g1 = Grid::new(&at.sheet);
    render(&mut g1, &t, &records(&recs), &at, &mut out.truth);

    let at2 = At::sheet(file, "教学案例");
    let t2 = Table::new(vec![
        index_col("序号"),
        p_title("案例题目"),
        p_venue("评比名称", false),
        p_award("获奖等级", false),
        p_date("获奖时间", &[DS::Dot]),
    ]);
    let c = |ti, c, aw, d| {
        Rec::new(without(
            award("", ti, c, aw, d, dep),
            &["authors", "level", "organizer"],
        ))
    };
    let recs2 = vec![
        c(
            "《分数的初步认识》教学案例",
            CZ_ANLI,
            "二等奖",
            ym(2023, 12),
        ),
        c("《圆的认识》教学案例", WJ_ANLI, "一等奖", ym(2023, 6)),
        c("《鸡兔同笼》教学案例", WJ_ANLI, "三等奖", ym(2023, 6)),
    ];
    let mut g2 = Grid::new(&at2.sheet);
    render(&mut g2, &t2, &records(&recs2), &at2, &mut out.truth);
    out.truth.problem(crate::model::Problem {
        file: file.into(),
        sheet: at2.sheet.clone(),
        row: None,
        column: String::new(),
        code: "missing_column",
        value: String::new(),
        note: "论文表没有作者列（作者/姓名/获奖教师…）；记录照常导入，作者为空".into(),
    });
    out.stage(
        file,
        "xls",
        &Book {
            sheets: vec![g1, g2],
            macros: false,
        },
    )
}

/// 英语组/英语组教科研成果.xlsx: two kinds on two sheets, an empty Sheet3, a hidden list sheet;
/// `等级` holds the level here.
pub(super) fn papers_yingyu(out: &mut Out) -> Result<()> {
    let file = "英语组/英语组教科研成果.xlsx";
    let dep = "英语组";
    use school::*;
    let at = At::sheet(file, "论文获奖");
    let t = Table::new(vec![
        index_col("序号"),
        p_authors("第一作者", "、"),
        p_title("成果名称"),
        p_venue("评比活动", false),
        p_level("等级", false),
        p_award("等第", false),
        p_date(
            "获奖日期",
            &[
                DS::Cell,
                DS::Cell,
                DS::Cell,
                DS::Cell,
                DS::Serial,
                DS::CellSlash,
            ],
        ),
    ]);
    let r = |a, ti, c, aw, d| Rec::new(without(award(a, ti, c, aw, d, dep), &["organizer"]));
    let recs = vec![
        r(
            "许晴",
            "基于英语学习活动观的小学英语对话教学",
            SHITAO,
            "二等奖",
            ymd(2023, 11, 10),
        ),
        {
            let mut p = without(
                award(
                    "潘丽娟",
                    "小学英语单元整体教学中的作业设计",
                    CZ_XUEHUI,
                    "",
                    ymd(2023, 10, 15),
                    dep,
                ),
                &["organizer"],
            );
            p.award.clear();
            Rec::new(p).raw("award", Cell::text("特别奖")).plant(
                "award",
                "invalid_value",
                "没有“特别奖”这一等次",
            )
        },
        r(
            "范文静",
            "例谈PEP教材Story time板块的阅读教学",
            WJ_XUEHUI,
            "一等奖",
            ymd(2023, 6, 20),
        )
        .raw(
            "title",
            Cell::text("例谈ＰＥＰ教材Story time板块的阅读教学"),
        ),
        r(
            "王静",
            "小学英语课堂中的情境创设策略",
            WJ_XUEHUI,
            "三等奖",
            ymd(2027, 3, 1),
        )
        .plant("date", "out_of_range", "获奖日期在将来（应为2023-03-01）"),
        r(
            "邹颖",
            "以思维导图促进小学英语词汇教学",
            CZ_XUEHUI,
            "三等奖",
            ymd(2023, 10, 11),
        ),
        r(
            "卢佳",
            "小学英语游戏化教学的实践与思考",
            XIAO,
            "一等奖",
            ymd(2023, 12, 20),
        ),
    ];
    let mut g1 = Grid::new(&at.sheet);
    render(&mut g1, &t, &records(&recs), &at, &mut out.truth);

    let at2 = At::sheet(file, "论文发表");
    let t2 = Table::new(vec![
        index_col("序号"),
        p_authors("作者", "、"),
        p_title("论文题目"),
        p_venue("发表刊物", true),
        p_cn("刊号"),
        p_date("发表时间", &[DS::Issue, DS::Dot, DS::Cn]),
        p_level("刊物级别", false),
        blank("备注"),
    ]);
    let recs2 = vec![
        Rec::new(published(
            "许晴",
            "小学英语绘本阅读教学的实践探索",
            "中小学英语教学与研究",
            "",
            "省级",
            ym(2023, 5),
            dep,
        )),
        Rec::new(published(
            "卢佳",
            "小学英语课堂评价语的运用策略",
            "江苏教育",
            "CN32-1014/G4",
            "省级",
            ym(2023, 9),
            dep,
        )),
        Rec::new(published(
            "潘丽娟",
            "浅谈小学英语语音教学的趣味性",
            "小学教学设计",
            "",
            "省级",
            ym(2023, 3),
            dep,
        )),
    ];
    let mut g2 = Grid::new(&at2.sheet);
    render(&mut g2, &t2, &records(&recs2), &at2, &mut out.truth);

    let g3 = Grid::new("Sheet3");
    out.truth.skip(file, "Sheet3", "unknown_sheet", "空工作表");
    let mut g4 = Grid::new("下拉选项");
    g4.push(RowStyle::Body, vec![Cell::text("级别"), Cell::text("等第")]);
    let levels = ["国家级", "省级", "市级", "区级", "校级"];
    let awards = ["特等奖", "一等奖", "二等奖", "三等奖", "优秀奖"];
    for (l, a) in levels.iter().zip(awards) {
        g4.push(RowStyle::Body, vec![Cell::text(*l), Cell::text(a)]);
    }
    g4.hidden = true;
    out.truth.skip(
        file,
        "下拉选项",
        "unknown_sheet",
        "隐藏的下拉列表来源，不是记录",
    );
    out.xlsx(
        file,
        &Book {
            sheets: vec![g1, g2, g3, g4],
            macros: false,
        },
    )
}

/// 综合组/综合组论文获奖.et (an .xls under WPS's extension): blank rows above the header,
/// `论文（案例）题目`, `等级` holding the award grade, less complete copies of two of 语文组's
/// papers (no level): 语文组's count, these are the duplicates.
pub(super) fn papers_zonghe(out: &mut Out) -> Result<()> {
    let file = "综合组/综合组论文获奖.et";
    let dep = "综合组";
    use school::*;
    let at = At::sheet(file, "Sheet1");
    let mut t = Table::new(vec![
        index_col("序号"),
        p_authors("作者", "、"),
        p_title("论文（案例）题目"),
        p_venue("评比名称", false),
        p_award("等级", true),
        p_date(
            "获奖时间",
            &[
                DS::Cn,
                DS::Cn,
                DS::Dot,
                DS::Cell,
                DS::Dot,
                DS::Cn,
                DS::Dot0,
                DS::Cn,
            ],
        ),
        p_organizer("颁奖单位"),
    ]);
    t.top_gap = 2;
    let r = |a, ti, c, aw, d| Rec::new(without(award(a, ti, c, aw, d, dep), &["level"]));
    let recs = vec![
        r(
            "马骏",
            "STEM理念下小学科学项目化学习的设计",
            SHITAO,
            "一等奖",
            ym(2023, 11),
        )
        .raw(
            "title",
            Cell::text("ＳＴＥＭ理念下小学科学项目化学习的设计"),
        ),
        // 语文组 handed these in too, with their level: that copy counts, these are reported.
        r(
            "陈雪梅、李喆",
            "信息技术与小学语文阅读教学的深度融合",
            JIAOHAI,
            "二等奖",
            ym(2023, 11),
        )
        .plant(
            "title",
            "duplicate_record",
            "语文组/语文组论文.xlsx 也报了这篇论文（两个教研组合作），那里填了级别：计入那一份",
        ),
        r(
            "周晓燕、曹红梅",
            "\"立德树人\" 视域下道德与法治与语文学科融合教学探索",
            CZ_XUEHUI,
            "三等奖",
            ym(2023, 10),
        )
        .raw("authors", Cell::text("周晓燕 曹红梅"))
        .plant(
            "title",
            "duplicate_record",
            "语文组/语文组论文.xlsx 也报了这篇论文（题目引号、空格不同），那里填了级别：计入那一份",
        ),
        r(
            "郑志刚",
            "小学科学探究式教学中学生提问能力的培养",
            CZ_XUEHUI,
            "三等奖",
            ymd(2023, 10, 20),
        ),
        r(
            "胡晓东",
            "小学信息科技课程中计算思维的培养路径",
            WJ_XUEHUI,
            "一等奖",
            ym(2023, 6),
        ),
        r(
            "彭丽",
            "道德与法治课堂中的生活化教学策略",
            WJ_XUEHUI,
            "一等奖",
            ym(2023, 6),
        ),
        r(
            "邵军",
            "小学科学实验教学中学生记录能力的培养",
            XIAO,
            "二等奖",
            ym(2023, 12),
        ),
        {
            let p = award(
                "葛秀英",
                "小学道德与法治课程中的红色文化教育",
                WUSI,
                "一等奖",
                ym(2023, 5),
                dep,
            );
            Rec::new(p).raw("award", Cell::text("省一等奖"))
        },
    ];
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &records(&recs), &at, &mut out.truth);
    out.stage(file, "et", &Book::one(g))
}

/// 艺体组/艺体组论文获奖.csv in GBK with a title line; level and grade in one cell; author
/// lists with ；and /; a truncated list.
pub(super) fn papers_yiti(out: &mut Out) -> Result<()> {
    let file = "艺体组/艺体组论文获奖.csv";
    let dep = "艺体组";
    use school::*;
    let at = At::csv(file);
    let mut t = Table::new(vec![
        index_col("序号"),
        p_authors("获奖人", "、"),
        p_title("题目"),
        p_venue("获奖名称", false),
        p_award_with_level("获奖等级"),
        p_date("获奖时间", &[DS::Dot]),
    ]);
    t.title = Some("艺体组2023年论文获奖情况".into());
    let r = |a, ti, c, aw, d| Rec::new(without(award(a, ti, c, aw, d, dep), &["organizer"]));
    let recs = vec![
        r(
            "唐雨欣",
            "小学音乐课堂中的律动教学探索",
            WUSI,
            "一等奖",
            ym(2023, 5),
        ),
        r(
            "韩冰",
            "小学美术课堂中的传统文化渗透",
            CZ_XUEHUI,
            "二等奖",
            ym(2023, 10),
        )
        .raw("authors", Cell::text("韩冰等"))
        .plant("authors", "suspicious_value", "作者名单被“等”截断"),
        r(
            "任杰、谢勇",
            "“双减”背景下小学体育大课间活动的优化",
            WJ_XUEHUI,
            "一等奖",
            ym(2023, 6),
        )
        .raw("authors", Cell::text("任杰；谢勇")),
        Rec::new(without(
            award(
                "袁赟",
                "小学体育课中的分层教学实践",
                WJ_XUEHUI,
                "二等奖",
                ym(2023, 6),
                dep,
            ),
            &["organizer", "level"],
        )),
        r(
            "冯蕾",
            "小学音乐欣赏教学中学生聆听习惯的培养",
            XIAO,
            "一等奖",
            ym(2023, 12),
        ),
        Rec::new(without(
            award(
                "杜鹃",
                "小学美术课中剪纸艺术的教学实践",
                WJ_XUEHUI,
                "三等奖",
                ym(2023, 6),
                dep,
            ),
            &["organizer", "level"],
        )),
        r(
            "姜涛、任杰",
            "小学足球校本课程开发的实践研究",
            CZ_XUEHUI,
            "一等奖",
            ym(2023, 10),
        )
        .raw("authors", Cell::text("姜涛/任杰")),
    ];
    let mut g = Grid::new("");
    render(&mut g, &t, &records(&recs), &at, &mut out.truth);
    out.put(file, &write::csv(&g, TextEnc::Gbk, false)?)
}

/// 论文发表汇总.csv, UTF-8 with BOM, school-wide with a 教研组 column; journals in 《》,
/// `2023年第5期`, full-width dates; an ASCII comma between authors.
pub(super) fn papers_published(out: &mut Out) -> Result<()> {
    let file = "论文发表汇总.csv";
    let at = At::csv(file);
    let t = Table::new(vec![
        index_col("序号"),
        p_dep("教研组"),
        p_authors("作者姓名", ","),
        p_title("文章标题"),
        p_venue("发表刊物", true),
        p_cn("刊号"),
        p_date(
            "刊期",
            &[
                DS::Issue,
                DS::Issue,
                DS::FullWidth,
                DS::Dot0,
                DS::Issue,
                DS::Cn,
            ],
        ),
        p_level("刊物级别", true),
    ]);
    let p = published;
    let recs = vec![
        Rec::new(p(
            "陈雪梅",
            "小学语文大单元教学的实践路径",
            "江苏教育",
            "CN32-1014/G4",
            "省级",
            ym(2023, 5),
            "语文组",
        )),
        Rec::new(p(
            "孙建国、刘洋",
            "小学数学单元整体教学的设计策略",
            "小学数学教师",
            "",
            "国家级",
            ym(2023, 9),
            "数学组",
        )),
        Rec::new(p(
            "马骏",
            "小学科学项目化学习的评价设计",
            "江苏教育研究",
            "",
            "省级",
            ym(2023, 5),
            "综合组",
        )),
        Rec::new(p(
            "唐雨欣",
            "让音乐课堂“动”起来",
            "中小学音乐教育",
            "",
            "省级",
            ym(2023, 7),
            "艺体组",
        )),
        Rec::new(p(
            "王静",
            "小学语文整本书阅读的推进策略",
            "小学语文教师",
            "",
            "国家级",
            ym(2023, 11),
            "语文组",
        )),
        Rec::new(p(
            "王小明",
            "小学数学课堂提问的艺术",
            "武进教育",
            "",
            "区县级",
            ym(2023, 12),
            "数学组",
        )),
    ];
    let mut g = Grid::new("");
    render(&mut g, &t, &records(&recs), &at, &mut out.truth);
    out.put(file, &write::csv(&g, TextEnc::Utf8Bom, false)?)
}
