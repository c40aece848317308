//! The district benchmark: `--schools N` fictional schools, 15 files each, rendered with the
//! same column builders and table renderer as the sample inbox, with every layout choice
//! (header spellings, title and info rows, merges, value spellings, file format) drawn from a
//! seeded PRNG. The same seed gives the same bytes.
//!
//! No problems are planted in the schools' sheets: the benchmark measures import speed and
//! recall on clean but messy data. What a district office meets is planted around them: the
//! school list at the top (学校名单.xlsx, an unknown sheet to `jiaoke import`), folder names
//! in every form offices use, files one or two folders down, a listed school without a folder
//! and one with only a truncated workbook (the one line of `expected/problems.csv`).
//! `expected/schools.csv` gives each listed school's folder and the status `jiaoke district`
//! must give it. Formats that need LibreOffice (.xls BIFF8, .et, .ods, encrypted) are left to
//! the sample inbox.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use crate::cols::*;
use crate::grid::{Book, Grid};
use crate::idcard;
use crate::mess::{self, D, DateStyle as DS, HourStyle as HS, RangeStyle as RS, ym, ymd};
use crate::model::{MonthItem, Paper, PaperKind, Plan, Project, Session, Teacher, Training, Truth};
use crate::prng::Rng;
use crate::school::Contest;
use crate::table::{At, Col, Rec, Table, index_col, records, render};
use crate::write::{self, TextEnc};

const DEPARTMENTS: [(&str, &[&str]); 5] = [
    ("语文组", &["语文"]),
    ("数学组", &["数学"]),
    ("英语组", &["英语"]),
    ("综合组", &["科学", "信息科技", "道德与法治"]),
    ("艺体组", &["音乐", "美术", "体育"]),
];
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "静丽敏艳娟霞芳燕玲婷红梅华伟刚勇军杰涛明超强磊洋健斌波辉鹏宇浩凯亮晨琳颖倩雪莉萍慧佳悦欣怡然婧蕾晓文海峰建国志新春秋月兰英秀玉凤云飞翔";
const PLACES: &[&str] = &[
    "湖塘",
    "星河",
    "花园",
    "鸣凰",
    "礼嘉",
    "洛阳",
    "湟里",
    "前黄",
    "雪堰",
    "横林",
    "遥观",
    "牛塘",
    "南夏墅",
    "西湖",
    "东青",
    "马杭",
    "卢家巷",
    "寨桥",
    "嘉泽",
    "郑陆",
    "青龙",
    "龙虎塘",
    "罗溪",
    "孟河",
    "春江",
    "薛家",
    "奔牛",
    "邹区",
    "西夏墅",
    "新桥",
];
/// Kinds of school: how the full name ends, how offices shorten it in folder names, the
/// school's 学段.
const KINDS: &[(&str, &str, &str)] = &[
    ("中心小学", "中心", "小学"),
    ("实验小学", "实小", "小学"),
    ("初级中学", "初中", "初中"),
    ("第二实验小学", "二实小", "小学"),
    ("小学", "小学", "小学"),
    ("第三小学", "三小", "小学"),
    ("实验学校", "实验", "九年一贯制"),
    ("育英小学", "育英小学", "小学"),
];
/// The district every school belongs to, its place divisions, and the ID-card region code.
const CITY: &str = "常州市";
const DISTRICT: &str = "武进区";
const REGION: u32 = 320412;
/// 片区 of the school list, by place.
const AREAS: &[&str] = &["湖塘片", "礼嘉片", "横林片", "湟里片", "牛塘片"];

