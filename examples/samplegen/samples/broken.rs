//! Files jiaoke cannot read: truncated, encrypted, empty.

use super::training::{d, tr};
use super::*;

/// A truncated xlsx, an encrypted one (staged for convert.sh) and an empty one.
pub(super) fn broken(out: &mut Out) -> Result<()> {
    let cut = "数学组/数学组论文（修改版）.xlsx";
    let t = Table::new(vec![
        index_col("序号"),
        p_authors("作者", "、"),
        p_title("论文题目"),
        p_award("获奖等级", false),
    ]);
    let recs = vec![Rec::new(award(
        "孙建国",
        "基于问题解决的小学数学单元整体教学实践",
        school::SHITAO,
        "一等奖",
        ym(2023, 11),
        "数学组",
    ))];
    let mut g = Grid::new("Sheet1");
    // Records of an unreadable file are not expected: render into a throw-away truth.
    render(
        &mut g,
        &t,
        &records(&recs),
        &At::sheet(cut, "Sheet1"),
        &mut Truth::default(),
    );
    let bytes = write::xlsx(&Book::one(g))?;
    out.put(cut, &bytes[..bytes.len() / 2])?;
    out.truth
        .file_problem(cut, "unreadable_file", "文件只有一半（传输中断），打不开");

    let enc = "英语组/英语组培训学时.xlsx";
    let t = Table::new(vec![
        index_col("序号"),
        r_teacher("姓名"),
        r_course("培训项目"),
        r_hours("学时", &[HS::Num]),
    ]);
    let wj = "武进区教师发展中心";
    let recs = vec![
        Rec::new(tr(
            "许晴",
            "英语组",
            "武进区小学英语骨干教师研修",
            "集中培训",
            "区县级",
            d(10, 9),
            d(10, 10),
            12.0,
            wj,
        )),
        Rec::new(tr(
            "邹颖",
            "英语组",
            "武进区小学英语青年教师培训",
            "集中培训",
            "区县级",
            d(9, 25),
            d(9, 26),
            12.0,
            wj,
        )),
    ];
    let mut g = Grid::new("Sheet1");
    render(
        &mut g,
        &t,
        &records(&recs),
        &At::sheet(enc, "Sheet1"),
        &mut Truth::default(),
    );
    out.stage(enc, "encrypt", &Book::one(g))?;
    out.truth
        .file_problem(enc, "unreadable_file", "文件设了打开密码（123456）");

    let empty = "新建 Microsoft Excel 工作表.xlsx";
    out.put(empty, b"")?;
    out.truth
        .file_problem(empty, "unreadable_file", "0字节的空文件");
    Ok(())
}
