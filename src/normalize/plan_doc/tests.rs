//! Tests of the calendar reader: the two real plans, and each shape offices write.

use super::*;
use crate::import::document::text_lines;

const PLAN_2021: &str =
    include_str!("../../../tests/fixtures/plans/2021-2022学年第一学期教科室工作计划.txt");
const PLAN_JIAOXI: &str =
    include_str!("../../../tests/fixtures/plans/焦溪小学教科室工作计划（2012.9—2013.1）.txt");

fn doc(text: &str) -> RawDocument {
    RawDocument {
        file: "教科室/计划.txt".into(),
        lines: text_lines(text),
        tables: Vec::new(),
    }
}

fn plans(text: &str) -> Vec<Plan> {
    let (plans, findings) = plan_items(&doc(text), &Vocab::builtin());
    assert!(findings.is_empty(), "{findings:?}");
    plans
}

/// Month, last month, item, owner, row.
type Row = (Option<u32>, Option<u32>, String, String, u32);

/// (month, month_end, item, owner, row) of each plan.
fn rows(text: &str) -> Vec<Row> {
    plans(text)
        .into_iter()
        .map(|p| (p.month, p.month_end, p.item, p.owner, p.prov.row))
        .collect()
}

/// (month, item) of each plan.
fn months(text: &str) -> Vec<(u32, String)> {
    plans(text)
        .into_iter()
        .map(|p| (p.month.expect("every item has a month"), p.item))
        .collect()
}

fn m(pairs: &[(u32, &str)]) -> Vec<(u32, String)> {
    pairs.iter().map(|(m, s)| (*m, s.to_string())).collect()
}

// ---- headings -------------------------------------------------------------------

#[test]
fn every_heading_form_gives_its_month() {
    let text = "四、行事历\n九月份：\n1．制定计划\n十月\n1．课题评估\n11月份\n1．论文评比\n12月\n1．调研\n二○一一年一月：\n1．总结\n二〇一二年二月\n1．检查\n";
    assert_eq!(
        months(text),
        m(&[
            (9, "制定计划"),
            (10, "课题评估"),
            (11, "论文评比"),
            (12, "调研"),
            (1, "总结"),
            (2, "检查")
        ])
    );
}

#[test]
fn a_heading_may_carry_the_first_item_on_its_line() {
    let text = "行事历\n九月份：1．制定计划；2．开学检查\n十月份 组织听课\n11月：\n各教研组活动\n12月份工作安排：课题调研\n";
    assert_eq!(
        rows(text),
        [
            (Some(9), None, "制定计划".into(), String::new(), 2),
            (Some(9), None, "开学检查".into(), String::new(), 2),
            (Some(10), None, "组织听课".into(), String::new(), 3),
            (Some(11), None, "各教研组活动".into(), String::new(), 5),
            (Some(12), None, "课题调研".into(), String::new(), 6),
        ]
    );
}

#[test]
fn a_note_in_brackets_may_follow_the_month() {
    let text = "行事历\n九月份（第1—4周）：\n1、制定计划\n十月（国庆）\n1、课题评估\n";
    assert_eq!(months(text), m(&[(9, "制定计划"), (10, "课题评估")]));
    assert_eq!(plans(text)[0].when, "九月份（第1—4周）");
}

#[test]
fn tab_separated_lines_are_read_like_table_rows() {
    let text = "月份\t工作内容\t负责人\n九月\t制定计划\t教科室\n\t期初检查\t教导处\n十月\t课题评估\t孙建国\n";
    let got: Vec<(u32, String, String)> = plans(text)
        .into_iter()
        .map(|p| (p.month.unwrap(), p.item, p.owner))
        .collect();
    assert_eq!(
        got,
        [
            (9, "制定计划".into(), "教科室".into()),
            (9, "期初检查".into(), "教导处".into()),
            (10, "课题评估 孙建国".into(), String::new()),
        ]
    );
}

#[test]
fn full_width_colons_spaces_and_numbers_are_read() {
    let text =
        "行事历：\n　９月份：　\n１．制定计划；　\n【十月】\n１、课题评估\n元月份：\n1、总结\n";
    assert_eq!(
        months(text),
        m(&[(9, "制定计划"), (10, "课题评估"), (1, "总结")])
    );
    assert_eq!(plans(text)[2].when, "元月份");
}

