//! School names as offices write them. The district's list (学校名单) gives full names
//! (`常州市武进区湖塘实验小学`); folders and files use short ones (`湖塘实小`, `城南初中` for
//! 城南初级中学, `东门实验` for 东门实验学校), with numbering in front or a note in brackets
//! behind (`03 湖塘实小（2023年度）`).
//!
//! A name designates a listed school when, after [`clean`], it is that school's name; else
//! that name without the place divisions in front (省, 市, 区, 县 …); else when it
//! abbreviates it ([`abbreviates`]). A name that abbreviates two listed schools (`湖塘` for
//! 湖塘实验小学 and 湖塘中心小学) designates neither: it is ambiguous, never guessed.

use crate::text::{halfwidth_alnum, remove_spaces, strip_brackets};

/// How a name ends a place division that may stand before a school's own name.
const DIVISION_ENDS: [char; 8] = ['省', '市', '区', '县', '州', '旗', '镇', '乡'];
/// Words folder names add after a school's name (`湖塘实小上报材料`, `湖塘中心教科室`), dropped
/// before matching (repeatedly: `教科室上报材料`).
const FOLDER_WORDS: [&str; 12] = [
    "上报材料",
    "报送材料",
    "材料",
    "上报",
    "报送",
    "资料",
    "汇总",
    "报表",
    "教科室",
    "教务处",
    "教导处",
    "科研处",
];
/// What separates a school's name from a note in a folder name (`湖塘实小_2023`).
const SEPARATORS: [char; 6] = ['_', '-', '—', '－', '·', '+'];

/// A name made comparable: no white space, full-width letters and digits made ASCII, no
/// leading numbering (`01`, `3.`, `02-`).
///
/// ```
/// use jiaoke::district::names::clean;
/// assert_eq!(clean("０３、湖塘 实小"), "湖塘实小");
/// assert_eq!(clean("城南初级中学"), "城南初级中学");
/// ```
pub fn clean(name: &str) -> String {
    let s = remove_spaces(&halfwidth_alnum(name));
    let rest = s.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() == s.len() {
        return s;
    }
    rest.trim_start_matches(['.', '、', '-', '_', '．', ')', '）', '－', '—', ',', '，'])
        .to_string()
}

/// Whether `short` (cleaned) can be an abbreviation of the full name `full` (cleaned): its
/// first two characters stand together in `full`, at its start or right after a place
/// division, the rest of its characters follow in order, and it keeps the numerals of the
/// name (`湖塘实小` is not 湖塘第二实验小学).
///
/// ```
/// use jiaoke::district::names::abbreviates;
/// assert!(abbreviates("城南初中", "城南初级中学"));
/// assert!(abbreviates("湖塘实小", "常州市武进区湖塘实验小学"));
/// assert!(abbreviates("武进区湖塘实验小学", "常州市武进区湖塘实验小学"));
/// assert!(!abbreviates("南城初中", "城南初级中学"));
/// assert!(!abbreviates("实验小学", "常州市武进区湖塘实验小学"));
/// assert!(!abbreviates("湖塘实小", "湖塘第二实验小学"));
/// ```
pub fn abbreviates(short: &str, full: &str) -> bool {
    let head: String = short.chars().take(2).collect();
    if head.chars().count() < 2 {
        return false;
    }
    full.match_indices(&head).any(|(at, _)| {
        // `二十四中` for 常州市第二十四中学: an ordinal's 第 may be left out.
        let before = full[..at].strip_suffix('第').unwrap_or(&full[..at]);
        let after_division = before.is_empty() || before.ends_with(DIVISION_ENDS);
        let own = &full[at..];
        let numerals_kept = own
            .chars()
            .filter(|c| NUMERALS.contains(*c))
            .all(|n| short.contains(n));
        after_division && numerals_kept && is_subsequence(short, own)
    })
}

