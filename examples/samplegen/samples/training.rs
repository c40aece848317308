//! Training registers: the school register, a department's .ods, the platform export,
//! a CSV and the 校本培训记载表.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn tr(
    teacher: &str,
    dep: &str,
    course: &str,
    ty: &str,
    level: &str,
    start: D,
    end: D,
    hours: f64,
    org: &str,
) -> Training {
    Training {
        teacher: teacher.into(),
        department: dep.into(),
        course: course.into(),
        type_written: ty.into(),
        kind: mess::type_canon(ty),
        level: level.into(),
        start: Some(start),
        end: Some(end),
        hours: Some(hours),
        organizer: org.into(),
        id: String::new(),
        subject: String::new(),
    }
}

pub(super) fn d(m: u32, day: u32) -> D {
    ymd(2023, m, day)
}

pub(super) fn hours_sum(recs: &[Rec<Training>]) -> f64 {
    recs.iter().filter_map(|r| r.v.hours).sum()
}

/// 培训/2023年教师培训学时登记表.xls, really an xlsx: two-row header (培训时间 over 开始 |
/// 结束), merged 教研组 and 姓名, 小计/合计 rows, the header repeated mid-sheet, notes.
pub(super) fn training_register(out: &mut Out) -> Result<()> {
    let file = "培训/2023年教师培训学时登记表.xls";
    let at = At::sheet(file, "学时登记");
    let dates = [
        DS::Cell,
        DS::Dot,
        DS::Serial,
        DS::CellSlash,
        DS::Dash,
        DS::Cell,
        DS::Dot,
    ];
    let mut t = Table::new(vec![
        index_col("序号"),
        r_dep("教研组").merged(),
        r_teacher("姓名").merged(),
        r_course("培训项目名称"),
        r_type("培训形式"),
        r_level("培训级别", true),
        r_start("开始", &dates).under("培训时间"),
        r_end("结束", &dates).under("培训时间"),
        r_hours("学时", &[HS::Num]),
        blank("备注"),
    ]);
    t.title = Some("云溪实验小学2023年度教师培训学时登记表".into());
    let cz = "常州市教师发展学院";
    let wj = "武进区教师发展中心";
    let y = "语文组";
    let s = "数学组";
    let yuwen = vec![
        Rec::new(tr(
            "陈雪梅",
            y,
            "2023年常州市小学语文骨干教师暑期研修",
            "集中培训",
            "市级",
            d(7, 10),
            d(7, 14),
            24.0,
            cz,
        )),
        Rec::new(tr(
            "陈雪梅",
            y,
            "国家中小学智慧教育平台2023年暑期教师研修",
            "网络研修",
            "国家级",
            d(7, 20),
            d(8, 31),
            10.0,
            "教育部",
        )),
        Rec::new(tr(
            "张丽",
            y,
            "武进区小学语文学科教学能力提升培训",
            "集中培训",
            "区县级",
            d(10, 12),
            d(10, 13),
            12.0,
            wj,
        )),
        Rec::new(tr(
            "李明",
            y,
            "武进区班主任工作能力提升培训",
            "集中培训",
            "区县级",
            d(11, 2),
            d(11, 3),
            12.0,
            wj,
        )),
        Rec::new(tr(
            "周晓燕",
            y,
            "“千课万人”全国小学语文课堂教学研讨会",
            "外出学习",
            "国家级",
            d(11, 10),
            d(11, 12),
            18.0,
            "",
        )),
        {
            let mut v = tr(
                "吴芳",
                y,
                "武进区小学语文新课标解读专题培训",
                "线上培训",
                "",
                d(9, 15),
                d(9, 15),
                3.0,
                wj,
            );
            v.level.clear();
            Rec::new(v).raw("level", Cell::text("乡级")).plant(
                "level",
                "invalid_value",
                "没有“乡级”这一级别",
            )
        },
        Rec::new(tr(
            "徐婷婷",
            y,
            "武进区新教师第二年跟岗实践",
            "跟岗实践",
            "区县级",
            d(3, 6),
            d(3, 10),
            0.0,
            wj,
        ))
        .plant("hours", "out_of_range", "学时为0"),
    ];
    let shuxue = vec![
        Rec::new(tr(
            "孙建国",
            s,
            "2023年江苏省小学数学特级教师工作室研修",
            "集中培训",
            "省级",
            d(8, 14),
            d(8, 18),
            30.0,
            "江苏省教育厅",
        )),
        Rec::new(tr(
            "孙建国",
            s,
            "常州市名师工作室跟岗学习",
            "跟岗学习",
            "市级",
            d(4, 10),
            d(4, 14),
            20.0,
            cz,
        )),
        Rec::new(tr(
            "王小明",
            s,
            "武进区小学数学青年教师专业成长营",
            "集中培训",
            "区县级",
            d(7, 3),
            d(7, 4),
            12.0,
            wj,
        )),
        Rec::new(tr(
            "王小明",
            s,
            "江苏省中小学教师信息技术应用能力提升工程2.0",
            "远程培训",
            "省级",
            d(4, 1),
            d(6, 30),
            50.0,
            "",
        )),
        Rec::new(tr(
            "刘洋",
            s,
            "小学数学新课标解读",
            "网络研修",
            "市级",
            d(5, 8),
            d(5, 12),
            6.0,
            cz,
        )),
        {
            let mut v = tr(
                "黄敏",
                s,
                "武进区小学数学教研组长培训",
                "集中培训",
                "区县级",
                d(9, 21),
                d(9, 22),
                0.0,
                wj,
            );
            v.hours = None;
            Rec::new(v).plant("hours", "missing_value", "学时漏填")
        },
        Rec::new(tr(
            "赵磊",
            s,
            "赴杭州参加全国小学数学教学观摩研讨会",
            "外出学习",
            "国家级",
            d(11, 17),
            d(11, 19),
            16.0,
            "",
        )),
    ];
    let hours_col = t.pos("hours").expect("hours column");
    let total_line = |label: &str, h: f64| {
        let mut cells = vec![Cell::Empty; t.cols.len()];
        cells[0] = Cell::text(label);
        cells[hours_col] = Cell::Num(h);
        cells
    };
    let (hy, hs) = (hours_sum(&yuwen), hours_sum(&shuxue));
    let mut its: Vec<Item<Training>> = yuwen.iter().map(Item::Rec).collect();
    its.push(Item::Line(total_line("小计", hy)));
    its.push(Item::Header);
    its.extend(shuxue.iter().map(Item::Rec));
    its.push(Item::Line(total_line("小计", hs)));
    its.push(Item::Line(total_line("合计", hy + hs)));
    its.push(Item::Note(
        "注：学时以培训证书或平台认定学时为准，跨年度培训计入结束年度。".into(),
        true,
    ));
    its.push(Item::Note(
        "填表人：顾海峰　　　审核人：陈雪梅　　　填表日期：2023年12月25日".into(),
        false,
    ));
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &its, &at, &mut out.truth);
    // The name is "李 明" in this file.
    let name_col = t.pos("teacher").expect("name column") as u16;
    for r in 0..g.rows.len() {
        if g.rows[r].1.get(name_col as usize) == Some(&Cell::text("李明")) {
            g.set(r as u32, name_col, Cell::text("李 明"));
        }
    }
    out.xlsx(file, &Book::one(g))
}