const CONTESTS: &[Contest] = &[
    Contest {
        name: "江苏省“师陶杯”教育科研论文评比",
        level: "省级",
        organizer: "江苏省陶行知研究会",
    },
    Contest {
        name: "江苏省“五四杯”初等教育论文评比",
        level: "省级",
        organizer: "江苏省教育学会小学教育专业委员会",
    },
    Contest {
        name: "江苏省“教海探航”征文竞赛",
        level: "省级",
        organizer: "江苏教育报刊总社",
    },
    Contest {
        name: "常州市教育学会论文评比",
        level: "市级",
        organizer: "常州市教育学会",
    },
    Contest {
        name: "常州市中小学教学案例评比",
        level: "市级",
        organizer: "常州市教育科学研究院",
    },
    Contest {
        name: "区教育学会论文评比",
        level: "区县级",
        organizer: "区教育学会",
    },
    Contest {
        name: "校级论文评比",
        level: "校级",
        organizer: "学校教科室",
    },
    Contest {
        name: "全国教育科研优秀论文评选",
        level: "国家级",
        organizer: "中国教育学会",
    },
];
const JOURNALS: &[(&str, &str)] = &[
    ("江苏教育", "省级"),
    ("江苏教育研究", "省级"),
    ("小学数学教师", "国家级"),
    ("小学语文教师", "国家级"),
    ("中小学英语教学与研究", "省级"),
    ("教育研究与评论", "省级"),
    ("中小学音乐教育", "省级"),
    ("常州教育", "市级"),
];
const PREFIXES: &[&str] = &[
    "核心素养视域下",
    "“双减”背景下",
    "新课标理念下",
    "基于深度学习的",
    "指向思维发展的",
    "大单元视角下",
    "学习任务群视角下",
    "项目化学习中",
    "基于问题解决的",
    "例谈",
];
const TOPICS: &[&str] = &[
    "课堂提问",
    "作业设计",
    "单元整体教学",
    "评价改革",
    "情境创设",
    "合作学习",
    "阅读教学",
    "实验教学",
    "分层教学",
    "信息技术融合",
    "学习习惯培养",
    "校本课程开发",
];
const SUFFIXES: &[&str] = &[
    "的实践研究",
    "的策略探究",
    "的实践与思考",
    "的路径探索",
    "初探",
    "的有效性研究",
];
const COURSES: &[(&str, &str, &str)] = &[
    ("国家中小学智慧教育平台暑期教师研修", "网络研修", "国家级"),
    ("江苏省中小学教师网络研修", "远程培训", "省级"),
    ("常州市学科骨干教师研修班", "集中培训", "市级"),
    ("区学科教学能力提升培训", "集中培训", "区县级"),
    ("区班主任工作能力提升培训", "集中培训", "区县级"),
    ("名师工作室跟岗学习", "跟岗学习", "市级"),
    ("新课标解读专题研修", "线上培训", "市级"),
    ("全国小学课堂教学观摩研讨会", "外出学习", "国家级"),
    ("校本研修：大单元教学设计", "校本培训", "校级"),
];
const STATUSES: &[&str] = &[
    "立项",
    "在研",
    "开题",
    "中期检查",
    "已结题",
    "结题",
    "研究中",
    "延期",
];

/// The file formats Rust can write, and how a sheet is named in each.
#[derive(Clone, Copy)]
enum Fmt {
    Xlsx,
    XlsxAsXls,
    Csv(TextEnc),
    Html,
}

impl Fmt {
    fn random(rng: &mut Rng) -> Fmt {
        *rng.pick(&[
            Fmt::Xlsx,
            Fmt::Xlsx,
            Fmt::Xlsx,
            Fmt::XlsxAsXls,
            Fmt::Csv(TextEnc::Utf8),
            Fmt::Csv(TextEnc::Utf8Bom),
            Fmt::Csv(TextEnc::Gbk),
            Fmt::Html,
        ])
    }

    fn ext(self) -> &'static str {
        match self {
            Fmt::Xlsx => "xlsx",
            Fmt::XlsxAsXls | Fmt::Html => "xls",
            Fmt::Csv(_) => "csv",
        }
    }

    fn at(self, file: &str, sheet: &str) -> At {
        match self {
            Fmt::Xlsx | Fmt::XlsxAsXls => At::sheet(file, sheet),
            Fmt::Csv(_) => At::csv(file),
            Fmt::Html => At::sheet(file, "表1"),
        }
    }

    fn bytes(self, g: &Grid) -> Result<Vec<u8>> {
        match self {
            Fmt::Xlsx | Fmt::XlsxAsXls => write::xlsx(&Book::one(g.clone())),
            Fmt::Csv(enc) => write::csv(g, enc, false),
            Fmt::Html => write::html_xls(g, &g.name),
        }
    }
}

struct School {
    /// The official name, as the school list writes it: 常州市武进区湖塘实验小学.
    name: String,
    /// The name without the city and district: 湖塘实验小学.
    own: String,
    /// The short form offices write: 湖塘实小.
    short: String,
    /// 学段 and 片区, for the school list.
    stage: &'static str,
    area: &'static str,
    teachers: Vec<Teacher>,
}

