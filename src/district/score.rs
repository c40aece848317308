//! 学校教科研考核: a school's score from its counted papers and projects and the points the
//! district sets (`[district.points]` of jiaoke.toml). Points are a setting, never built in:
//! districts score differently.

use crate::config::{LevelPoints, Points};
use crate::report::research::Tables;
use crate::vocab::{Scale, Vocab};

/// Why the points cannot be used: a level, grade or status the vocabularies do not know.
pub fn check(points: &Points, vocab: &Vocab) -> Result<(), String> {
    let unknown = |what: &str, name: &str, scale: &Scale| {
        format!(
            "[district.points.{what}] 中的“{name}”不是标准写法，可用：{}",
            scale.order.join("、")
        )
    };
    let levels = [
        ("awards", points.awards.keys().collect::<Vec<_>>()),
        ("publications", points.publications.keys().collect()),
        ("projects", points.projects.keys().collect()),
    ];
    for (what, names) in levels {
        if let Some(l) = names.iter().find(|l| !vocab.levels.order.contains(l)) {
            return Err(unknown(what, l, &vocab.levels));
        }
    }
    for (what, table, scale) in [
        ("awards", &points.awards, &vocab.awards),
        ("projects", &points.projects, &vocab.statuses),
    ] {
        for p in table.values() {
            if let LevelPoints::By(by) = p
                && let Some(k) = by.keys().find(|k| !scale.order.contains(k))
            {
                return Err(unknown(what, k, scale));
            }
        }
    }
    Ok(())
}

/// The points of one record of `level` and `sub` (grade or status) in a table.
fn points_of(
    table: &std::collections::BTreeMap<String, LevelPoints>,
    level: &str,
    sub: &str,
) -> f64 {
    match table.get(level) {
        Some(LevelPoints::All(p)) => *p,
        Some(LevelPoints::By(by)) => by.get(sub).copied().unwrap_or(0.0),
        None => 0.0,
    }
}

/// A school's score: each counted paper and project times its points. Records without a
/// level, grade or status score 0.
///
/// ```
/// use jiaoke::config::{LevelPoints, Points};
/// use jiaoke::district::score::score;
/// use jiaoke::report::research::Tables;
/// use jiaoke::vocab::Vocab;
/// let vocab = Vocab::builtin();
/// let mut t = Tables::default();
/// t.publication_table = vec![0; vocab.levels.order.len() + 1];
/// t.publication_table[1] = 2; // two 省级 publications
/// let mut points = Points::default();
/// points.publications.insert("省级".into(), 3.0);
/// assert_eq!(score(&t, &points, &vocab), 6.0);
/// ```
pub fn score(t: &Tables, points: &Points, vocab: &Vocab) -> f64 {
    let levels = vocab.levels.with_missing();
    let grades = vocab.awards.with_missing();
    let statuses = vocab.statuses.with_missing();
    let mut total = 0.0;
    for (l, level) in levels.iter().enumerate() {
        for (g, grade) in grades.iter().enumerate() {
            let n = t
                .award_table
                .get(l)
                .and_then(|r| r.get(g))
                .copied()
                .unwrap_or(0);
            total += n as f64 * points_of(&points.awards, level, grade);
        }
        let n = t.publication_table.get(l).copied().unwrap_or(0);
        total += n as f64 * points.publications.get(*level).copied().unwrap_or(0.0);
        for (k, status) in statuses.iter().enumerate() {
            let n = t
                .project_table
                .get(l)
                .and_then(|r| r.get(k))
                .copied()
                .unwrap_or(0);
            total += n as f64 * points_of(&points.projects, level, status);
        }
    }
    total + 0.0
}

/// Ranks of scores, 1 for the highest; equal scores share a rank (1, 2, 2, 4).
///
/// ```
/// assert_eq!(jiaoke::district::score::ranks(&[3.0, 7.0, 3.0, 1.0]), vec![2, 1, 2, 4]);
/// ```
pub fn ranks(scores: &[f64]) -> Vec<usize> {
    scores
        .iter()
        .map(|s| 1 + scores.iter().filter(|o| *o > s).count())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocab {
        Vocab::builtin()
    }

    fn tables(v: &Vocab) -> Tables {
        let (nl, ng, ns) = (
            v.levels.order.len() + 1,
            v.awards.order.len() + 1,
            v.statuses.order.len() + 1,
        );
        let mut t = Tables {
            award_table: vec![vec![0; ng]; nl],
            publication_table: vec![0; nl],
            project_table: vec![vec![0; ns]; nl],
            ..Tables::default()
        };
        let province = v.levels.index("省级");
        t.award_table[province][v.awards.index("一等奖")] = 2;
        t.award_table[province][v.awards.index("二等奖")] = 1;
        t.award_table[nl - 1][0] = 5; // no level: scores nothing
        t.project_table[v.levels.index("市级")][v.statuses.index("结题")] = 1;
        t.project_table[v.levels.index("市级")][v.statuses.index("在研")] = 1;
        t
    }

    #[test]
    fn points_by_level_and_grade_or_status() {
        let v = vocab();
        let points: Points = toml::from_str(
            r#"
            [awards]
            "省级" = { "一等奖" = 4, "二等奖" = 3 }
            "国家级" = 5
            [projects]
            "市级" = { "结题" = 3 }
            "#,
        )
        .unwrap();
        check(&points, &v).unwrap();
        assert_eq!(score(&tables(&v), &points, &v), 2.0 * 4.0 + 3.0 + 3.0);
        assert!(points.is_set() && !Points::default().is_set());
    }

    #[test]
    fn a_flat_level_scores_every_grade() {
        let v = vocab();
        let points: Points = toml::from_str("[awards]\n\"省级\" = 2\n").unwrap();
        assert_eq!(score(&tables(&v), &points, &v), 6.0);
    }

    #[test]
    fn unknown_words_are_said() {
        let v = vocab();
        let bad: Points = toml::from_str("[awards]\n\"省一等\" = 2\n").unwrap();
        assert!(check(&bad, &v).unwrap_err().contains("省一等"));
        let bad: Points = toml::from_str("[projects]\n\"省级\" = { \"完成\" = 2 }\n").unwrap();
        assert!(check(&bad, &v).unwrap_err().contains("完成"));
    }
}
