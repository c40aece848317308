//! 教科室/: two real research-office plans (工作计划), whose calendar (行事历) is running text:
//! the 2021-2022 plan as Notepad saves it on a Chinese Windows (GBK, CRLF), the 焦溪 plan as a
//! Word .docx (one paragraph per line, section headings in Word heading styles, item numbers
//! in their own runs). Their text is `tests/fixtures/plans/`; the calendar items below were
//! read off it by hand.

use anyhow::{Result, bail};

use super::*;
use crate::model::Prov;
use crate::zipw::stored_zip;

const PLAN_2021: &str =
    include_str!("../../../tests/fixtures/plans/2021-2022学年第一学期教科室工作计划.txt");
const PLAN_JIAOXI: &str =
    include_str!("../../../tests/fixtures/plans/焦溪小学教科室工作计划（2012.9—2013.1）.txt");

/// One calendar item: line (= paragraph) number, month, last month of a range, item.
type Item<'a> = (u32, u32, Option<u32>, &'a str);

const ITEMS_2021: &[Item] = &[
    (36, 9, None, "制定新学期教科室工作计划"),
    (
        37,
        9,
        None,
        "教研组完成本学期教研活动方案、公开课安排，将电子稿在开学第一周内交教科室指定文件夹",
    ),
    (38, 9, None, "各教研组活动"),
    (39, 9, None, "期初备课检查和听课调研"),
    (40, 9, None, "对现有的区级、校级课题，召开课题组长会议"),
    (42, 10, None, "进行课题中期评估"),
    (43, 10, None, "教师外出培训"),
    (44, 10, None, "各教研组活动"),
    (46, 11, None, "期中阶段教学工作全面检查"),
    (47, 11, None, "课堂教学情况调研"),
    (48, 11, None, "组织教师撰写教育教学论文"),
    (49, 11, None, "各教研组活动"),
    (51, 12, None, "追踪调研课题组研究情况"),
    (52, 12, None, "教研组调研"),
    (53, 12, None, "各教研组活动"),
    (
        55,
        1,
        None,
        "及时做好课题材料的收集整理归档工作，完成课题研究的阶段性总结",
    ),
    (56, 1, None, "学科过程考核"),
    (57, 1, None, "各教研组活动"),
    (59, 2, None, "做好学校教科室工作总结"),
    (60, 2, None, "收齐各教研组台账资料"),
    (61, 2, None, "期末工作全面检查"),
];

const ITEMS_JIAOXI: &[Item] = &[
    (73, 9, None, "制订学校教科室计划"),
    (
        74,
        9,
        None,
        "召开课题组主持人会议，传达教科室的主要工作，各课题组撰写研究计划",
    ),
    (75, 9, None, "组织教师制订制订好本年度的个人发展计划"),
    (
        76,
        9,
        None,
        "召开课题主持人会议，部署部分课题结题的相关工作",
    ),
    (
        78,
        9,
        None,
        "确立新一轮学校主课题，查找文献资料，初步完成课题方案",
    ),
    (79, 9, None, "课题组研讨活动"),
    (80, 9, None, "邀请专家来校讲座"),
    (82, 9, None, "“读书吧”校本课程教学研讨活动"),
    (83, 9, None, "焦溪小学第六届读书节开幕"),
    (
        85,
        9,
        None,
        "第四批、第五批区级和第八批市级学科带头人、骨干教师的年度考核工作",
    ),
    (88, 10, None, "校级课题申报工作"),
    (90, 10, None, "校本课程教学研讨活动"),
    (91, 10, None, "课题组研讨活动"),
    (92, 10, None, "中旬焦溪小学第六届读书节闭幕"),
    (93, 10, None, "国际数棋技能培训"),
    (94, 10, None, "国际数棋公开教学"),
    (
        97,
        11,
        Some(12),
        "了解课题研究情况，做好部分课题结题的资料完善及结题或中期评估的相关筹备工作",
    ),
    (99, 11, Some(12), "做好新一轮课题的申报工作"),
    (100, 11, Some(12), "编制校刊《春晖》"),
    (102, 11, Some(12), "焦溪小学第八届科技节（数棋竞赛）"),
    (103, 11, Some(12), "课题组研讨活动"),
    (
        106,
        1,
        None,
        "召开课题主持人会议，反馈部分课题结题的情况，对照反馈情况，检查其他课题组研究活动记录，进行相关资料的完善",
    ),
    (
        108,
        1,
        None,
        "组织教师参与课题的考核工作，撰写课题研究总结和论文，做好课题计划、总结等过程资料的汇编建档工作",
    ),
    (110, 1, None, "撰写教科室工作总结"),
    (112, 1, None, "织织写好校本培训记载表"),
    (114, 1, None, "做好2012年教师发表、获奖论文情况统计"),
    (116, 1, None, "做好校本课程资料收缴与考核工作"),
];

