//! How people write values: the spellings renderers choose from.
//!
//! Each helper takes a canonical value (what the expected CSV holds) and a variant number and
//! returns one way of writing it that jiaoke must bring back to the canonical value. The
//! spellings come from real forms (shared/DOMAIN.md) and from `src/vocab/vocab.toml`.

use chrono::{Datelike, NaiveDate};

use crate::grid::Cell;
use crate::write::serial;

/// ASCII letters, digits and punctuation → their full-width forms (`2023.5` → `２０２３．５`).
pub fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Pads a two-character name with an ideographic space, as rosters align names: `王　静`.
pub fn pad_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() == 2 {
        format!("{}\u{3000}{}", chars[0], chars[1])
    } else {
        name.to_string()
    }
}

/// Ways of writing each canonical level.
pub fn level_spelling(canon: &str, v: usize) -> String {
    let options: &[&str] = match canon {
        "国家级" => &["国家级", "国家", "全国"],
        "省级" => &["省级", "省", "江苏省级"],
        "市级" => &["市级", "市", "常州市级"],
        "区县级" => &["区级", "区", "县", "区县级"],
        "校级" => &["校级", "校", "学校"],
        "" => &[""],
        other => panic!("unknown level {other}"),
    };
    options[v % options.len()].to_string()
}

/// Ways of writing each canonical award grade.
pub fn award_spelling(canon: &str, v: usize) -> String {
    let options: &[&str] = match canon {
        "特等奖" => &["特等奖"],
        "一等奖" => &["一等奖", "一等", "1等奖"],
        "二等奖" => &["二等奖", "二等", "2等奖"],
        "三等奖" => &["三等奖", "三等", "3等奖"],
        "优秀奖" => &["优秀奖", "优秀"],
        "" => &[""],
        other => panic!("unknown award {other}"),
    };
    options[v % options.len()].to_string()
}

/// The one-character level prefix of an award cell that carries both (`省一等奖`).
pub fn level_prefix(canon: &str) -> &'static str {
    match canon {
        "国家级" => "国家级",
        "省级" => "省",
        "市级" => "市",
        "区县级" => "区级",
        "校级" => "校",
        _ => "",
    }
}

/// A date as the truth knows it: a day, or only a month (then the day is 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct D {
    /// The date; day 1 when `month_only`.
    pub date: NaiveDate,
    /// Only year and month were written.
    pub month_only: bool,
}

impl D {
    /// The expected-CSV form, `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }
}

/// A full date.
pub fn ymd(y: i32, m: u32, d: u32) -> D {
    D {
        date: NaiveDate::from_ymd_opt(y, m, d).expect("valid date"),
        month_only: false,
    }
}

/// A year and month.
pub fn ym(y: i32, m: u32) -> D {
    D {
        date: NaiveDate::from_ymd_opt(y, m, 1).expect("valid month"),
        month_only: true,
    }
}

/// `D` → its ISO text, or empty.
pub fn iso(d: &Option<D>) -> String {
    d.as_ref().map(D::iso).unwrap_or_default()
}

/// Ways of writing a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// A real date cell (`yyyy-mm-dd`, or `yyyy年m月` for a month).
    Cell,
    /// A real date cell shown as `yyyy/m/d`.
    CellSlash,
    /// An Excel serial number in General format (`45066`).
    Serial,
    /// `2023.5.20` / `2023.5`.
    Dot,
    /// `2023.05.20` / `2023.05`.
    Dot0,
    /// `2023年5月20日` / `2023年5月`.
    Cn,
    /// `2023-5-20` / `2023-05`.
    Dash,
    /// `2023/5/20` / `2023/5`.
    Slash,
    /// `20230520` (a month falls back to `Dot`).
    Compact,
    /// `2023年第5期` (a month only; a day falls back to `Cn`).
    Issue,
    /// `２０２３．５．２０` / `２０２３．５`.
    FullWidth,
    /// A number cell `2023.6` (a month only, never January or October, which would be
    /// ambiguous; those and days fall back to `Dot` text).
    NumDot,
    /// ISO text `2023-05-20` / `2023-05`.
    Iso,
}