#[test]
fn a_heading_glued_to_the_end_of_an_item_switches_the_month() {
    let text = "行事历\n一月：\n1、期末复习研讨。2、学科质量分析。3、组织编印单元质量评估试题。二月：\n1、制订新学期计划。\n2、开学检查。三月：1、课题申报。\n";
    assert_eq!(
        rows(text),
        [
            (Some(1), None, "期末复习研讨".into(), String::new(), 3),
            (Some(1), None, "学科质量分析".into(), String::new(), 3),
            (
                Some(1),
                None,
                "组织编印单元质量评估试题".into(),
                String::new(),
                3
            ),
            (Some(2), None, "制订新学期计划".into(), String::new(), 4),
            (Some(2), None, "开学检查".into(), String::new(), 5),
            (Some(3), None, "课题申报".into(), String::new(), 5),
        ]
    );
}

#[test]
fn ranges_give_first_and_last_month() {
    let text = "行事历\n十一月份——十二月份\n1、课题结题\n二~三月份：\n1、课题申报\n4-5月\n1、论文评比\n九、十月份：\n1、读书节\n";
    assert_eq!(
        rows(text),
        [
            (Some(11), Some(12), "课题结题".into(), String::new(), 3),
            (Some(2), Some(3), "课题申报".into(), String::new(), 5),
            (Some(4), Some(5), "论文评比".into(), String::new(), 7),
            (Some(9), Some(10), "读书节".into(), String::new(), 9),
        ]
    );
    assert_eq!(plans(text)[0].when, "十一月份——十二月份");
}

#[test]
fn a_numbered_month_heading_is_a_heading() {
    let text = "四、行事历\n（一）九月份\n1、制定计划\n二、十月份：\n1、课题评估\n";
    assert_eq!(months(text), m(&[(9, "制定计划"), (10, "课题评估")]));
}

// ---- items ---------------------------------------------------------------------

#[test]
fn every_numbering_style_is_stripped() {
    let text =
        "行事历\n九月\n1．甲项\n2、乙项\n3.丙项\n(4)丁项\n（5）戊项\n⑹己项\n⑦庚项\n3.、辛项\n";
    let items: Vec<String> = months(text).into_iter().map(|(_, i)| i).collect();
    assert_eq!(
        items,
        [
            "甲项", "乙项", "丙项", "丁项", "戊项", "己项", "庚项", "辛项"
        ]
    );
}

#[test]
fn unnumbered_items_are_one_per_line() {
    let text = "行事历\n九月\n制定新学期计划\n期初检查\n\n十月\n课题中期评估\n";
    assert_eq!(
        rows(text),
        [
            (Some(9), None, "制定新学期计划".into(), String::new(), 3),
            (Some(9), None, "期初检查".into(), String::new(), 4),
            (Some(10), None, "课题中期评估".into(), String::new(), 7),
        ]
    );
}

#[test]
fn several_items_on_one_line_are_split() {
    let text =
        "行事历\n九月\n⑴开展读书活动⑵做好课题中期评估\n1．制定计划；2．开学检查；3．听课调研。\n";
    assert_eq!(
        months(text),
        m(&[
            (9, "开展读书活动"),
            (9, "做好课题中期评估"),
            (9, "制定计划"),
            (9, "开学检查"),
            (9, "听课调研")
        ])
    );
    assert!(plans(text)[..2].iter().all(|p| p.prov.row == 3));
}

#[test]
fn a_line_that_breaks_off_continues_the_item() {
    let text = "行事历\n一月份\n1、召开课题主持人会议，反馈结题情况，\n检查课题组研究活动记录。\n2、撰写总结\n";
    assert_eq!(
        rows(text),
        [
            (
                Some(1),
                None,
                "召开课题主持人会议，反馈结题情况，检查课题组研究活动记录".into(),
                String::new(),
                3
            ),
            (Some(1), None, "撰写总结".into(), String::new(), 5),
        ]
    );
}

#[test]
fn items_numbered_with_chinese_numerals_stay_in_the_month() {
    let text = "四、行事历\n九月份：\n一、制定计划\n二、开学检查\n三、听课调研\n五、保障措施\n加强领导。\n";
    assert_eq!(
        months(text),
        m(&[(9, "制定计划"), (9, "开学检查"), (9, "听课调研")])
    );
}

