//! 教师花名册.XLSX: the roster.

use super::*;

/// 教师花名册.XLSX: upper-case extension, merged 教研组, padded names, ID problems.
pub(super) fn roster_file(out: &mut Out, roster: &[Teacher]) -> Result<()> {
    let file = "教师花名册.XLSX";
    let at = At::sheet(file, "教师名单");
    let mut t = Table::new(vec![
        index_col("序号"),
        t_dep("教研组").merged(),
        t_name("姓　名", true),
        t_gender("性别"),
        t_subject("任教学科"),
        t_title("职称"),
        t_id("身份证号码"),
    ]);
    t.title = Some(format!("{}2023—2024学年教师名单", school::SCHOOL));
    let recs: Vec<Rec<Teacher>> = roster
        .iter()
        .map(|tc| {
            let r = Rec::new(tc.clone());
            match tc.name.as_str() {
                "陆红" => r
                    .raw(
                        "id_number",
                        Cell::text(crate::idcard::with_wrong_check(&tc.id)),
                    )
                    .plant(
                        "id_number",
                        "invalid_id_number",
                        "校验位错误（应为末位另一字符）",
                    ),
                "姜涛" => {
                    // Typed into a General cell: Excel keeps 15 significant digits.
                    let n: f64 = format!("{}000", &tc.id[..15]).parse().expect("digits");
                    let mut v = tc.clone();
                    v.id_expected.clear();
                    Rec { v, ..r }.raw("id_number", Cell::Num(n)).plant(
                        "id_number",
                        "invalid_id_number",
                        "身份证号存成了数字，后三位已丢失",
                    )
                }
                "钱玉兰" => r.raw("id_number", Cell::text(tc.id.to_lowercase())),
                _ => r,
            }
        })
        .collect();
    // The wrong check digit is what the file says: id_number keeps it.
    let recs: Vec<Rec<Teacher>> = recs
        .into_iter()
        .map(|mut r| {
            if r.v.name == "陆红" {
                r.v.id_expected = crate::idcard::with_wrong_check(&r.v.id);
            }
            r
        })
        .collect();
    let mut its = records(&recs);
    its.push(Item::Note(
        "注：身份证号码请以文本格式录入，末位X请大写。".into(),
        true,
    ));
    its.push(Item::Note(
        "填表人：葛秀英　　　　审核人：陈雪梅　　　　2023年9月".into(),
        false,
    ));
    let mut g = Grid::new(&at.sheet);
    render(&mut g, &t, &its, &at, &mut out.truth);
    out.xlsx(file, &Book::one(g))
}
