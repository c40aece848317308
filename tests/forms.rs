//! Answer exports of online form platforms, written in each platform's shape (问卷星 按文本 and
//! 按选项分列, 腾讯问卷, 腾讯文档收集表, 金数据 as csv, 钉钉 and 企业微信 收集表 with a title
//! row), imported by the real binary: every field of every record is pinned, and the only
//! findings are the ones planted (a single-choice question answered twice, a form submitted
//! again by the same person).

mod common;

use std::path::Path;

use common::{Row, jiaoke_in, read_csv};
use rust_xlsxwriter::Workbook;

/// One cell of a generated export: text or a number.
#[derive(Clone, Copy)]
enum Cell<'a> {
    T(&'a str),
    N(f64),
}
use Cell::{N, T};

/// Writes an .xlsx with one sheet: optional title row, header, answers.
fn xlsx(path: &Path, sheet: &str, title: Option<&str>, header: &[&str], rows: &[Vec<Cell>]) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    let mut r = 0u32;
    if let Some(title) = title {
        ws.write_string(0, 0, title).unwrap();
        r = 1;
    }
    for (c, h) in header.iter().enumerate() {
        ws.write_string(r, c as u16, *h).unwrap();
    }
    for row in rows {
        r += 1;
        for (c, cell) in row.iter().enumerate() {
            match *cell {
                T("") => {}
                T(s) => {
                    ws.write_string(r, c as u16, s).unwrap();
                }
                N(n) => {
                    ws.write_number(r, c as u16, n).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// Writes a .csv (UTF-8 with BOM, as 金数据 downloads it).
fn csv(path: &Path, header: &[&str], rows: &[Vec<&str>]) {
    let mut text = String::from("\u{FEFF}");
    for line in std::iter::once(header.to_vec()).chain(rows.iter().cloned()) {
        text.push_str(&line.join(","));
        text.push_str("\r\n");
    }
    std::fs::write(path, text).unwrap();
}

/// 问卷星, 按文本下载: paper awards; 张三 submits again with the grade corrected.
fn wjx_text(dir: &Path) {
    let header = [
        "序号",
        "提交答卷时间",
        "所用时间",
        "来源",
        "来源详情",
        "来自IP",
        "1、您的姓名：",
        "2、所在教研组：[单选题]",
        "3、论文题目（请勿加书名号）：",
        "4、获奖级别：[单选题]",
        "5、获奖等次：",
        "6、获奖时间（如2023年10月）：",
        "7、评比活动名称：",
    ];
    let row = |n: f64, at, who, dept, title, level, award, when, contest| {
        vec![
            N(n),
            T(at),
            T("95秒"),
            T("微信"),
            T("N/A"),
            T("112.80.1.2(江苏-南京)"),
            T(who),
            T(dept),
            T(title),
            T(level),
            T(award),
            T(when),
            T(contest),
        ]
    };
    xlsx(
        &dir.join("问卷星_论文获奖_按文本.xlsx"),
        "Sheet1",
        None,
        &header,
        &[
            row(
                1.0,
                "2023/10/12 14:23:05",
                "张三",
                "数学组",
                "浅谈情境教学",
                "省级",
                "二等奖",
                "2023年10月",
                "师陶杯",
            ),
            row(
                2.0,
                "2023/10/12 15:01:44",
                "李四",
                "语文组",
                "阅读教学再探",
                "市级",
                "一等奖",
                "2023年9月",
                "教海探航",
            ),
            row(
                3.0,
                "2023/10/13 08:10:00",
                "张三",
                "数学组",
                "浅谈情境教学",
                "省级",
                "一等奖",
                "2023年10月",
                "师陶杯",
            ),
        ],
    );
}

/// 问卷星, 按选项分列: each option of 获奖级别 a column of 1/0, 合作者 a multi-select;
/// 王五 chose two levels.
fn wjx_split(dir: &Path) {
    let header = [
        "序号",
        "提交答卷时间",
        "所用时间",
        "来源",
        "来源详情",
        "来自IP",
        "1、您的姓名：",
        "2、论文题目：",
        "3、获奖级别：国家级",
        "3、获奖级别：省级",
        "3、获奖级别：市级",
        "4、合作者[多选题]：赵六",
        "4、合作者[多选题]：钱七",
        "5、获奖等次：",
        "6、获奖时间：",
    ];
    let row = |n: f64, at, who, title, levels: [f64; 3], co: [f64; 2], award, when| {
        let mut r = vec![
            N(n),
            T(at),
            T("60秒"),
            T("手机提交"),
            T("直接访问"),
            T("1.1.1.1(江苏)"),
        ];
        r.extend([T(who), T(title)]);
        r.extend(levels.map(N));
        r.extend(co.map(N));
        r.extend([T(award), T(when)]);
        r
    };
    xlsx(
        &dir.join("问卷星_论文获奖_按选项分列.xlsx"),
        "Sheet1",
        None,
        &header,
        &[
            row(
                1.0,
                "2023/11/01 09:00:00",
                "孙八",
                "小学数学说理课堂",
                [0.0, 0.0, 1.0],
                [1.0, 1.0],
                "三等奖",
                "2023年11月",
            ),
            row(
                2.0,
                "2023/11/01 10:00:00",
                "王五",
                "作文教学的几点思考",
                [1.0, 1.0, 0.0],
                [0.0, 0.0],
                "一等奖",
                "2023年11月",
            ),
        ],
    );
}

/// 腾讯问卷: training hours.
fn tencent(dir: &Path) {
    let header = [
        "编号",
        "开始答题时间",
        "结束答题时间",
        "答题时长",
        "地理位置国家和地区",
        "地理位置省",
        "地理位置市",
        "IP",
        "Q1. 请填写您的姓名",
        "Q2. 培训项目名称",
        "Q3. 培训学时【填空题】",
        "Q4. 培训开始日期",
        "Q5. 培训结束日期",
    ];
    let row = |n: f64, at, who, course, hours: f64, start, end| {
        vec![
            N(n),
            T(at),
            T(at),
            T("3分12秒"),
            T("中国"),
            T("江苏"),
            T("常州"),
            T("1.1.1.1"),
            T(who),
            T(course),
            N(hours),
            T(start),
            T(end),
        ]
    };
    xlsx(
        &dir.join("腾讯问卷_培训学时.xlsx"),
        "答卷数据",
        None,
        &header,
        &[
            row(
                1.0,
                "2023-08-20 10:00:00",
                "张三",
                "新课标解读",
                24.0,
                "2023-07-10",
                "2023-07-14",
            ),
            row(
                2.0,
                "2023-08-21 11:00:00",
                "李四",
                "信息技术2.0",
                50.0,
                "2023-07-01",
                "2023-08-15",
            ),
        ],
    );
}

/// 金数据, csv: the roster; 李四 submits again with the title corrected.
fn jinshuju(dir: &Path) {
    csv(
        &dir.join("金数据_教师信息.csv"),
        &[
            "序号",
            "姓名",
            "性别",
            "教研组",
            "任教学科",
            "职称",
            "提交人",
            "填写设备",
            "IP",
            "提交时间",
            "修改时间",
        ],
        &[
            vec![
                "1",
                "张三",
                "男",
                "数学组",
                "数学",
                "一级教师",
                "张三",
                "手机",
                "1.1.1.1",
                "2023-09-01 08:00:00",
                "2023-09-01 08:00:00",
            ],
            vec![
                "2",
                "李四",
                "女",
                "语文组",
                "语文",
                "二级教师",
                "李四",
                "电脑",
                "1.1.1.2",
                "2023-09-01 09:00:00",
                "2023-09-01 09:00:00",
            ],
            vec![
                "3",
                "王五",
                "男",
                "语文组",
                "语文",
                "高级教师",
                "王五",
                "手机",
                "1.1.1.3",
                "2023-09-01 09:30:00",
                "2023-09-01 09:30:00",
            ],
            vec![
                "4",
                "孙八",
                "男",
                "数学组",
                "数学",
                "一级教师",
                "孙八",
                "手机",
                "1.1.1.4",
                "2023-09-01 10:00:00",
                "2023-09-01 10:00:00",
            ],
            vec![
                "5",
                "李四",
                "女",
                "语文组",
                "语文",
                "一级教师",
                "李四",
                "电脑",
                "1.1.1.2",
                "2023-09-02 09:00:00",
                "2023-09-02 09:00:00",
            ],
            vec![
                "6",
                "赵六",
                "女",
                "综合组",
                "科学",
                "一级教师",
                "赵六",
                "手机",
                "1.1.1.6",
                "2023-09-02 10:00:00",
                "2023-09-02 10:00:00",
            ],
            vec![
                "7",
                "钱七",
                "男",
                "综合组",
                "信息技术",
                "二级教师",
                "钱七",
                "手机",
                "1.1.1.7",
                "2023-09-02 11:00:00",
                "2023-09-02 11:00:00",
            ],
        ],
    );
}

/// 钉钉 收集表: a title row, then 提交人 and 提交时间; training hours.
fn dingtalk(dir: &Path) {
    xlsx(
        &dir.join("钉钉_暑期校本培训登记.xlsx"),
        "Sheet1",
        Some("暑期校本培训登记"),
        &[
            "序号",
            "提交人",
            "提交时间",
            "姓名",
            "培训项目",
            "学时",
            "培训时间",
        ],
        &[
            vec![
                N(1.0),
                T("王五"),
                T("2023-09-05 12:00"),
                T("王五"),
                T("课堂观察与评价"),
                N(6.0),
                T("2023-08-28"),
            ],
            vec![
                N(2.0),
                T("孙八"),
                T("2023-09-05 12:30"),
                T("孙八"),
                T("课堂观察与评价"),
                N(6.0),
                T("2023-08-28"),
            ],
        ],
    );
}

/// 企业微信 收集表 and 腾讯文档收集表: paper awards.
fn wecom_and_docs(dir: &Path) {
    xlsx(
        &dir.join("企业微信_论文获奖收集表.xlsx"),
        "收集结果",
        Some("2023年论文获奖收集"),
        &[
            "提交者",
            "提交时间",
            "作者",
            "论文题目",
            "评比活动",
            "获奖级别",
            "获奖等次",
            "获奖时间",
        ],
        &[vec![
            T("赵六"),
            T("2023-12-01 16:00:00"),
            T("赵六"),
            T("劳动教育的校本实践"),
            T("教海探航"),
            T("省级"),
            T("三等奖"),
            T("2023-11"),
        ]],
    );
    xlsx(
        &dir.join("腾讯文档收集表_论文.xlsx"),
        "Sheet1",
        None,
        &[
            "提交者（自动）",
            "提交时间（自动）",
            "1. 姓名",
            "2. 论文题目",
            "3. 获奖等次",
            "4. 获奖级别",
            "5. 评比活动",
        ],
        &[vec![
            T("钱七"),
            T("2023/12/02 10:00:00"),
            T("钱七"),
            T("项目化学习初探"),
            T("二等奖"),
            T("市级"),
            T("师陶杯"),
        ]],
    );
}

/// A CSV's records as lines of all their columns but `source_file`/`sheet`, by file and row.
fn lines(rows: &[Row]) -> Vec<String> {
    let mut out: Vec<String> = rows
        .iter()
        .map(|r| {
            let fields: Vec<String> = r
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "sheet"))
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            fields.join(" ")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_platform_s_export_reads_field_by_field() {
    let inbox = tempfile::tempdir().unwrap();
    for write in [
        wjx_text,
        wjx_split,
        tencent,
        jinshuju,
        dingtalk,
        wecom_and_docs,
    ] {
        write(inbox.path());
    }
    let out = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let args = [
        "import",
        inbox.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
    ];
    let done = jiaoke_in(cwd.path(), &args);
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    // Every column of every record, by name (sheet names aside).
    let papers = [
        "authors=孙八、赵六、钱七 authors_truncated=false award=三等奖 certificate= cn= date=2023-11-01 date_precision=month department= issue= kind=获奖 level=市级 level_raw=市级 organizer= row=2 source_file=问卷星_论文获奖_按选项分列.xlsx title=小学数学说理课堂 unparsed= venue=",
        "authors=张三 authors_truncated=false award=一等奖 certificate= cn= date=2023-10-01 date_precision=month department=数学组 issue= kind=获奖 level=省级 level_raw=省级 organizer= row=4 source_file=问卷星_论文获奖_按文本.xlsx title=浅谈情境教学 unparsed= venue=师陶杯",
        "authors=张三 authors_truncated=false award=二等奖 certificate= cn= date=2023-10-01 date_precision=month department=数学组 issue= kind=获奖 level=省级 level_raw=省级 organizer= row=2 source_file=问卷星_论文获奖_按文本.xlsx title=浅谈情境教学 unparsed= venue=师陶杯",
        "authors=李四 authors_truncated=false award=一等奖 certificate= cn= date=2023-09-01 date_precision=month department=语文组 issue= kind=获奖 level=市级 level_raw=市级 organizer= row=3 source_file=问卷星_论文获奖_按文本.xlsx title=阅读教学再探 unparsed= venue=教海探航",
        "authors=王五 authors_truncated=false award=一等奖 certificate= cn= date=2023-11-01 date_precision=month department= issue= kind=获奖 level= level_raw= organizer= row=3 source_file=问卷星_论文获奖_按选项分列.xlsx title=作文教学的几点思考 unparsed=3、获奖级别：国家级、省级 venue=",
        "authors=赵六 authors_truncated=false award=三等奖 certificate= cn= date=2023-11-01 date_precision=month department= issue= kind=获奖 level=省级 level_raw=省级 organizer= row=3 source_file=企业微信_论文获奖收集表.xlsx title=劳动教育的校本实践 unparsed= venue=教海探航",
        "authors=钱七 authors_truncated=false award=二等奖 certificate= cn= date= date_precision= department= issue= kind=获奖 level=市级 level_raw=市级 organizer= row=2 source_file=腾讯文档收集表_论文.xlsx title=项目化学习初探 unparsed= venue=师陶杯",
    ];
    let training = [
        "course=信息技术2.0 department= end=2023-08-15 hours=50 id_number= level= organizer= row=3 source_file=腾讯问卷_培训学时.xlsx start=2023-07-01 teacher=李四 type= unparsed=",
        "course=新课标解读 department= end=2023-07-14 hours=24 id_number= level= organizer= row=2 source_file=腾讯问卷_培训学时.xlsx start=2023-07-10 teacher=张三 type= unparsed=",
        "course=课堂观察与评价 department= end=2023-08-28 hours=6 id_number= level= organizer= row=3 source_file=钉钉_暑期校本培训登记.xlsx start=2023-08-28 teacher=王五 type=校本研修 unparsed=",
        "course=课堂观察与评价 department= end=2023-08-28 hours=6 id_number= level= organizer= row=4 source_file=钉钉_暑期校本培训登记.xlsx start=2023-08-28 teacher=孙八 type=校本研修 unparsed=",
    ];
    let teachers = [
        "department=数学组 gender=男 id_number= name=孙八 row=5 source_file=金数据_教师信息.csv staff_no= subject=数学 title=一级教师 unparsed=",
        "department=数学组 gender=男 id_number= name=张三 row=2 source_file=金数据_教师信息.csv staff_no= subject=数学 title=一级教师 unparsed=",
        "department=综合组 gender=女 id_number= name=赵六 row=7 source_file=金数据_教师信息.csv staff_no= subject=科学 title=一级教师 unparsed=",
        "department=综合组 gender=男 id_number= name=钱七 row=8 source_file=金数据_教师信息.csv staff_no= subject=信息技术 title=二级教师 unparsed=",
        "department=语文组 gender=女 id_number= name=李四 row=3 source_file=金数据_教师信息.csv staff_no= subject=语文 title=二级教师 unparsed=",
        "department=语文组 gender=女 id_number= name=李四 row=6 source_file=金数据_教师信息.csv staff_no= subject=语文 title=一级教师 unparsed=",
        "department=语文组 gender=男 id_number= name=王五 row=4 source_file=金数据_教师信息.csv staff_no= subject=语文 title=高级教师 unparsed=",
    ];
    let read = |kind: &str| lines(&read_csv(&out.path().join(format!("{kind}.csv"))));
    assert_eq!(read("papers"), sorted(&papers));
    assert_eq!(read("training"), sorted(&training));
    assert_eq!(read("teachers"), sorted(&teachers));

    let json = jiaoke_in(
        cwd.path(),
        &["check", inbox.path().to_str().unwrap(), "--format", "json"],
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    let got: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} {}",
                f["code"], f["file"], f["row"], f["column"], f["cell"]
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            r#""duplicate_record" "金数据_教师信息.csv" 3 "姓名" "B3""#,
            r#""duplicate_record" "问卷星_论文获奖_按文本.xlsx" 2 "3、论文题目（请勿加书名号）：" "I2""#,
            r#""invalid_value" "问卷星_论文获奖_按选项分列.xlsx" 3 "3、获奖级别" "I3""#,
        ],
        "{findings:#?}"
    );
    let message = |i: usize| findings[i]["message"].as_str().unwrap().to_string();
    assert!(
        message(1).contains("以较晚的提交 问卷星_论文获奖_按文本.xlsx › Sheet1 › 第4行 为准"),
        "{}",
        message(1)
    );
    assert!(
        message(2).contains("“国家级”列 I3、“省级”列 J3"),
        "{}",
        message(2)
    );
}

fn sorted<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|l| l.as_ref().to_string()).collect();
    out.sort();
    out
}