// ---- weeks ---------------------------------------------------------------------

#[test]
fn week_lines_take_the_month_their_week_starts_in() {
    let text = "教科室周工作安排\n第一周 8.30-9.5 制定计划\n第三周 9.13-9.19 ⑴开展读书活动⑵做好课题中期评估\n第五周（9.27—10.3）：国庆假期\n第六周 10月4日-10月10日 课题评估\n";
    let p = plans(text);
    let got: Vec<(Option<u32>, Option<u32>, &str, &str)> = p
        .iter()
        .map(|p| (p.month, p.month_end, p.item.as_str(), p.when.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(8), None, "制定计划", "第一周 8.30-9.5"),
            (Some(9), None, "开展读书活动", "第三周 9.13-9.19"),
            (Some(9), None, "做好课题中期评估", "第三周 9.13-9.19"),
            (Some(9), None, "国庆假期", "第五周（9.27—10.3）"),
            (Some(10), None, "课题评估", "第六周 10月4日-10月10日"),
        ]
    );
}

#[test]
fn a_week_heading_applies_to_the_lines_below_it() {
    let text = "行事历\n第三周 9.13-9.19\n1、开展读书活动\n2、课题中期评估\n9.20-9.26\n1、听课调研\n九月份\n第一周 开学准备\n";
    assert_eq!(
        months(text),
        m(&[
            (9, "开展读书活动"),
            (9, "课题中期评估"),
            (9, "听课调研"),
            (9, "开学准备")
        ])
    );
}

#[test]
fn a_week_with_an_impossible_date_is_reported_and_kept() {
    let (p, f) = plan_items(
        &doc("行事历\n第三周 9.13-9.19 读书活动\n第五周 9.31-10.6 课题评估\n"),
        &Vocab::builtin(),
    );
    assert_eq!(p.len(), 2);
    assert_eq!(p[1].month, None);
    assert_eq!(p[1].item, "课题评估");
    assert_eq!(p[1].unparsed, ["时间：第五周 9.31-10.6"]);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].row, f[0].value.as_str()),
        (Some(3), "第五周 9.31-10.6")
    );
}

// ---- owners --------------------------------------------------------------------

