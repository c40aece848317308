//! One roster resolver: a name on a record → the teacher it designates, or why none. Check
//! (`unknown_teacher`, `ambiguous_teacher`) and every report (per-teacher numbers) ask it, so a
//! name a report attributes is a name check accepts, and the other way round.
//!
//! A name designates the only roster teacher of that name; among namesakes, the only one of the
//! record's 教研组; else the only one with the record's 身份证号; else it is ambiguous.
//!
//! A district office's inbox holds one folder per school, each with its own roster: a name is
//! looked up among the teachers of the nearest folder above the record's file that holds a
//! roster (two schools may well both have a 王静).

use std::collections::HashMap;

use pinyin::ToPinyin;
use polars::prelude::PolarsResult;

use super::Copies;
use crate::normalize::frames::{Frames, strings};
use crate::vocab::Kind;

/// A teacher of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// 姓名.
    pub name: String,
    /// 教研组 (empty when the roster does not say).
    pub department: String,
    /// The 身份证号 the roster gives for this teacher, upper-cased.
    pub ids: Vec<String>,
    /// The roster's file, relative to the inbox (its folder decides whose roster it is).
    pub file: String,
}

impl Member {
    /// A member known by name and department only (a trainee standing in for a roster).
    pub fn named(name: &str, department: &str) -> Member {
        Member {
            name: name.to_string(),
            department: department.to_string(),
            ids: Vec::new(),
            file: String::new(),
        }
    }
}

/// Whom a name designates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// A roster teacher (index into [`Roster::members`]).
    Teacher(usize),
    /// Several roster teachers have the name, and nothing on the record tells them apart.
    Ambiguous(Vec<usize>),
    /// No roster teacher has the name.
    Unknown,
}

impl Who {
    /// The roster teacher designated, if one.
    pub fn teacher(&self) -> Option<usize> {
        match self {
            Who::Teacher(i) => Some(*i),
            _ => None,
        }
    }
}

/// The roster of an inbox.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// In report order: departments in order of first appearance, teachers in roster order.
    members: Vec<Member>,
    /// Folder → the members on a roster below the folder, ordered by name, then in roster
    /// order: a name's namesakes are one run of it. (Indices, not a map of cloned names per
    /// folder: a district's roster is listed under every folder above each school.)
    scopes: HashMap<String, Vec<usize>>,
}

/// The folders above a file, deepest first, ending with the inbox itself (`""`).
fn ancestors(file: &str) -> impl Iterator<Item = &str> {
    let mut dirs: Vec<&str> = file
        .char_indices()
        .filter(|(_, c)| *c == '/')
        .map(|(i, _)| &file[..i])
        .collect();
    dirs.reverse();
    dirs.into_iter().chain(std::iter::once(""))
}

impl Roster {
    /// The roster sheets of an inbox (copies of a teacher listed twice left out).
    ///
    /// # Errors
    /// Internal frame errors only.
    pub fn of(frames: &Frames, copies: &Copies) -> PolarsResult<Roster> {
        let t = &frames.teachers;
        let (names, depts) = (strings(t, "name")?, strings(t, "department")?);
        let (ids, files) = (strings(t, "id_number")?, strings(t, "source_file")?);
        let mut members: Vec<Member> = Vec::new();
        // A teacher listed on two sheets of one folder's roster is one member.
        let mut at: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for i in 0..t.height() {
            let Some(name) = names[i] else { continue };
            if copies.is_copy(Kind::Teachers, i) {
                continue;
            }
            let (dept, file) = (depts[i].unwrap_or(""), files[i].unwrap_or(""));
            let folder = file.rsplit_once('/').map_or("", |(d, _)| d);
            let k = *at.entry((name, dept, folder)).or_insert_with(|| {
                members.push(Member {
                    file: file.to_string(),
                    ..Member::named(name, dept)
                });
                members.len() - 1
            });
            if let Some(id) = ids[i] {
                members[k].ids.push(id.to_uppercase());
            }
        }
        Ok(Roster::from_members(members))
    }