/// 艺体组/艺体组培训登记.ods: merged 姓名 (read as blanks by calamine), `*` required marks,
/// hours as `２４`, `18学时`, "20"; the training date problems.
pub(super) fn training_yiti(out: &mut Out) -> Result<()> {
    let file = "艺体组/艺体组培训登记.ods";
    let at = At::sheet(file, "培训登记");
    let dep = "艺体组";
    let dates = [
        DS::Cell,
        DS::Cell,
        DS::Dot,
        DS::Iso,
        DS::Cell,
        DS::Dot,
        DS::Cn,
        DS::Iso,
        DS::Cell,
    ];
    let mut t = Table::new(vec![
        index_col("序号"),
        r_teacher("*姓名").merged(),
        r_subject("任教学科").merged(),
        r_course("培训内容"),
        r_type("类别"),
        r_level("层次", false),
        r_start("开始日期", &dates),
        r_end("结束日期", &dates),
        r_hours("*学时", &[HS::Full, HS::Num, HS::Unit, HS::Text]),
        r_organizer("培训机构"),
    ]);
    t.title = Some("艺体组教师培训学时登记表（2023年度）".into());
    let cz = "常州市教师发展学院";
    let wj = "武进区教师发展中心";
    let sub = |mut v: Training, s: &str| {
        v.subject = s.into();
        v
    };
    let recs = vec![
        Rec::new(sub(
            tr(
                "唐雨欣",
                dep,
                "常州市小学音乐骨干教师培训",
                "集中培训",
                "市级",
                d(7, 10),
                d(7, 14),
                24.0,
                cz,
            ),
            "音乐",
        )),
        Rec::new(sub(
            tr(
                "唐雨欣",
                dep,
                "国家中小学智慧教育平台2023年暑期教师研修",
                "网络研修",
                "国家级",
                d(7, 20),
                d(8, 31),
                10.0,
                "教育部",
            ),
            "音乐",
        )),
        Rec::new(sub(
            tr(
                "冯蕾",
                dep,
                "武进区音乐教师合唱指挥专题培训",
                "集中培训",
                "区县级",
                d(10, 18),
                d(10, 20),
                18.0,
                wj,
            ),
            "音乐",
        )),
        Rec::new(sub(
            tr(
                "韩冰",
                dep,
                "江苏省美术教师书法教学能力培训",
                "线上培训",
                "省级",
                d(5, 8),
                d(5, 26),
                20.0,
                "江苏省教师培训中心",
            ),
            "美术",
        )),
        Rec::new(sub(
            tr(
                "杜鹃",
                dep,
                "武进区美术学科教研活动",
                "集中培训",
                "区县级",
                d(10, 20),
                d(10, 18),
                6.0,
                wj,
            ),
            "美术",
        ))
        .plant("end", "inconsistent_dates", "结束日期早于开始日期"),
        {
            let mut v = sub(
                tr(
                    "任杰",
                    dep,
                    "常州市中小学体育教师专项技能培训（足球）",
                    "集中培训",
                    "市级",
                    d(3, 1),
                    d(3, 2),
                    24.0,
                    cz,
                ),
                "体育",
            );
            v.start = None;
            Rec::new(v).raw("start", Cell::text("2023-02-30")).plant(
                "start",
                "invalid_date",
                "2月没有30日",
            )
        },
        Rec::new(sub(
            tr(
                "谢勇",
                dep,
                "体育大课间活动设计",
                "校本培训",
                "校级",
                d(9, 27),
                d(9, 27),
                3.0,
                "云溪实验小学",
            ),
            "体育",
        )),
        Rec::new(sub(
            tr(
                "袁赟",
                dep,
                "武进区新教师规范化培训",
                "集中培训",
                "区县级",
                d(8, 21),
                d(8, 25),
                40.0,
                wj,
            ),
            "体育",
        )),
        Rec::new(sub(
            tr(
                "姜涛",
                dep,
                "常州市学校体育工作专题培训",
                "专题讲座",
                "市级",
                d(11, 15),
                d(11, 15),
                3.0,
                cz,
            ),
            "体育",
        )),
    ];
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &records(&recs), &at, &mut out.truth);
    out.stage(file, "ods", &Book::one(g))
}