#[test]
fn owners_are_read_from_the_end_of_an_item() {
    let text = "行事历\n九月\n1、制定计划（教科室）\n2、期初检查。（教导处、教科室）\n3、听课调研，负责：张三\n4、课题评估（负责人：李四）\n5、论文评比 责任人：王五、赵六\n6、读书节（各教研组长）\n7、科技节（数棋竞赛）\n8、课题申报（教科室负责）\n9、一项课题（电教）的中期评估\n";
    let got: Vec<(String, String)> = plans(text).into_iter().map(|p| (p.item, p.owner)).collect();
    let want = [
        ("制定计划", "教科室"),
        ("期初检查", "教导处、教科室"),
        ("听课调研", "张三"),
        ("课题评估", "李四"),
        ("论文评比", "王五、赵六"),
        ("读书节", "各教研组长"),
        ("科技节（数棋竞赛）", ""),
        ("课题申报", "教科室"),
        ("一项课题（电教）的中期评估", ""),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
}

// ---- what is not a heading -------------------------------------------------------

#[test]
fn a_month_inside_an_item_is_no_heading() {
    let text = "行事历\n十月份\n1、本月撰写九月份教研综述\n2、上交论文（11月份）\n九月份教研综述由教科室撰写\n";
    assert_eq!(
        months(text),
        m(&[
            (10, "本月撰写九月份教研综述"),
            (10, "上交论文（11月份）"),
            (10, "九月份教研综述由教科室撰写")
        ])
    );
}

#[test]
fn a_signature_under_the_calendar_is_no_item() {
    let text =
        "四、行事历\n二月份：\n1．收齐台账资料；\n2．期末工作全面检查。\n焦溪小学教科室\n2月20日\n";
    assert_eq!(
        months(text),
        m(&[(2, "收齐台账资料"), (2, "期末工作全面检查")])
    );
    let text = "四、行事历\n二月份：\n1．期末工作全面检查。\n云溪实验小学\n2012年9月\n";
    assert_eq!(months(text), m(&[(2, "期末工作全面检查")]));
    let text = "四、行事历\n二月份：\n1．期末工作全面检查。\n2月20日\n";
    assert_eq!(months(text), m(&[(2, "期末工作全面检查")]));
}

#[test]
fn section_headings_end_the_calendar() {
    let text = "四、行事历\n一月份：\n1．学科过程考核。\n五、保障措施\n1．加强领导。\n";
    assert_eq!(months(text), m(&[(1, "学科过程考核")]));
    let text = "行事历\n一月份：\n1．学科过程考核。\n一、指导思想\n坚持科研为先导。\n";
    assert_eq!(months(text), m(&[(1, "学科过程考核")]));
    let text = "行事历\n一月份：\n1．学科过程考核。\n第二篇：德育工作计划\n1．加强领导。\n";
    assert_eq!(months(text), m(&[(1, "学科过程考核")]));
    let text = "行事历\n一月份：\n1．学科过程考核。\n二、工作目标\n1．加强领导。\n";
    assert_eq!(months(text), m(&[(1, "学科过程考核")]));
    let text = "行事历\n一月份：\n1．学科过程考核。\n附：本学期课题一览\n1．省级课题\n";
    assert_eq!(months(text), m(&[(1, "学科过程考核")]));
    let text = "行事历\n一月份：\n1．学科过程考核。\n附：二月份工作安排\n二月份\n1．开学检查\n";
    assert_eq!(months(text), m(&[(1, "学科过程考核"), (2, "开学检查")]));
}

#[test]
fn a_word_heading_style_ends_the_calendar() {
    let mut d = doc("行事历\n一月份：\n1．学科过程考核。\n附录\n1．加强领导。\n");
    d.lines[3].heading = true;
    let (p, _) = plan_items(&d, &Vocab::builtin());
    assert_eq!(p.len(), 1);
}

#[test]
fn months_outside_a_calendar_are_not_items() {
    // One month named in running text is no calendar.
    let text =
        "一、工作目标\n九月份：完成课题申报。\n1．做好常规工作\n二、具体工作\n1、9月10日召开会议\n";
    assert!(plans(text).is_empty());
    // Prose under a calendar heading before its first month is no item.
    let text = "四、行事历\n（具体以学校通知为准）\n九月份：\n1．制定计划\n";
    assert_eq!(months(text), m(&[(9, "制定计划")]));
}

#[test]
fn a_run_of_month_headings_is_a_calendar_without_a_heading() {
    let text = "三、工作安排如下，请各组遵照执行。\n九月份\n1．制定计划\n十月份\n1．课题评估\n";
    assert_eq!(months(text), m(&[(9, "制定计划"), (10, "课题评估")]));
}

#[test]
fn several_plans_in_one_document_give_every_calendar() {
    let text = format!("{PLAN_2021}\n{PLAN_JIAOXI}\n{PLAN_2021}");
    let p = plans(&text);
    assert_eq!(p.len(), 21 + 27 + 21);
    let per_month = |items: &[Plan]| {
        let mut counts = std::collections::BTreeMap::new();
        for p in items {
            *counts.entry(p.month.unwrap()).or_insert(0) += 1;
        }
        counts
    };
    assert_eq!(per_month(&p[..21]), per_month(&p[48..]));
    assert_eq!(p[20].item, "期末工作全面检查");
    assert_eq!(p[21].item, "制订学校教科室计划");
    assert_eq!(p[21].prov.row, 62 + 73);
    assert_eq!(p[47].item, "做好校本课程资料收缴与考核工作");
    assert_eq!(p[48].item, "制定新学期教科室工作计划");
    // A title line and its period end the calendar above them, even when the next plan
    // follows right after the last item.
    let glued = format!(
        "{}\n{PLAN_JIAOXI}",
        PLAN_2021.trim_end().trim_end_matches(' ')
    );
    assert_eq!(plans(&glued).len(), 48);
}

// ---- the two real plans --------------------------------------------------------

/// Count per month and first and last item of each month.
/// Month, last month, count, first item, last item.
type MonthSummary = (u32, Option<u32>, usize, String, String);

fn summary(p: &[Plan]) -> Vec<MonthSummary> {
    let mut out: Vec<MonthSummary> = Vec::new();
    for plan in p {
        let month = plan.month.unwrap();
        match out.last_mut() {
            Some(last) if last.0 == month => {
                last.2 += 1;
                last.4.clone_from(&plan.item);
            }
            _ => out.push((
                month,
                plan.month_end,
                1,
                plan.item.clone(),
                plan.item.clone(),
            )),
        }
    }
    out
}

fn s(m: u32, e: Option<u32>, n: usize, first: &str, last: &str) -> MonthSummary {
    (m, e, n, first.into(), last.into())
}

#[test]
fn the_2021_plan_comes_out_item_by_item() {
    let p = plans(PLAN_2021);
    assert_eq!(
        summary(&p),
        [
            s(
                9,
                None,
                5,
                "制定新学期教科室工作计划",
                "对现有的区级、校级课题，召开课题组长会议"
            ),
            s(10, None, 3, "进行课题中期评估", "各教研组活动"),
            s(11, None, 4, "期中阶段教学工作全面检查", "各教研组活动"),
            s(12, None, 3, "追踪调研课题组研究情况", "各教研组活动"),
            s(
                1,
                None,
                3,
                "及时做好课题材料的收集整理归档工作，完成课题研究的阶段性总结",
                "各教研组活动"
            ),
            s(2, None, 3, "做好学校教科室工作总结", "期末工作全面检查"),
        ]
    );
    let rows: Vec<u32> = p.iter().map(|p| p.prov.row).collect();
    assert_eq!(
        rows,
        [
            36, 37, 38, 39, 40, 42, 43, 44, 46, 47, 48, 49, 51, 52, 53, 55, 56, 57, 59, 60, 61
        ]
    );
    assert_eq!(
        p[1].item,
        "教研组完成本学期教研活动方案、公开课安排，将电子稿在开学第一周内交教科室指定文件夹"
    );
    assert!(
        p.iter()
            .all(|p| p.owner.is_empty() && p.prov.sheet.is_empty())
    );
}

#[test]
fn the_jiaoxi_plan_comes_out_item_by_item() {
    let p = plans(PLAN_JIAOXI);
    assert_eq!(
        summary(&p),
        [
            s(
                9,
                None,
                10,
                "制订学校教科室计划",
                "第四批、第五批区级和第八批市级学科带头人、骨干教师的年度考核工作"
            ),
            s(10, None, 6, "校级课题申报工作", "国际数棋公开教学"),
            s(
                11,
                Some(12),
                5,
                "了解课题研究情况，做好部分课题结题的资料完善及结题或中期评估的相关筹备工作",
                "课题组研讨活动"
            ),
            s(
                1,
                None,
                6,
                "召开课题主持人会议，反馈部分课题结题的情况，对照反馈情况，检查其他课题组研究活动记录，进行相关资料的完善",
                "做好校本课程资料收缴与考核工作"
            ),
        ]
    );
    let rows: Vec<u32> = p.iter().map(|p| p.prov.row).collect();
    assert_eq!(
        rows,
        [
            73, 74, 75, 76, 78, 79, 80, 82, 83, 85, 88, 90, 91, 92, 93, 94, 97, 99, 100, 102, 103,
            106, 108, 110, 112, 114, 116
        ]
    );
    let items: Vec<&str> = p.iter().map(|p| p.item.as_str()).collect();
    assert!(items.contains(&"焦溪小学第八届科技节（数棋竞赛）"));
    assert!(items.contains(&"中旬焦溪小学第六届读书节闭幕"));
    assert!(items.contains(&"编制校刊《春晖》"));
    assert!(p.iter().all(|p| p.owner.is_empty()));
}

// ---- tables read line by line ------------------------------------------------------

#[test]
fn a_table_without_a_known_header_is_read_row_by_row() {
    let mut sheet = table(&[
        &["九月", "1、制定计划\n2、开学检查", "教科室"],
        &["", "3、听课调研", "教导处"],
        &["十月", "课题评估", "张三"],
    ]);
    sheet.file = "计划.docx".into();
    let vocab = Vocab::builtin();
    let lines = table_lines(&sheet, &vocab);
    let (p, _) = plan_lines(&sheet.file, &sheet.sheet, &lines, &vocab, Dating::default());
    let got: Vec<(Option<u32>, &str, &str, u32)> = p
        .iter()
        .map(|p| (p.month, p.item.as_str(), p.owner.as_str(), p.prov.row))
        .collect();
    assert_eq!(
        got,
        [
            (Some(9), "制定计划", "", 1),
            (Some(9), "开学检查", "教科室", 1),
            (Some(9), "听课调研", "教导处", 2),
            (Some(10), "课题评估 张三", "", 3),
        ]
    );
    assert!(p.iter().all(|p| p.prov.sheet == "表1"));
}

#[test]
fn chinese_numbers() {
    assert_eq!(cn_number("四"), Some(4));
    assert_eq!(cn_number("十"), Some(10));
    assert_eq!(cn_number("十二"), Some(12));
    assert_eq!(cn_number("二十"), Some(20));
    assert_eq!(cn_number("二十三"), Some(23));
    assert_eq!(cn_number("元"), None);
}

// ---- shapes from other offices' plans ------------------------------------------------

#[test]
fn the_first_month_on_the_line_of_the_calendar_heading() {
    let text = "二、主要措施\n1．加强学习。\n四、行事历：九月份：1、制订学校教科室计划。2、召开课题组会议。\n十月份：\n1、校级课题申报工作。\n五、保障措施\n1、加强领导。";
    assert_eq!(
        months(text),
        m(&[
            (9, "制订学校教科室计划"),
            (9, "召开课题组会议"),
            (10, "校级课题申报工作")
        ])
    );
    let text = "附：月工作安排　九月 1.开学准备工作\n十月 1.课题开题论证";
    assert_eq!(
        months(text),
        m(&[(9, "开学准备工作"), (10, "课题开题论证")])
    );
    // A section heading with the first month after it, and more months below.
    let text = "三、具体工作 九月：1.制定计划\n十月：1.开题论证\n十一月：1.中期评估";
    assert_eq!(
        months(text),
        m(&[(9, "制定计划"), (10, "开题论证"), (11, "中期评估")])
    );
}

#[test]
fn a_heading_with_a_month_inside_its_text_opens_nothing() {
    // Near misses: a month inside a sentence of a section, a heading naming 9月 in passing.
    let text = "一、指导思想\n本学期从九月份开始，全面推进课题研究。\n二、工作目标 九月份前完成课题申报\n1．做好常规。";
    assert!(plans(text).is_empty());
}

#[test]
fn a_month_heading_after_an_item_on_its_line() {
    let text =
        "行事历\n九月：1．制定计划\n2．期初检查　十月份：1．课题开题\n2．读书节 十一月 1．中期评估";
    assert_eq!(
        months(text),
        m(&[
            (9, "制定计划"),
            (9, "期初检查"),
            (10, "课题开题"),
            (10, "读书节"),
            (11, "中期评估")
        ])
    );
    // Near misses: a month in an item with no colon or numbered item after it.
    let text = "行事历\n九月：1．做好 10月 开学典礼的准备\n2．本月撰写九月份教研综述";
    assert_eq!(
        months(text),
        m(&[
            (9, "做好 10月 开学典礼的准备"),
            (9, "本月撰写九月份教研综述")
        ])
    );
}

#[test]
fn month_headings_after_decoration() {
    let text = "四、行事历\n……九月\n1．制定计划\n·十月份\n1．开题论证\n・十一月：课题中期评估\n● 十二月 1、论文评比\n◆一月\n※ 期末总结\n五、保障措施";
    assert_eq!(
        months(text),
        m(&[
            (9, "制定计划"),
            (10, "开题论证"),
            (11, "课题中期评估"),
            (12, "论文评比"),
            (1, "期末总结")
        ])
    );
    // Near miss: decoration before an item that names a month.
    let text = "四、行事历\n九月\n·本月完成九月份教研综述\n·九月开学典礼";
    assert_eq!(
        months(text),
        m(&[(9, "本月完成九月份教研综述"), (9, "九月开学典礼")])
    );
}

#[test]
fn month_headings_with_a_theme() {
    let text = "行事历\n九月主题：规范常规，开好头\n1．制定计划\n2．期初检查\n十月（安全教育月）\n1．安全演练\n十一月工作重点：\n1．课题中期评估\n十二月份（读书月） 1.读书节\n三月主题：学雷锋";
    assert_eq!(
        months(text),
        m(&[
            (9, "制定计划"),
            (9, "期初检查"),
            (10, "安全演练"),
            (11, "课题中期评估"),
            (12, "读书节"),
            (3, "学雷锋")
        ])
    );
    let themed = plans(text);
    assert!(themed[0].when.contains("规范常规"), "{:?}", themed[0].when);
}

#[test]
fn table_cells_listing_several_items() {
    let sheet = table(&[
        &["月份", "工作内容", "负责人"],
        &["九月", "制定计划；开学检查;听课调研", "教科室"],
        &["十月", "1.课题开题 2.读书节（启动；评比）", "教导处"],
    ]);
    let got = sheet_plans(&sheet);
    assert_eq!(
        got,
        [
            (Some(9), "制定计划".to_string(), "教科室".to_string()),
            (Some(9), "开学检查".to_string(), "教科室".to_string()),
            (Some(9), "听课调研".to_string(), "教科室".to_string()),
            (Some(10), "课题开题".to_string(), "教导处".to_string()),
            (
                Some(10),
                "读书节（启动；评比）".to_string(),
                "教导处".to_string()
            ),
        ]
    );
}

#[test]
fn week_by_week_tables() {
    let sheet = table(&[
        &["周次", "日期", "工作安排"],
        &["1", "8.31-9.4", "开学典礼；制定计划"],
        &["2", "9.7-9.11", "1、期初检查2、听课调研"],
        &["9", "10.26-10.30", "课题开题论证"],
    ]);
    let got: Vec<(Option<u32>, String)> = sheet_plans(&sheet)
        .into_iter()
        .map(|(m, i, _)| (m, i))
        .collect();
    assert_eq!(
        got,
        [
            (Some(8), "开学典礼".to_string()),
            (Some(8), "制定计划".to_string()),
            (Some(9), "期初检查".to_string()),
            (Some(9), "听课调研".to_string()),
            (Some(10), "课题开题论证".to_string()),
        ]
    );
}

#[test]
fn table_rows_without_a_header_split_at_semicolons() {
    let sheet = table(&[
        &["九月", "制定计划；开学检查", "教科室"],
        &["十月", "课题开题", "教导处"],
    ]);
    let vocab = Vocab::builtin();
    let lines = table_lines(&sheet, &vocab);
    let (p, _) = plan_lines(&sheet.file, &sheet.sheet, &lines, &vocab, Dating::default());
    let got: Vec<(Option<u32>, &str, &str)> = p
        .iter()
        .map(|p| (p.month, p.item.as_str(), p.owner.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(9), "制定计划", "教科室"),
            (Some(9), "开学检查", "教科室"),
            (Some(10), "课题开题", "教导处")
        ]
    );
}