/// Writes both plans and registers their calendar items.
pub(super) fn plan_documents(out: &mut Out) -> Result<()> {
    let txt = "教科室/2021-2022学年第一学期教科室工作计划.txt";
    let crlf = PLAN_2021.replace("\r\n", "\n").replace('\n', "\r\n");
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&crlf);
    if unmappable {
        bail!("{txt}: text GB18030 cannot encode");
    }
    out.put(txt, &gbk)?;
    register(out, txt, PLAN_2021, ITEMS_2021, (2021, 1))?;

    let docx = "教科室/焦溪小学教科室工作计划（2012.9—2013.1）.docx";
    out.put(docx, &plan_docx(PLAN_JIAOXI))?;
    register(out, docx, PLAN_JIAOXI, ITEMS_JIAOXI, (2012, 1))
}

/// Registers the items, after checking that each is on the line it names.
fn register(out: &mut Out, file: &str, text: &str, items: &[Item], term: (i32, u8)) -> Result<()> {
    let lines: Vec<&str> = text.lines().collect();
    for &(row, month, month_end, item) in items {
        let line = lines.get(row as usize - 1).copied().unwrap_or("");
        if !line.contains(item) {
            bail!("{file}: line {row} «{line}» does not hold «{item}»");
        }
        let plan = Plan {
            month,
            month_end,
            item: item.into(),
            owner: String::new(),
            term: Some(term),
        };
        for exp in plan.exp() {
            out.truth.record(
                exp,
                Prov {
                    file: file.into(),
                    sheet: String::new(),
                    row,
                },
            );
        }
    }
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

/// The length in bytes of an item number opening `line` (`1、`, `10、`, `2．`), if any.
fn number_len(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let next = line[digits..].chars().next()?;
    (digits > 0 && matches!(next, '、' | '．' | '.')).then(|| digits + next.len_utf8())
}

/// One paragraph per line of `text`, the way Word stores a typed plan: the title in the
/// Title style, `一、…` section headings in 标题 1, month headings in 标题 2, an item's number
/// in its own run, a long item split in two runs at its first comma.
fn plan_docx(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            body.push_str("<w:p/>");
            continue;
        }
        let style = if i == 0 {
            Some("a3")
        } else if trimmed.starts_with(['一', '二', '三', '四', '五']) && trimmed.contains('、')
        {
            Some("1")
        } else if trimmed.ends_with("月份") {
            Some("2")
        } else {
            None
        };
        let mut ppr = String::new();
        if let Some(s) = style {
            ppr.push_str(&format!(r#"<w:pStyle w:val="{s}"/>"#));
        }
        if i <= 1 {
            ppr.push_str(r#"<w:jc w:val="center"/>"#);
        }
        let mut runs = String::new();
        let mut rest = line;
        if let Some(n) = number_len(line) {
            runs.push_str(&run(&line[..n]));
            rest = &line[n..];
        }
        match rest.find('，') {
            Some(p) if p > 0 => {
                let cut = p + '，'.len_utf8();
                runs.push_str(&run(&rest[..cut]));
                runs.push_str(&run(&rest[cut..]));
            }
            _ => runs.push_str(&run(rest)),
        }
        body.push_str(&format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"));
    }
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {w}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {w}><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style></w:styles>"#
    );
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    stored_zip(&[
        ("[Content_Types].xml", content_types.as_bytes().to_vec()),
        ("_rels/.rels", rels.as_bytes().to_vec()),
        ("word/document.xml", document.into_bytes()),
        ("word/styles.xml", styles.into_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes().to_vec()),
    ])
}