/// 培训/继续教育学时导出.xls: an HTML table in GBK, as the training platform exports it;
/// rowspan/colspan header; ID numbers; 300 hours.
pub(super) fn training_export(out: &mut Out, roster: &[Teacher]) -> Result<()> {
    let file = "培训/继续教育学时导出.xls";
    // An HTML "xls" has no sheet names: jiaoke numbers its tables 表1, 表2…
    let at = At::sheet(file, "表1");
    let t = Table::new(vec![
        index_col("序号"),
        r_teacher("姓名"),
        r_id("身份证号"),
        r_course("培训项目名称"),
        r_type("培训类型"),
        r_level("培训级别", false),
        r_start("开始日期", &[DS::Iso]).under("培训时间"),
        r_end("结束日期", &[DS::Iso]).under("培训时间"),
        r_hours("认定学时", &[HS::Num]),
        r_organizer("培训机构"),
    ]);
    let idf = |mut v: Training| {
        v.id = school::find(roster, &v.teacher).id.clone();
        v
    };
    let sj = "江苏省教师培训中心";
    let cz = "常州市教师发展学院";
    let wj = "武进区教师发展中心";
    let pt = "国家中小学智慧教育平台2023年暑期教师研修";
    let k = "江苏省中小学教师网络研修“义务教育英语课程标准（2022年版）解读”";
    let r = |t, c, ty, l, a, b, h, o| Rec::new(idf(tr(t, "", c, ty, l, a, b, h, o)));
    let recs = vec![
        r("许晴", k, "远程培训", "省级", d(3, 1), d(5, 31), 30.0, sj),
        r("潘丽娟", k, "远程培训", "省级", d(3, 1), d(5, 31), 30.0, sj),
        r(
            "马骏",
            "常州市小学科学骨干教师高级研修班",
            "集中培训",
            "市级",
            d(7, 17),
            d(7, 21),
            300.0,
            cz,
        )
        .plant("hours", "out_of_range", "一个项目300学时，应为30"),
        r(
            "郑志刚",
            pt,
            "网络研修",
            "国家级",
            d(7, 20),
            d(8, 31),
            10.0,
            "教育部",
        ),
        r(
            "胡晓东",
            "江苏省信息科技教师人工智能教育专题培训",
            "集中培训",
            "省级",
            d(8, 7),
            d(8, 11),
            30.0,
            sj,
        ),
        r(
            "李喆",
            "江苏省信息科技教师人工智能教育专题培训",
            "集中培训",
            "省级",
            d(8, 7),
            d(8, 11),
            30.0,
            sj,
        ),
        r(
            "曹红梅",
            "常州市道德与法治学科教学能力提升培训",
            "集中培训",
            "市级",
            d(10, 9),
            d(10, 11),
            18.0,
            cz,
        ),
        r(
            "彭丽",
            pt,
            "网络研修",
            "国家级",
            d(7, 20),
            d(8, 31),
            10.0,
            "教育部",
        ),
        r(
            "邵军",
            "武进区小学科学青年教师成长营",
            "集中培训",
            "区县级",
            d(4, 17),
            d(4, 18),
            12.0,
            wj,
        ),
        r(
            "邹颖",
            "武进区小学英语青年教师培训",
            "集中培训",
            "区县级",
            d(9, 25),
            d(9, 26),
            12.0,
            wj,
        ),
        r(
            "卢佳",
            "常州市中小学教师心理健康教育C证培训",
            "线上培训",
            "市级",
            d(9, 1),
            d(12, 31),
            24.0,
            cz,
        ),
        r(
            "范文静",
            "江苏省小学英语教师口语提升研修",
            "网络研修",
            "省级",
            d(6, 1),
            d(6, 30),
            20.0,
            sj,
        ),
    ];
    let mut g = Grid::new("");
    render(&mut g, &t, &records(&recs), &at, &mut out.truth);
    out.put(file, &write::html_xls(&g, "继续教育学时导出")?)
}