fn unique_names(rng: &mut Rng, n: usize) -> Vec<String> {
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    let mut seen = BTreeSet::new();
    let mut out = vec![];
    while out.len() < n {
        let mut name = rng.pick(&s).to_string();
        name.push(*rng.pick(&g));
        if rng.chance(0.6) {
            name.push(*rng.pick(&g));
        }
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    out
}

/// School `i` of the district. Places cycle fastest and kinds shift with each cycle, so that
/// a small district already mixes kinds, and no (place, kind) comes twice before every one
/// has come once (the number of places + 1 and the number of kinds share no factor).
fn school(rng: &mut Rng, i: usize) -> School {
    let p = i % PLACES.len();
    let k = (i + i / PLACES.len()) % KINDS.len();
    let round = i / (PLACES.len() * KINDS.len());
    let (place, (kind, short, stage)) = (PLACES[p], KINDS[k]);
    let branch = if round == 0 {
        String::new()
    } else {
        format!("{}分校", round + 1)
    };
    let own = format!("{place}{kind}{branch}");
    let name = format!("{CITY}{DISTRICT}{own}");
    let short = format!("{place}{short}{branch}");
    let n = rng.range(30, 60) as usize;
    let names = unique_names(rng, n);
    let titles = ["二级教师", "一级教师", "一级教师", "高级教师", "正高级教师"];
    let teachers = names
        .into_iter()
        .enumerate()
        .map(|(k, name)| {
            let (dep, subjects) = DEPARTMENTS[k % DEPARTMENTS.len()];
            let ti = if rng.chance(0.03) { 4 } else { rng.below(4) };
            let year = 1965 + rng.range(0, 35) as i32;
            let birth =
                NaiveDate::from_ymd_opt(year, rng.range(1, 12), rng.range(1, 28)).expect("valid");
            let male = rng.chance(0.3);
            let id = idcard::make(REGION, birth, rng.range(0, 499), male);
            Teacher {
                name,
                department: dep.into(),
                subject: rng.pick(subjects).to_string(),
                title: titles[ti].into(),
                male,
                id: id.clone(),
                id_expected: id,
            }
        })
        .collect();
    School {
        name,
        own,
        short,
        stage,
        area: AREAS[p % AREAS.len()],
        teachers,
    }
}

fn members_of<'a>(s: &'a School, dep: &str) -> Vec<&'a Teacher> {
    s.teachers.iter().filter(|t| t.department == dep).collect()
}

