//! Chinese headers for the frames' columns, as jiaoke writes them in its workbooks.
//!
//! They are chosen from the header vocabulary where one exists, so that a workbook jiaoke
//! writes can be read back by `jiaoke import` (a district office does exactly that).

use crate::vocab::Kind;

/// The Chinese header of a frame column.
pub fn column_label(kind: Kind, column: &str) -> &'static str {
    let specific = match (kind, column) {
        (Kind::Teachers, "name") => "姓名",
        (Kind::Teachers, "title") => "职称",
        (Kind::Teachers, "subject") => "任教学科",
        (Kind::Papers, "kind") => "类别",
        (Kind::Papers, "authors") => "作者",
        (Kind::Papers, "title") => "论文题目",
        (Kind::Papers, "venue") => "评比活动或刊物",
        (Kind::Papers, "award") => "获奖等次",
        (Kind::Papers, "organizer") => "颁奖单位",
        (Kind::Papers, "date") => "时间",
        (Kind::Papers, "date_precision") => "时间精度",
        (Kind::Papers, "authors_truncated") => "作者不全",
        (Kind::Papers, "issue") => "期号",
        (Kind::Papers, "cn") => "刊号",
        (Kind::Projects, "title") => "课题名称",
        (Kind::Projects, "code") => "课题编号",
        (Kind::Projects, "level") => "课题级别",
        (Kind::Projects, "category") => "课题类别",
        (Kind::Projects, "leader") => "主持人",
        (Kind::Projects, "members") => "课题组成员",
        (Kind::Projects, "status") => "研究状态",
        (Kind::Projects, "approved_on") => "立项时间",
        (Kind::Projects, "closed_on") => "结题时间",
        (Kind::Projects, "status_raw") => "原填状态",
        (Kind::Projects, "opened_on") => "开题时间",
        (Kind::Projects, "planned_close") => "预计结题时间",
        (Kind::Projects, "organizer") => "立项单位",
        (Kind::Projects, "result") => "结题等级",
        (Kind::Training, "teacher") => "姓名",
        (Kind::Training, "course") => "培训项目",
        (Kind::Training, "type") => "培训类型",
        (Kind::Training, "level") => "培训级别",
        (Kind::Training, "start") => "开始日期",
        (Kind::Training, "end") => "结束日期",
        (Kind::Training, "hours") => "学时",
        (Kind::Training, "organizer") => "培训机构",
        (Kind::Plans, "month") => "月份",
        (Kind::Plans, "month_end") => "结束月份",
        (Kind::Plans, "item") => "工作内容",
        (Kind::Plans, "owner") => "负责人",
        (Kind::Plans, "when") => "时间",
        _ => "",
    };
    if !specific.is_empty() {
        return specific;
    }
    match column {
        "department" => "教研组",
        "level" => "级别",
        "level_raw" => "原填级别",
        "id_number" => "身份证号",
        "gender" => "性别",
        "staff_no" => "工号",
        "certificate" => "证书编号",
        "source_file" => "来源文件",
        "sheet" => "工作表",
        "row" => "行号",
        "unparsed" => "未能识别的值",
        _ => "",
    }
}

/// The Chinese name of a kind's sheet in 数据汇总.xlsx.
pub fn sheet_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Teachers => "教师名单",
        Kind::Papers => "论文",
        Kind::Projects => "课题",
        Kind::Training => "培训学时",
        Kind::Plans => "行事历",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::frames::Frames;
    use crate::normalize::records::Records;

    #[test]
    fn every_frame_column_has_a_label() {
        let frames = Frames::from_records(&Records::default()).unwrap();
        for kind in Kind::ALL {
            for name in frames.get(kind).get_column_names() {
                assert!(
                    !column_label(kind, name).is_empty(),
                    "{kind:?}.{name} has no label"
                );
            }
        }
    }

    #[test]
    fn labels_of_contract_columns_are_headers_jiaoke_reads_back() {
        let vocab = crate::vocab::Vocab::builtin();
        let frames = Frames::from_records(&Records::default()).unwrap();
        for kind in Kind::ALL {
            let spec = vocab.kind(kind);
            for name in frames.get(kind).get_column_names() {
                if matches!(
                    name.as_str(),
                    "source_file"
                        | "sheet"
                        | "row"
                        | "unparsed"
                        | "date_precision"
                        | "authors_truncated"
                        | "level_raw"
                        | "status_raw"
                        | "month_end"
                ) {
                    continue;
                }
                let label = column_label(kind, name);
                let fields = spec.fields_for_header(&crate::vocab::clean_header(label));
                assert!(
                    !fields.is_empty(),
                    "{kind:?}.{name}: {label} is not a known header"
                );
            }
        }
    }
}