/// 综合组/综合组培训学时.csv: UTF-8 without BOM, every field quoted; ranges in one cell.
pub(super) fn training_zonghe(out: &mut Out) -> Result<()> {
    let file = "综合组/综合组培训学时.csv";
    let at = At::csv(file);
    let dep = "综合组";
    let t = Table::new(vec![
        index_col("序号"),
        r_teacher("姓名"),
        r_course("培训主题"),
        r_type("培训形式"),
        r_level("级别", true),
        r_period("培训时间", &[RS::Dot, RS::Cn, RS::IsoZhi]),
        r_hours("学时", &[HS::Text, HS::Unit, HS::Full]),
    ]);
    let wj = "武进区教师发展中心";
    let r = |t, c, ty, l, a, b, h| Rec::new(tr(t, dep, c, ty, l, a, b, h, wj));
    let recs = vec![
        r(
            "马骏",
            "2023年武进区科学教师实验技能培训",
            "集中培训",
            "区县级",
            d(7, 10),
            d(7, 14),
            24.0,
        ),
        r(
            "郑志刚",
            "2023年武进区科学教师实验技能培训",
            "集中培训",
            "区县级",
            d(7, 10),
            d(7, 14),
            24.0,
        ),
        r(
            "李喆",
            "信息科技新课标解读专题研修",
            "线上培训",
            "市级",
            d(7, 17),
            d(7, 21),
            24.0,
        ),
        r(
            "胡晓东",
            "常州市信息科技学科带头人研修班",
            "集中培训",
            "市级",
            d(10, 16),
            d(10, 20),
            30.0,
        ),
        r(
            "曹红梅",
            "道德与法治统编教材培训",
            "网络研修",
            "省级",
            d(4, 3),
            d(4, 28),
            12.0,
        ),
        r(
            "彭丽",
            "新教师课堂教学常规专题讲座",
            "校本培训",
            "校级",
            d(9, 20),
            d(9, 20),
            1.5,
        ),
        r(
            "葛秀英",
            "常州市道德与法治骨干教师跟岗研修",
            "跟岗实践",
            "市级",
            d(11, 6),
            d(11, 10),
            20.0,
        ),
    ];
    let mut g = Grid::new("");
    render(&mut g, &t, &records(&recs), &at, &mut out.truth);
    out.put(file, &write::csv(&g, TextEnc::Utf8, true)?)
}