fn table(rows: &[&[&str]]) -> RawSheet {
    crate::table::test_sheet("教科室/计划.docx", "表1", rows)
}

/// (month, item, owner) of the plans a sheet with a header gives.
fn sheet_plans(sheet: &RawSheet) -> Vec<(Option<u32>, String, String)> {
    let n = crate::normalize::normalize_sheet(sheet, &Vocab::builtin());
    assert_eq!(
        n.summary.kind,
        Some(crate::vocab::Kind::Plans),
        "{:?}",
        n.summary
    );
    n.records
        .plans
        .into_iter()
        .map(|p| (p.month, p.item, p.owner))
        .collect()
}

// ---- each plan in its term -----------------------------------------------------------

fn terms(text: &str, file: &str) -> Vec<(Option<i32>, Option<u8>, String)> {
    let d = RawDocument {
        file: file.into(),
        lines: text_lines(text),
        tables: Vec::new(),
    };
    plan_items(&d, &Vocab::builtin())
        .0
        .into_iter()
        .map(|p| (p.school_year, p.term, p.item))
        .collect()
}

#[test]
fn the_real_plans_are_in_their_own_terms() {
    let t = terms(PLAN_JIAOXI, "教科室/计划.txt");
    assert!(!t.is_empty());
    assert!(
        t.iter().all(|(y, n, _)| (*y, *n) == (Some(2012), Some(1))),
        "{t:?}"
    );
    let t = terms(PLAN_2021, "教科室/计划.txt");
    assert!(
        t.iter().all(|(y, n, _)| (*y, *n) == (Some(2021), Some(1))),
        "{t:?}"
    );
}