    /// A roster of the given members (grouped by department, in order of first appearance).
    pub fn from_members(members: Vec<Member>) -> Roster {
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, Vec<Member>> = HashMap::new();
        for m in members {
            if !groups.contains_key(&m.department) {
                order.push(m.department.clone());
            }
            groups.entry(m.department.clone()).or_default().push(m);
        }
        let members: Vec<Member> = order
            .into_iter()
            .flat_map(|d| groups.remove(&d).unwrap_or_default())
            .collect();
        let mut scopes: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, m) in members.iter().enumerate() {
            for folder in ancestors(&m.file) {
                match scopes.get_mut(folder) {
                    Some(scope) => scope.push(i),
                    None => {
                        scopes.insert(folder.to_string(), vec![i]);
                    }
                }
            }
        }
        for scope in scopes.values_mut() {
            // Stable: namesakes stay in roster order.
            scope.sort_by(|&a, &b| members[a].name.cmp(&members[b].name));
        }
        Roster { members, scopes }
    }

    /// The names records give, standing in for a roster where the inbox has none: each name
    /// once, with the first department its records give (grouped by department, in order of
    /// first appearance); records without a name are left out.
    pub fn of_names<'a>(records: impl IntoIterator<Item = (&'a str, &'a str)>) -> Roster {
        let mut members: Vec<Member> = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (name, department) in records.into_iter().filter(|(n, _)| !n.is_empty()) {
            match seen.get(name) {
                Some(&i) if members[i].department.is_empty() => {
                    members[i].department = department.to_string();
                }
                Some(_) => {}
                None => {
                    seen.insert(name, members.len());
                    members.push(Member::named(name, department));
                }
            }
        }
        Roster::from_members(members)
    }

    /// The teachers, in report order.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// True when the inbox holds no roster.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The names on the roster that applies to `file`: that of the nearest folder above it
    /// holding a roster.
    fn scope(&self, file: &str) -> Option<&[usize]> {
        ancestors(file).find_map(|folder| self.scopes.get(folder).map(Vec::as_slice))
    }

    /// The teachers called `name` on the roster that applies to `file`, in roster order.
    pub fn namesakes(&self, file: &str, name: &str) -> &[usize] {
        let Some(scope) = self.scope(file) else {
            return &[];
        };
        let name_of = |i: &usize| self.members[*i].name.as_str();
        let from = scope.partition_point(|i| name_of(i) < name);
        let len = scope[from..].partition_point(|i| name_of(i) == name);
        &scope[from..from + len]
    }

    /// Whom `name` designates on a record of `file` that gives `department` and `id` (either
    /// may be empty).
    ///
    /// ```
    /// use jiaoke::select::roster::{Member, Roster, Who};
    /// let roster = Roster::from_members(vec![
    ///     Member::named("王静", "语文组"),
    ///     Member::named("王静", "数学组"),
    ///     Member::named("张三", "数学组"),
    /// ]);
    /// assert_eq!(roster.resolve("a.xlsx", "张三", "", ""), Who::Teacher(2));
    /// assert_eq!(roster.resolve("a.xlsx", "王静", "数学组", ""), Who::Teacher(1));
    /// assert_eq!(roster.resolve("a.xlsx", "王静", "", ""), Who::Ambiguous(vec![0, 1]));
    /// assert_eq!(roster.resolve("a.xlsx", "李四", "", ""), Who::Unknown);
    /// ```
    pub fn resolve(&self, file: &str, name: &str, department: &str, id: &str) -> Who {
        let candidates = self.namesakes(file, name);
        let one = |keep: &dyn Fn(&Member) -> bool| -> Option<usize> {
            let hits: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| keep(&self.members[i]))
                .collect();
            (hits.len() == 1).then(|| hits[0])
        };
        let id = id.to_uppercase();
        match candidates {
            [] => Who::Unknown,
            [only] => Who::Teacher(*only),
            _ => (!department.is_empty())
                .then(|| one(&|m| m.department == department))
                .flatten()
                .or_else(|| {
                    (!id.is_empty())
                        .then(|| one(&|m| m.ids.contains(&id)))
                        .flatten()
                })
                .map_or_else(|| Who::Ambiguous(candidates.to_vec()), Who::Teacher),
        }
    }

    /// The department of the only teacher called `name` (none for namesakes or an unknown
    /// name, or when the roster does not say).
    pub fn department_of(&self, file: &str, name: &str) -> Option<&str> {
        match self.namesakes(file, name) {
            [i] => Some(self.members[*i].department.as_str()).filter(|d| !d.is_empty()),
            _ => None,
        }
    }

    /// A record's department and whom its `first` name designates: the record's `own`
    /// 教研组, else the roster department of that name when it is unique (else ""); the name
    /// is resolved with that department, to tell namesakes apart.
    pub fn attribute(&self, file: &str, own: &str, first: Option<&str>) -> (String, Who) {
        let department = match own {
            "" => first
                .and_then(|n| self.department_of(file, n))
                .unwrap_or(""),
            own => own,
        };
        let who = first.map_or(Who::Unknown, |n| self.resolve(file, n, department, ""));
        (department.to_string(), who)
    }

    /// Roster names a mistyped `name` probably meant: one character off, or the same pinyin;
    /// each with its department when the name is unique (`王小明（数学组）`).
    pub fn near(&self, file: &str, name: &str) -> Vec<String> {
        let Some(scope) = self.scope(file) else {
            return Vec::new();
        };
        let mut names: Vec<&str> = scope
            .iter()
            .map(|&i| self.members[i].name.as_str())
            .collect();
        names.dedup();
        let sound = pinyin_of(name);
        let mut out: Vec<String> = names
            .into_iter()
            .filter(|c| *c != name && (one_char_off(name, c) || pinyin_of(c) == sound))
            .map(|c| match self.department_of(file, c) {
                Some(d) => format!("{c}（{d}）"),
                None => c.to_string(),
            })
            .collect();
        out.sort();
        out
    }
}