/// 培训/校本培训记载表.xlsx: sessions with several participants each.
pub(super) fn training_school(out: &mut Out) -> Result<()> {
    let file = "培训/校本培训记载表.xlsx";
    let at = At::sheet(file, "校本培训");
    let s_date = [DS::Cell, DS::Dot, DS::Cn, DS::Serial, DS::Slash, DS::Dot];
    let mut t = Table::new(session_cols(&s_date));
    t.title = Some("云溪实验小学校本培训记载表（2023—2024学年第一学期）".into());
    let se = |date: D, place: &str, speaker: &str, course: &str, who: &str, hours: Option<f64>| {
        Rec::new(Session {
            date,
            place: place.into(),
            speaker: speaker.into(),
            course: course.into(),
            participants: names(who),
            hours,
            department: String::new(),
        })
    };
    let recs = vec![
        se(
            d(9, 20),
            "学校报告厅",
            "陈雪梅",
            "新课标背景下的大单元教学设计",
            "张丽、李明、周晓燕、吴芳、徐婷婷",
            Some(3.0),
        ),
        se(
            d(10, 11),
            "录播教室",
            "孙建国",
            "指向深度学习的数学课堂观察与评课",
            "王小明、刘洋、杨帆、黄敏、赵磊",
            Some(2.0),
        ),
        se(
            d(10, 25),
            "学校报告厅",
            "戴建华（常州市教科院）",
            "教育科研论文的选题与撰写",
            "陈雪梅、许晴、马骏、唐雨欣",
            None,
        )
        .raw("participants", Cell::text("陈雪梅，许晴，马骏，唐雨欣"))
        .raw("hours", Cell::text("若干"))
        .plant("hours", "invalid_value", "学时写成“若干”"),
        se(
            d(11, 22),
            "五楼会议室",
            "许晴",
            "小学英语绘本阅读教学策略分享",
            "潘丽娟、范文静、邹颖、卢佳",
            Some(1.5),
        )
        .raw("participants", Cell::text("潘丽娟 范文静 邹颖 卢佳")),
        se(
            d(12, 13),
            "信息中心",
            "胡晓东",
            "希沃白板与AI助教工具在课堂中的应用",
            "曹红梅、彭丽、邵军、郑志刚、冯蕾、韩冰",
            Some(2.0),
        ),
        se(
            ymd(2024, 1, 10),
            "学校报告厅",
            "蒋文华",
            "学期课题研究阶段性总结与资料归档",
            "孙建国、陈雪梅、许晴、马骏、任杰",
            Some(1.0),
        ),
    ];
    let mut its = records(&recs);
    its.push(Item::Note("记载人：葛秀英".into(), false));
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &its, &at, &mut out.truth);
    out.xlsx(file, &Book::one(g))
}