fn authors(rng: &mut Rng, pool: &[&Teacher]) -> Vec<String> {
    let n = if rng.chance(0.2) { 2 } else { 1 };
    let mut out: Vec<String> = vec![];
    while out.len() < n.min(pool.len()) {
        let name = rng.pick(pool).name.clone();
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn title(rng: &mut Rng, subject: &str, used: &mut BTreeSet<String>) -> String {
    loop {
        let t = format!(
            "{}小学{}{}{}",
            rng.pick(PREFIXES),
            subject,
            rng.pick(TOPICS),
            rng.pick(SUFFIXES)
        );
        if used.insert(t.clone()) {
            return t;
        }
    }
}

fn date_2023(rng: &mut Rng) -> D {
    let m = rng.range(1, 12);
    if rng.chance(0.5) {
        ym(2023, m)
    } else {
        ymd(2023, m, rng.range(1, 28))
    }
}

fn heading(rng: &mut Rng, heads: &[&str]) -> String {
    rng.pick(heads).to_string()
}

fn dstyles(rng: &mut Rng) -> Vec<DS> {
    let all = [
        DS::Cell,
        DS::CellSlash,
        DS::Serial,
        DS::Dot,
        DS::Dot0,
        DS::Cn,
        DS::Dash,
        DS::Slash,
        DS::Compact,
        DS::FullWidth,
        DS::Iso,
    ];
    (0..3).map(|_| *rng.pick(&all)).collect()
}

/// Text formats hold no date cells: their styles must be text ones.
fn text_only(fmt: Fmt, styles: Vec<DS>) -> Vec<DS> {
    match fmt {
        Fmt::Xlsx | Fmt::XlsxAsXls => styles,
        _ => styles
            .into_iter()
            .map(|s| {
                if matches!(s, DS::Cell | DS::CellSlash | DS::Serial) {
                    DS::Dot
                } else {
                    s
                }
            })
            .collect(),
    }
}

fn dressed<T>(cols: Vec<Col<T>>, title: String, dep: Option<&str>, rng: &mut Rng) -> Table<T> {
    let mut t = Table::new(cols);
    if rng.chance(0.7) {
        t.title = Some(title);
    }
    if let Some(dep) = dep
        && rng.chance(0.4)
    {
        t.info = vec![format!("填报部门：{dep}　　填表日期：2023年12月")];
    }
    t.gap = u32::from(rng.chance(0.3));
    t.top_gap = u32::from(rng.chance(0.1));
    t
}

fn save(out_root: &Path, file: &str, bytes: &[u8]) -> Result<()> {
    let path = out_root.join("inbox").join(file);
    std::fs::create_dir_all(path.parent().expect("has a parent"))?;
    std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// What became of a listed school in the generated inbox.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Its files, in its folder (maybe one or two folders down).
    Submitted,
    /// No folder at all.
    Missing,
    /// A folder holding only a damaged (truncated) workbook.
    Damaged,
}

impl Fate {
    /// As jiaoke district's submissions.csv writes the status.
    fn status(self) -> &'static str {
        match self {
            Fate::Submitted => "submitted",
            Fate::Missing => "missing",
            Fate::Damaged => "unreadable",
        }
    }
}

/// Writes the benchmark under `root`: `inbox/` (the school list 学校名单.xlsx at the top, one
/// folder per school) and `expected/` (the records, and `schools.csv`: every listed school,
/// its folder and the status `jiaoke district` must give it); returns a summary line.
///
/// A district office's inbox as it arrives: folders named by the schools, with the full
/// name, the name without 常州市武进区, or a short form (湖塘实小, 湖塘初中, 湖塘中心),
/// sometimes numbered (`03 湖塘实小`) or with a note (`湖塘实小（2023年度）`); files
/// sometimes one or two folders down (`湖塘实小/2023年度/教科室/…`). With three schools or
/// more, one listed school hands in nothing and one only a truncated workbook.
pub fn generate(root: &Path, schools: usize, seed: u64) -> Result<String> {
    let mut truth = Truth::default();
    let mut files = 0;
    let mut plan = Rng::new(seed ^ 0x5EED_D15C);
    let mut fates = vec![Fate::Submitted; schools];
    if schools >= 3 {
        let missing = plan.below(schools);
        let damaged = (missing + 1 + plan.below(schools - 1)) % schools;
        fates[missing] = Fate::Missing;
        fates[damaged] = Fate::Damaged;
    }
    let mut blank_teachers = BTreeSet::new();
    if schools >= 4 {
        blank_teachers.insert(plan.below(schools));
        blank_teachers.insert(plan.below(schools));
    }
    let mut all = Vec::with_capacity(schools);
    for i in 0..schools {
        let mut rng = Rng::new(seed.wrapping_mul(0x9E37_79B9).wrapping_add(i as u64));
        all.push((school(&mut rng, i), rng));
    }
    let names: Vec<&str> = all.iter().map(|(s, _)| s.name.as_str()).collect();
    let mut rows = vec![];
    for (i, (s, rng)) in all.iter().enumerate() {
        let mut rng = rng.clone();
        let fate = fates[i];
        let folder = folder_name(&mut plan, i, s, &names);
        let dir = match plan.below(8) {
            0 | 1 => format!("{folder}/2023年度"),
            2 => format!("{folder}/2023年度/教科室"),
            3 => format!("{folder}/教科室上报材料/{}", s.short),
            _ => folder.clone(),
        };
        match fate {
            Fate::Submitted => files += write_school(root, &dir, s, &mut rng, &mut truth)?,
            Fate::Missing => {}
            Fate::Damaged => {
                files += 1;
                let file = format!("{dir}/教科研成果统计.xlsx");
                save(root, &file, &damaged(s)?)?;
                truth.file_problem(&file, "unreadable_file", "文件只有一半（传输中断），打不开");
            }
        }
        let folder = if fate == Fate::Missing {
            String::new()
        } else {
            folder
        };
        rows.push((s, folder, fate.status(), !blank_teachers.contains(&i)));
    }
    write_list(root, &rows)?;
    // To `jiaoke import` and `run` on the inbox the list is a sheet of no known kind.
    truth.skip(
        "学校名单.xlsx",
        "学校名单",
        "unknown_sheet",
        "区里的学校名单",
    );
    truth.write(&root.join("expected"))?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(root.join("expected/schools.csv"))?;
    w.write_record(["school", "folder", "status"])?;
    for (s, folder, status, _) in &rows {
        w.write_record([s.name.as_str(), folder, status])?;
    }
    w.flush()?;
    Ok(format!(
        "{schools} schools, {files} files: {}",
        truth.summary()
    ))
}

/// A workbook cut short, as a copy broken off halfway: no central directory, unreadable.
fn damaged(s: &School) -> Result<Vec<u8>> {
    let at = At::sheet("教科研成果统计.xlsx", "教师名单");
    let mut g = Grid::new(&at.sheet);
    let recs: Vec<Rec<Teacher>> = s.teachers.iter().cloned().map(Rec::new).collect();
    let t = Table::new(vec![index_col("序号"), t_name("姓名", false)]);
    render(&mut g, &t, &records(&recs), &at, &mut Truth::default());
    let bytes = write::xlsx(&Book::one(g))?;
    Ok(bytes[..bytes.len() / 2].to_vec())
}

/// The school list at the top of the inbox, as a district office keeps it: a title row,
/// then 序号 学校名称 学段 片区 教师数 (教师数 left empty for some schools).
fn write_list(root: &Path, rows: &[(&School, String, &str, bool)]) -> Result<()> {
    use crate::grid::{Cell, RowStyle};
    let mut g = Grid::new("学校名单");
    g.push(
        RowStyle::Title,
        vec![Cell::text(format!(
            "{CITY}{DISTRICT}2023年度教科研工作统计学校名单"
        ))],
    );
    g.merge(0, 0, 0, 4);
    g.push(
        RowStyle::Header,
        ["序号", "学校名称", "学段", "片区", "教师数"]
            .into_iter()
            .map(Cell::text)
            .collect(),
    );
    for (i, (s, _, _, teachers)) in rows.iter().enumerate() {
        g.push(
            RowStyle::Body,
            vec![
                Cell::Num((i + 1) as f64),
                Cell::text(s.name.clone()),
                Cell::text(s.stage),
                Cell::text(s.area),
                if *teachers {
                    Cell::Num(s.teachers.len() as f64)
                } else {
                    Cell::Empty
                },
            ],
        );
    }
    g.widths = vec![6.0, 32.0, 10.0, 10.0, 8.0];
    save(root, "学校名单.xlsx", &write::xlsx(&Book::one(g))?)
}

/// How school `i`'s folder is named: its full name, its name without 常州市 or without
/// 常州市武进区, or its short form; sometimes numbered in front (`03 `, `3.`, `03、`) or with
/// a note behind. A form that would not designate this school alone (see [`designates`]) is
/// not used: the full name is.
fn folder_name(rng: &mut Rng, i: usize, s: &School, names: &[&str]) -> String {
    let base = match rng.below(10) {
        0..=2 => s.name.clone(),
        3 => format!("{DISTRICT}{}", s.own),
        4 | 5 => s.own.clone(),
        _ => s.short.clone(),
    };
    let base = if designates(&base, names) == Some(i) {
        base
    } else {
        s.name.clone()
    };
    let numbered = match rng.below(10) {
        0 | 1 => format!("{:02} {base}", i + 1),
        2 => format!("{}.{base}", i + 1),
        3 => format!("{:02}、{base}", i + 1),
        _ => base,
    };
    match rng.below(12) {
        0 => format!("{numbered}（2023年度）"),
        1 => format!("{numbered}上报材料"),
        _ => numbered,
    }
}

/// The listed school a (clean) name designates under jiaoke's documented rule (README,
/// District contract): the school of that name; else the one whose name it is without the
/// place divisions in front; else the one it abbreviates (its first two characters together
/// in the full name, at its start or after a division, its other characters in order, the
/// name's numerals kept). The first rule some school meets decides; two schools: none.
fn designates(name: &str, names: &[&str]) -> Option<usize> {
    const DIVISIONS: [char; 3] = ['省', '市', '区'];
    let without = |full: &str| {
        full.strip_suffix(name)
            .is_some_and(|before| before.is_empty() || before.ends_with(DIVISIONS))
    };
    let abbreviates = |full: &str| {
        let head: String = name.chars().take(2).collect();
        full.match_indices(&head).any(|(at, _)| {
            let (before, own) = full.split_at(at);
            let mut rest = own.chars();
            (before.is_empty() || before.ends_with(DIVISIONS))
                && own
                    .chars()
                    .filter(|c| "一二三四五六七八九十0123456789".contains(*c))
                    .all(|n| name.contains(n))
                && name.chars().all(|c| rest.any(|o| o == c))
        })
    };
    let tests: [&dyn Fn(&str) -> bool; 3] = [&|full| full == name, &without, &abbreviates];
    for test in tests {
        let found: Vec<usize> = (0..names.len()).filter(|&j| test(names[j])).collect();
        match found.len() {
            0 => continue,
            1 => return Some(found[0]),
            _ => return None,
        }
    }
    None
}

fn write_school(
    root: &Path,
    dir: &str,
    s: &School,
    rng: &mut Rng,
    truth: &mut Truth,
) -> Result<usize> {
    let mut n = 0;
    let mut used_titles = BTreeSet::new();

    // 1. Roster.
    let file = format!("{dir}/教师名单.xlsx");
    let at = At::sheet(&file, "教师名单");
    let t = dressed(
        vec![
            index_col("序号"),
            t_dep(&heading(rng, &["教研组", "所在教研组", "部门"])).merged(),
            t_name(
                &heading(rng, &["姓名", "姓　名", "教师姓名"]),
                rng.chance(0.5),
            ),
            t_gender("性别"),
            t_subject(&heading(rng, &["任教学科", "学科"])),
            t_title(&heading(rng, &["职称", "专业技术职务"])),
            t_id(&heading(rng, &["身份证号", "身份证号码", "证件号码"])),
        ],
        format!("{}教师名单", s.name),
        None,
        rng,
    );
    let mut teachers = s.teachers.clone();
    teachers.sort_by_key(|t| DEPARTMENTS.iter().position(|d| d.0 == t.department));
    let recs: Vec<Rec<Teacher>> = teachers.into_iter().map(Rec::new).collect();
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &records(&recs), &at, truth);
    save(root, &file, &write::xlsx(&Book::one(g))?)?;
    n += 1;

    // 2–6. Paper awards per department.
    for (dep, subjects) in DEPARTMENTS {
        let fmt = Fmt::random(rng);
        let file = format!("{dir}/{dep}论文获奖.{}", fmt.ext());
        let at = fmt.at(&file, "论文获奖");
        let pool = members_of(s, dep);
        let count = rng.range(3, 10);
        let with_org = rng.chance(0.5);
        let combined = rng.chance(0.2);
        let papers: Vec<Rec<Paper>> = (0..count)
            .map(|_| {
                let c = rng.pick(CONTESTS);
                let award = *rng.pick(&["一等奖", "二等奖", "三等奖", "优秀奖"]);
                let subject = rng.pick(subjects);
                Rec::new(Paper {
                    kind: PaperKind::Award,
                    authors: authors(rng, &pool),
                    title: title(rng, subject, &mut used_titles),
                    venue: c.name.into(),
                    level: c.level.into(),
                    award: award.into(),
                    organizer: if with_org {
                        c.organizer.into()
                    } else {
                        String::new()
                    },
                    date: Some(date_2023(rng)),
                    department: dep.to_string(),
                    cn: String::new(),
                })
            })
            .collect();
        let sep = *rng.pick(&["、", "、", "，", "；", "/"]);
        let mut cols = vec![
            index_col("序号"),
            p_authors(
                &heading(rng, &["作者", "姓名", "获奖教师", "获奖人", "第一作者"]),
                sep,
            ),
            p_title(&heading(
                rng,
                &[
                    "论文题目",
                    "论文名称",
                    "题目",
                    "成果名称",
                    "论 文 题 目",
                    "论文（案例）题目",
                ],
            )),
            p_venue(
                &heading(rng, &["评比活动名称", "获奖名称", "评比名称", "赛事名称"]),
                false,
            ),
        ];
        if combined {
            cols.push(p_award_with_level(&heading(rng, &["获奖等级", "获奖情况"])));
        } else {
            cols.push(p_level(&heading(rng, &["级别", "获奖级别"]), true));
            cols.push(p_award(
                &heading(rng, &["等次", "获奖等级", "等第", "获奖\n等级"]),
                true,
            ));
        }
        let styles = text_only(fmt, dstyles(rng));
        cols.push(p_date(
            &heading(rng, &["获奖时间", "获奖日期", "时间"]),
            &styles,
        ));
        if with_org {
            cols.push(p_organizer(&heading(
                rng,
                &["颁奖单位", "主办单位", "发证单位"],
            )));
        }
        let t = dressed(cols, format!("{dep}2023年论文获奖统计表"), Some(dep), rng);
        let t = no_breaks_in_text(fmt, t);
        let mut g = Grid::new(&at.sheet);
        if matches!(fmt, Fmt::Html) {
            g.name = format!("{dep}论文获奖");
        }
        render(&mut g, &t, &records(&papers), &at, truth);
        save(root, &file, &fmt.bytes(&g)?)?;
        n += 1;
    }

    // 7. Published papers, school-wide.
    let fmt = Fmt::random(rng);
    let file = format!("{dir}/论文发表汇总.{}", fmt.ext());
    let at = fmt.at(&file, "论文发表");
    let count = rng.range(3, 10);
    let pubs: Vec<Rec<Paper>> = (0..count)
        .map(|_| {
            let (dep, subjects) = *rng.pick(&DEPARTMENTS);
            let (journal, level) = *rng.pick(JOURNALS);
            let pool = members_of(s, dep);
            let subject = rng.pick(subjects).to_string();
            Rec::new(Paper {
                kind: PaperKind::Published,
                authors: authors(rng, &pool),
                title: title(rng, &subject, &mut used_titles),
                venue: journal.into(),
                level: level.into(),
                award: String::new(),
                organizer: String::new(),
                date: Some(ym(2023, rng.range(1, 12))),
                department: dep.into(),
                cn: String::new(),
            })
        })
        .collect();
    let styles = text_only(fmt, vec![DS::Issue, DS::Dot, DS::Cn, DS::Dot0]);
    let t = dressed(
        vec![
            index_col("序号"),
            p_dep("教研组"),
            p_authors(&heading(rng, &["作者", "作者姓名"]), "、"),
            p_title(&heading(rng, &["论文题目", "文章标题", "篇名"])),
            p_venue(&heading(rng, &["发表刊物", "刊物名称"]), rng.chance(0.5)),
            p_date(&heading(rng, &["发表时间", "刊期", "发表年月"]), &styles),
            p_level(&heading(rng, &["刊物级别", "级别"]), true),
        ],
        "2023年教师论文发表汇总".into(),
        None,
        rng,
    );
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &records(&pubs), &at, truth);
    save(root, &file, &fmt.bytes(&g)?)?;
    n += 1;

    // 8. Projects.
    let file = format!("{dir}/课题一览表.xlsx");
    let at = At::sheet(&file, "课题");
    let levels = [
        ("省级", "D/2021/02/"),
        ("市级", "CZ-c/2022/"),
        ("区县级", "WJ2023-"),
        ("校级", "XJ2023-"),
    ];
    let count = rng.range(3, 8);
    let projects: Vec<Rec<Project>> = (0..count)
        .map(|k| {
            let (level, prefix) = *rng.pick(&levels);
            let (dep, subjects) = *rng.pick(&DEPARTMENTS);
            let pool = members_of(s, dep);
            let mut people = authors(rng, &pool);
            let extra = pool
                .iter()
                .map(|t| t.name.clone())
                .find(|x| !people.contains(x));
            people.extend(extra);
            let status = *rng.pick(STATUSES);
            let approved = ym(2020 + rng.range(0, 2) as i32, rng.range(1, 12));
            let closed = (mess::status_canon(status) == "结题").then(|| ym(2023, rng.range(6, 12)));
            let subject = rng.pick(subjects).to_string();
            Rec::new(Project {
                title: title(rng, &subject, &mut used_titles),
                code: format!("{prefix}{:03}", 10 + k * 7 + rng.range(0, 4)),
                level: level.into(),
                category: if level == "区县级" {
                    "微型课题".into()
                } else {
                    "规划课题".into()
                },
                leader: people[0].clone(),
                members: people[1..].to_vec(),
                status: mess::status_canon(status).into(),
                status_written: status.into(),
                approved: Some(approved),
                closed,
            })
        })
        .collect();
    let t = dressed(
        vec![
            index_col("序号"),
            j_title(&heading(rng, &["课题名称", "项目名称", "研究课题"])),
            j_code(&heading(rng, &["课题编号", "立项编号", "批准号"])),
            j_level(&heading(rng, &["课题级别", "级别"])),
            j_category(&heading(rng, &["课题类别", "类别"])),
            j_leader(&heading(rng, &["主持人", "课题负责人"])),
            j_members(&heading(rng, &["课题组成员", "主要成员"]), "、"),
            j_approved("立项时间", &dstyles(rng)),
            j_closed("结题时间", &dstyles(rng)),
            j_status(&heading(rng, &["研究状态", "课题状态"])),
        ],
        format!("{}课题一览表", s.name),
        None,
        rng,
    );
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &records(&projects), &at, truth);
    save(root, &file, &write::xlsx(&Book::one(g))?)?;
    n += 1;

    // 9–13. Training per department.
    for (dep, _) in DEPARTMENTS {
        let fmt = Fmt::random(rng);
        let file = format!("{dir}/{dep}培训学时.{}", fmt.ext());
        let at = fmt.at(&file, "培训学时");
        let mut recs = vec![];
        for teacher in members_of(s, dep) {
            let first = rng.below(COURSES.len());
            for c in 0..rng.range(1, 3) as usize {
                // Distinct courses per teacher: a repeat would read as a duplicate record.
                let (course, ty, level) = COURSES[(first + c) % COURSES.len()];
                let m = rng.range(1, 11);
                let day = rng.range(1, 20);
                let len = rng.range(0, 4);
                let start = ymd(2023, m, day);
                let end = ymd(2023, m, day + len);
                recs.push(Rec::new(Training {
                    teacher: teacher.name.clone(),
                    department: dep.into(),
                    course: course.into(),
                    type_written: ty.into(),
                    kind: mess::type_canon(ty),
                    level: level.into(),
                    start: Some(start),
                    end: Some(end),
                    hours: Some(f64::from((len + 1) * rng.range(2, 6))),
                    organizer: String::new(),
                    id: teacher.id.clone(),
                    subject: teacher.subject.clone(),
                }));
            }
        }
        let mut cols = vec![
            index_col("序号"),
            r_teacher(&heading(rng, &["姓名", "教师姓名", "*姓名"])).merged(),
            r_course(&heading(
                rng,
                &["培训项目", "培训内容", "培训主题", "课程名称"],
            )),
            r_type(&heading(rng, &["培训形式", "培训类型", "类别"])),
            r_level(&heading(rng, &["培训级别", "层次", "级别"]), true),
        ];
        let styles = text_only(fmt, dstyles(rng));
        match rng.below(3) {
            0 => cols.push(r_period(
                &heading(rng, &["培训时间", "起止时间"]),
                &[RS::Dot, RS::Cn, RS::IsoZhi],
            )),
            1 => {
                cols.push(r_start("开始日期", &styles));
                cols.push(r_end("结束日期", &styles));
            }
            _ => {
                cols.push(r_start("开始", &styles).under("培训时间"));
                cols.push(r_end("结束", &styles).under("培训时间"));
            }
        }
        cols.push(r_hours(
            &heading(rng, &["学时", "认定学时", "学分"]),
            &[HS::Num, HS::Text, HS::Unit, HS::Full],
        ));
        let t = dressed(cols, format!("{dep}教师培训学时登记表"), Some(dep), rng);
        let mut g = Grid::new(&at.sheet);
        if matches!(fmt, Fmt::Html) {
            g.name = format!("{dep}培训学时");
        }
        render(&mut g, &t, &records(&recs), &at, truth);
        save(root, &file, &fmt.bytes(&g)?)?;
        n += 1;
    }

    // 14. 校本培训记载表.
    let file = format!("{dir}/校本培训记载表.xlsx");
    let at = At::sheet(&file, "校本培训");
    let sessions: Vec<Rec<Session>> = (0..rng.range(3, 8))
        .map(|k| {
            let (dep, subjects) = *rng.pick(&DEPARTMENTS);
            let pool = members_of(s, dep);
            let who: Vec<String> = pool
                .iter()
                .take(rng.range(2, 6) as usize)
                .map(|t| t.name.clone())
                .collect();
            Rec::new(Session {
                date: ymd(2023, 9 + (k % 4), rng.range(1, 28)),
                place: rng
                    .pick(&["学校报告厅", "录播教室", "会议室", "多功能厅"])
                    .to_string(),
                speaker: pool[0].name.clone(),
                course: format!("{}{}专题研讨", rng.pick(subjects), rng.pick(TOPICS)),
                participants: who,
                hours: Some(f64::from(rng.range(1, 3))),
                department: String::new(),
            })
        })
        .collect();
    let ds = dstyles(rng);
    let mut t = Table::new(session_cols(&ds));
    t.title = Some(format!("{}校本培训记载表", s.name));
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &records(&sessions), &at, truth);
    save(root, &file, &write::xlsx(&Book::one(g))?)?;
    n += 1;

    // 15. 行事历.
    let file = format!("{dir}/教科室行事历.xlsx");
    let at = At::sheet(&file, "行事历");
    let mut plans = vec![];
    for m in [9u32, 10, 11, 12, 1] {
        let label = match rng.below(3) {
            0 => format!("{}月", mess::cn_month(m)),
            1 => format!("{m}月份"),
            _ => format!("{}月份", mess::cn_month(m)),
        };
        let items_pool = [
            "制订教科室工作计划",
            "课题组研讨活动",
            "组织教师撰写论文",
            "课题中期评估",
            "校本培训",
            "教研组台账检查",
            "课题资料归档",
            "论文获奖情况统计",
        ];
        let first = rng.below(items_pool.len());
        for j in 0..rng.range(2, 4) as usize {
            let item = items_pool[(first + j) % items_pool.len()];
            plans.push(Rec::new(MonthItem {
                label: label.clone(),
                plan: Plan {
                    month: m,
                    month_end: None,
                    item: item.to_string(),
                    owner: "教科室".into(),
                    term: None,
                },
            }));
        }
    }
    let heads = [
        "月份".to_string(),
        heading(rng, &["工作内容", "主要工作", "工作要点"]),
        heading(rng, &["负责人", "责任人", "负责部门"]),
    ];
    let mut t = Table::new(month_cols([&heads[0], &heads[1], &heads[2]]));
    t.title = Some(format!("{}教科室行事历", s.name));
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &records(&plans), &at, truth);
    save(root, &file, &write::xlsx(&Book::one(g))?)?;
    n += 1;
    Ok(n)
}

/// CSV and HTML headers are kept on one line: a break would shift CSV line numbers.
fn no_breaks_in_text<T>(fmt: Fmt, mut t: Table<T>) -> Table<T> {
    if matches!(fmt, Fmt::Csv(_)) {
        for c in &mut t.cols {
            c.head = c.head.replace('\n', "");
        }
    }
    t
}