/// One date written in a style.
pub fn date_cell(d: &D, style: DateStyle) -> Cell {
    let (y, m, day) = (d.date.year(), d.date.month(), d.date.day());
    let mo = d.month_only;
    let t = |s: String| Cell::Text(s);
    match style {
        DateStyle::Cell if mo => Cell::Date(d.date, "yyyy年m月"),
        DateStyle::Cell => Cell::Date(d.date, "yyyy-mm-dd"),
        DateStyle::CellSlash if mo => Cell::Date(d.date, "yyyy.m"),
        DateStyle::CellSlash => Cell::Date(d.date, "yyyy/m/d"),
        DateStyle::Serial => Cell::Num(serial(d.date)),
        DateStyle::Dot if mo => t(format!("{y}.{m}")),
        DateStyle::Dot => t(format!("{y}.{m}.{day}")),
        DateStyle::Dot0 if mo => t(format!("{y}.{m:02}")),
        DateStyle::Dot0 => t(format!("{y}.{m:02}.{day:02}")),
        DateStyle::Cn if mo => t(format!("{y}年{m}月")),
        DateStyle::Cn => t(format!("{y}年{m}月{day}日")),
        DateStyle::Dash if mo => t(format!("{y}-{m:02}")),
        DateStyle::Dash => t(format!("{y}-{m}-{day}")),
        DateStyle::Slash if mo => t(format!("{y}/{m}")),
        DateStyle::Slash => t(format!("{y}/{m}/{day}")),
        DateStyle::Compact if mo => date_cell(d, DateStyle::Dot),
        DateStyle::Compact => t(format!("{y}{m:02}{day:02}")),
        DateStyle::Issue if mo => t(format!("{y}年第{m}期")),
        DateStyle::Issue => date_cell(d, DateStyle::Cn),
        DateStyle::FullWidth => match date_cell(d, DateStyle::Dot) {
            Cell::Text(s) => t(fullwidth(&s)),
            other => other,
        },
        DateStyle::NumDot if mo && m != 1 && m != 10 => {
            Cell::Num(format!("{y}.{m}").parse().expect("number"))
        }
        DateStyle::NumDot => date_cell(d, DateStyle::Dot),
        DateStyle::Iso if mo => t(format!("{y}-{m:02}")),
        DateStyle::Iso => t(d.iso()),
    }
}

/// Ways of writing a date range in one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeStyle {
    /// `2023.7.10-7.14`.
    Dot,
    /// `2023-07-10至2023-07-14`.
    IsoZhi,
    /// `2023年7月10日-7月14日`.
    Cn,
}

/// A training period in one cell; a one-day course is written as a single date.
pub fn range_cell(a: &D, b: &D, style: RangeStyle) -> Cell {
    let (y, m1, d1) = (a.date.year(), a.date.month(), a.date.day());
    let (m2, d2) = (b.date.month(), b.date.day());
    if a == b {
        return match style {
            RangeStyle::Dot => date_cell(a, DateStyle::Dot),
            RangeStyle::IsoZhi => date_cell(a, DateStyle::Iso),
            RangeStyle::Cn => date_cell(a, DateStyle::Cn),
        };
    }
    assert_eq!(y, b.date.year(), "ranges across years are written in full");
    Cell::Text(match style {
        RangeStyle::Dot => format!("{y}.{m1}.{d1}-{m2}.{d2}"),
        RangeStyle::IsoZhi => format!("{}至{}", a.iso(), b.iso()),
        RangeStyle::Cn => format!("{y}年{m1}月{d1}日-{m2}月{d2}日"),
    })
}

/// Ways of writing training hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HourStyle {
    /// A number cell.
    Num,
    /// The number as text: `"24"`.
    Text,
    /// `24学时`.
    Unit,
    /// `２４`.
    Full,
}

/// Hours written in a style.
pub fn hours_cell(h: f64, style: HourStyle) -> Cell {
    let s = crate::grid::number_text(h);
    match style {
        HourStyle::Num => Cell::Num(h),
        HourStyle::Text => Cell::Text(s),
        HourStyle::Unit => Cell::Text(format!("{s}学时")),
        HourStyle::Full => Cell::Text(fullwidth(&s)),
    }
}

/// Month numbers in Chinese, as calendars write them.
pub fn cn_month(m: u32) -> &'static str {
    [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
    ][(m - 1) as usize]
}

/// A project status as written → its canonical name (the spellings the generator writes).
pub fn status_canon(written: &str) -> &'static str {
    match written {
        "申报" => "申报",
        "立项" | "在研" | "研究中" | "备案" => "立项",
        "开题" => "开题",
        "中期检查" | "中期" => "中期",
        "结题" | "已结题" | "鉴定" => "结题",
        "延期" => "延期",
        "撤项" => "撤项",
        other => panic!("unknown status {other}"),
    }
}

/// A training type as written → its canonical name; other types are kept as written.
pub fn type_canon(written: &str) -> String {
    match written {
        "集中培训" | "面授" => "集中培训",
        "网络研修" | "远程培训" | "线上培训" => "网络研修",
        "校本研修" | "校本培训" => "校本研修",
        "跟岗实践" | "跟岗学习" => "跟岗实践",
        "外出学习" | "外出培训" => "外出学习",
        other => other,
    }
    .into()
}