/// The plain pinyin of a name, syllables joined (non-Chinese characters kept).
fn pinyin_of(name: &str) -> String {
    name.to_pinyin()
        .zip(name.chars())
        .map(|(p, c)| {
            p.map(|p| p.plain().to_string())
                .unwrap_or_else(|| c.to_string())
        })
        .collect()
}

/// One substitution, insertion or deletion apart.
fn one_char_off(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    match a.len() as isize - b.len() as isize {
        0 => a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1,
        1 => (0..a.len()).any(|i| a[..i] == b[..i] && a[i + 1..] == b[i..]),
        -1 => one_char_off(&b.iter().collect::<String>(), &a.iter().collect::<String>()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, dept: &str, id: &str, file: &str) -> Member {
        Member {
            ids: (!id.is_empty())
                .then(|| id.to_string())
                .into_iter()
                .collect(),
            file: file.to_string(),
            ..Member::named(name, dept)
        }
    }

    #[test]
    fn ancestors_deepest_first() {
        assert_eq!(
            ancestors("上报/甲校/论文/a.xlsx").collect::<Vec<_>>(),
            ["上报/甲校/论文", "上报/甲校", "上报", ""]
        );
        assert_eq!(ancestors("a.xlsx").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn namesakes_are_told_apart_by_department_then_id() {
        let r = Roster::from_members(vec![
            member("王静", "语文组", "320412198607153540", ""),
            member("王静", "英语组", "32041219800101002X", ""),
        ]);
        assert_eq!(r.resolve("a.xlsx", "王静", "英语组", ""), Who::Teacher(1));
        assert_eq!(
            r.resolve("a.xlsx", "王静", "", "32041219800101002x"),
            Who::Teacher(1)
        );
        assert_eq!(
            r.resolve("a.xlsx", "王静", "数学组", ""),
            Who::Ambiguous(vec![0, 1])
        );
    }

    #[test]
    fn each_school_folder_has_its_own_roster() {
        let r = Roster::from_members(vec![
            member("王静", "语文组", "", "甲校/名单.xlsx"),
            member("王静", "数学组", "", "乙校/名单.xlsx"),
        ]);
        assert_eq!(
            r.resolve("甲校/论文/a.xlsx", "王静", "", ""),
            Who::Teacher(0)
        );
        assert_eq!(r.resolve("乙校/b.xlsx", "王静", "", ""), Who::Teacher(1));
        assert_eq!(
            r.resolve("丙校/c.xlsx", "王静", "", ""),
            Who::Ambiguous(vec![0, 1]),
            "a folder without a roster: the whole inbox's"
        );
    }

    #[test]
    fn members_come_in_department_order() {
        let r = Roster::from_members(vec![
            Member::named("张三", "数学组"),
            Member::named("李四", "语文组"),
            Member::named("王五", "数学组"),
        ]);
        let names: Vec<&str> = r.members().iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["张三", "王五", "李四"]);
    }

    #[test]
    fn near_names_one_character_off_or_sounding_the_same() {
        let r = Roster::from_members(vec![
            Member::named("王小明", "数学组"),
            Member::named("张伟", "英语组"),
            Member::named("张卫", ""),
        ]);
        assert_eq!(r.near("a.xlsx", "王晓明"), ["王小明（数学组）"]);
        assert_eq!(r.near("a.xlsx", "章伟"), ["张伟（英语组）", "张卫"]);
        assert!(r.near("a.xlsx", "李四").is_empty());
    }
}