/// A folder name without what offices add after the school's: a note after a separator,
/// a year (`2023年度`, `2023学年`), folder words.
///
/// ```
/// use jiaoke::district::names::without_notes;
/// assert_eq!(without_notes("湖塘实小_2023"), "湖塘实小");
/// assert_eq!(without_notes("湖塘实小2023年度"), "湖塘实小");
/// assert_eq!(without_notes("湖塘中心教科室上报材料"), "湖塘中心");
/// assert_eq!(without_notes("第二十四中学"), "第二十四中学");
/// ```
pub fn without_notes(name: &str) -> String {
    let mut s = name.split(SEPARATORS).next().unwrap_or(name).to_string();
    loop {
        let before = s.len();
        for word in FOLDER_WORDS.iter().chain(&["学年度", "学年", "年度", "年"]) {
            if let Some(rest) = s.strip_suffix(word) {
                s = rest.to_string();
            }
        }
        // A year, and only a year (`2023`, not the 24 of 二十四中).
        let digits = s.chars().rev().take_while(char::is_ascii_digit).count();
        if digits == 4 {
            s.truncate(s.len() - digits);
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Numerals: in a school's name they tell schools apart (第二实验小学, 第一中学).
const NUMERALS: &str = "一二三四五六七八九十0123456789";

/// Whether `short` is `full` without the place divisions in front.
fn without_divisions(short: &str, full: &str) -> bool {
    full.strip_suffix(short)
        .is_some_and(|before| before.is_empty() || before.ends_with(DIVISION_ENDS))
}

/// Whether the characters of `short` appear in `long` in order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut long = long.chars();
    short.chars().all(|c| long.any(|l| l == c))
}

/// A test of a name against a listed school's full name.
type NameTest = fn(&str, &str) -> bool;

/// What a name designates among the listed schools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// The listed school at this index.
    School(usize),
    /// Several listed schools (their indices): none is chosen.
    Ambiguous(Vec<usize>),
    /// No listed school.
    Unknown,
}

/// The listed schools' names, ready to resolve other names against.
#[derive(Debug, Clone, Default)]
pub struct SchoolNames {
    cleaned: Vec<String>,
}

impl SchoolNames {
    /// The names of the list, in list order.
    pub fn new<S: AsRef<str>>(names: &[S]) -> SchoolNames {
        SchoolNames {
            cleaned: names.iter().map(|n| clean(n.as_ref())).collect(),
        }
    }

    /// The listed school `name` designates: the one it names exactly, else the one it
    /// abbreviates; tried as written, then without bracketed notes and the words folders add.
    ///
    /// ```
    /// use jiaoke::district::names::{Resolved, SchoolNames};
    /// let list = SchoolNames::new(&["城南初级中学", "城南高级中学", "东门实验学校"]);
    /// assert_eq!(list.resolve("城南初中"), Resolved::School(0));
    /// assert_eq!(list.resolve("02 东门实验（2023年度）"), Resolved::School(2));
    /// assert_eq!(list.resolve("城南中学"), Resolved::Ambiguous(vec![0, 1]));
    /// assert_eq!(list.resolve("西湖小学"), Resolved::Unknown);
    /// ```
    pub fn resolve(&self, name: &str) -> Resolved {
        let written = clean(name);
        let plain = without_notes(&clean(&strip_brackets(name)));
        let tests: [NameTest; 3] = [|name, full| name == full, without_divisions, abbreviates];
        for candidate in [&written, &plain] {
            for test in tests {
                let found = self.matching(|full| test(candidate, full));
                match found.len() {
                    0 => continue,
                    1 => return Resolved::School(found[0]),
                    _ => return Resolved::Ambiguous(found),
                }
            }
        }
        Resolved::Unknown
    }

    /// Whether there are no names to resolve against (no school list).
    pub fn is_empty(&self) -> bool {
        self.cleaned.is_empty()
    }

    fn matching(&self, test: impl Fn(&str) -> bool) -> Vec<usize> {
        (0..self.cleaned.len())
            .filter(|&i| test(&self.cleaned[i]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> SchoolNames {
        SchoolNames::new(&[
            "常州市武进区湖塘实验小学",
            "常州市武进区湖塘中心小学",
            "城南初级中学",
            "某市某区东门实验学校",
            "常州市武进区第一中学",
            "湖塘第二实验小学",
            "常州市第二十四中学",
        ])
    }

    #[test]
    fn full_and_short_names_resolve_to_the_listed_school() {
        let l = list();
        for (name, i) in [
            ("常州市武进区湖塘实验小学", 0),
            ("武进区湖塘实验小学", 0),
            ("湖塘实小", 0),
            ("湖塘实验小学", 0),
            ("湖塘中心小学", 1),
            ("湖塘中心", 1),
            ("城南初中", 2),
            ("东门实验", 3),
            ("东门实验学校", 3),
            ("武进一中", 4),
            ("湖塘二实小", 5),
            ("二十四中", 6),
            ("常州二十四中", 6),
        ] {
            assert_eq!(l.resolve(name), Resolved::School(i), "{name}");
        }
    }

    #[test]
    fn numbering_notes_and_folder_words_are_not_part_of_the_name() {
        let l = list();
        for name in [
            "01湖塘实小",
            "1.湖塘实小",
            "０１－湖塘实小",
            "湖塘实小（2023年度）",
            "湖塘实小上报材料",
            " 湖塘 实小 ",
            "湖塘实小2023年度",
            "湖塘实小_2023",
            "湖塘实小-教科室",
            "湖塘实小教科室上报材料",
        ] {
            assert_eq!(l.resolve(name), Resolved::School(0), "{name}");
        }
    }

    #[test]
    fn a_name_fitting_two_schools_is_ambiguous_and_others_unknown() {
        let l = list();
        assert_eq!(l.resolve("湖塘小学"), Resolved::Ambiguous(vec![0, 1]));
        assert_eq!(l.resolve("湖塘"), Resolved::Ambiguous(vec![0, 1]));
        for name in ["西湖小学", "实验小学", "塘湖实小", "", "湖", "新建文件夹"] {
            assert_eq!(l.resolve(name), Resolved::Unknown, "{name}");
        }
    }

    #[test]
    fn an_exact_name_wins_over_abbreviations() {
        let l = SchoolNames::new(&["湖塘实验小学", "湖塘实验小学分校"]);
        assert_eq!(l.resolve("湖塘实验小学"), Resolved::School(0));
        assert_eq!(l.resolve("湖塘实验小学分校"), Resolved::School(1));
        assert_eq!(l.resolve("湖塘实小"), Resolved::Ambiguous(vec![0, 1]));
    }

    #[test]
    fn the_division_must_end_where_the_short_name_begins() {
        // 城区 is a name here, not a division before one.
        assert!(abbreviates("城区实小", "城区实验小学"));
        assert!(!abbreviates("区实小", "城区实验小学"));
        assert!(!abbreviates("验小", "湖塘实验小学"));
    }
}