#[test]
fn each_plan_of_a_document_in_its_own_term() {
    let text = "2021-2022学年第一学期教科室工作计划\n一、指导思想\n略。\n二、行事历\n九月：1．制定计划\n\
                2022年春季学期教科室工作计划\n一、工作目标\n略。\n二、行事历\n三月：1．课题开题";
    assert_eq!(
        terms(text, "教科室/计划.docx"),
        [
            (Some(2021), Some(1), "制定计划".to_string()),
            (Some(2021), Some(2), "课题开题".to_string())
        ]
    );
}

#[test]
fn the_file_name_a_signature_date_or_a_dated_heading_date_a_plan() {
    let body = "教科室工作计划\n一、行事历\n九月：1．制定计划\n三月：1．课题开题";
    assert_eq!(
        terms(body, "2023-2024学年教科室/计划.txt"),
        [
            (Some(2023), Some(1), "制定计划".to_string()),
            (Some(2023), Some(2), "课题开题".to_string())
        ]
    );
    let signed = format!("{body}\n焦溪小学教科室\n2012年9月");
    assert_eq!(terms(&signed, "计划.txt")[0].0, Some(2012));
    let dated = "行事历\n二○一一年一月：1．期末总结\n二○一一年二月：1．开学准备";
    assert_eq!(
        terms(dated, "计划.txt"),
        [
            (Some(2010), Some(1), "期末总结".to_string()),
            (Some(2010), Some(2), "开学准备".to_string())
        ]
    );
    // Nothing says: unknown, not guessed.
    assert_eq!(
        terms(body, "计划.txt")[0],
        (None, None, "制定计划".to_string())
    );
}

#[test]
fn a_table_takes_the_term_of_the_plan_around_it() {
    let mut sheet = table(&[
        &["月份", "工作内容", "负责人"],
        &["三月", "课题开题", "教科室"],
    ]);
    sheet.file = "计划.docx".into();
    let doc = RawDocument {
        file: "计划.docx".into(),
        lines: text_lines("2023-2024学年第二学期教科室工作计划\n一、行事历"),
        tables: vec![crate::import::document::DocTable { after: 2, sheet }],
    };
    let n = crate::normalize::normalize_document(&doc, &Vocab::builtin());
    let p = &n.records.plans;
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].school_year, p[0].term), (Some(2023), Some(2)));
}

// ---- other offices' plans ------------------------------------------------------------

/// Plans written the way other offices write them (德育处, 教导处, a district 教研室, a week
/// calendar), with every item under its month in `expected.tsv`; each with its own term.
#[test]
fn other_offices_plans_come_out_under_their_months_and_terms() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plans/others");
    let expected = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let terms = [
        ("德育处工作计划.txt", (2023, 1)),
        ("教导处工作计划.txt", (2023, 2)),
        ("区教研室工作要点.txt", (2024, 1)),
        ("教科室计划（周历）.txt", (2023, 2)),
    ];
    let mut total = 0;
    for (file, (year, term)) in terms {
        let want: Vec<(u32, String)> = expected
            .lines()
            .filter_map(|l| {
                let mut f = l.split('\t');
                (f.next()? == file).then(|| {
                    (
                        f.next().unwrap().parse().unwrap(),
                        f.next().unwrap().to_string(),
                    )
                })
            })
            .collect();
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let d = RawDocument {
            file: format!("计划/{file}"),
            lines: text_lines(&text),
            tables: Vec::new(),
        };
        let (got, findings) = plan_items(&d, &Vocab::builtin());
        assert!(findings.is_empty(), "{file}: {findings:?}");
        let pairs: Vec<(u32, String)> = got
            .iter()
            .map(|p| (p.month.unwrap_or(0), p.item.clone()))
            .collect();
        assert_eq!(pairs, want, "{file}");
        assert!(
            got.iter()
                .all(|p| (p.school_year, p.term) == (Some(year), Some(term))),
            "{file}"
        );
        total += want.len();
    }
    assert_eq!(total, 41);
}

#[test]
fn a_huge_line_full_of_months_is_not_split() {
    // Scanning every month of a 400 KB line for a heading would take its length squared.
    let line = "做好 九月：1．检查 ".repeat(20_000);
    let text = format!("行事历\n九月：1．开学\n{line}");
    let (plans, _) = plan_items(&doc(&text), &Vocab::builtin());
    assert_eq!(plans[0].item, "开学");
    assert!(
        plans[1..]
            .iter()
            .all(|p| p.month == Some(9) && p.prov.row == 3)
    );
}
