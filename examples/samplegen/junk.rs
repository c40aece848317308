//! Files in the inbox that are not spreadsheets, or are leftovers of one: jiaoke must skip
//! them quietly (skipped_file), never read them as records. A text file and a Word notice are
//! read like any document, and skipped because they hold no calendar (行事历).

use anyhow::Result;

use crate::samples::Out;
use crate::zipw::stored_zip;

/// Writes the junk files and registers them as skipped.
pub fn write_all(out: &mut Out) -> Result<()> {
    let skip =
        |out: &mut Out, file: &str, note: &str| out.truth.skip(file, "", "skipped_file", note);

    // Excel's owner file: the user name in ANSI, then again in UTF-16, padded to 165 bytes.
    let user = "Administrator";
    let mut owner = vec![user.len() as u8];
    owner.extend_from_slice(user.as_bytes());
    owner.resize(54, b' ');
    owner.extend_from_slice(&(user.len() as u16).to_le_bytes());
    owner.extend(user.encode_utf16().flat_map(u16::to_le_bytes));
    owner.resize(165, 0);
    out.put("语文组/~$语文组论文.xlsx", &owner)?;
    skip(
        out,
        "语文组/~$语文组论文.xlsx",
        "Excel 打开文件时留下的锁文件",
    );

    let lock = ",Administrator,DESKTOP-5K2M9QF,20.12.2023 10:21,file:///C:/Users/Administrator/AppData/Roaming/LibreOffice/4;\n";
    out.put(".~lock.课题一览表.xlsx#", lock.as_bytes())?;
    skip(
        out,
        ".~lock.课题一览表.xlsx#",
        "LibreOffice/WPS 打开文件时留下的锁文件",
    );

    let mut ds = b"\x00\x00\x00\x01Bud1\x00\x00\x10\x00".to_vec();
    ds.resize(64, 0);
    out.put(".DS_Store", &ds)?;
    skip(out, ".DS_Store", "macOS 的隐藏文件");

    // Thumbs.db is a compound file like an .xls: only its name says what it is.
    let mut thumbs = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    thumbs.resize(512, 0);
    out.put("艺体组/Thumbs.db", &thumbs)?;
    skip(out, "艺体组/Thumbs.db", "Windows 缩略图缓存");

    let notes = "各位教研组长：\r\n\r\n\
        请于12月25日前将本组2023年度论文获奖、发表情况和教师培训学时登记表发到教科室邮箱，\
        格式可参照去年的表格。课题材料请各主持人直接交纸质稿。\r\n\r\n\
        教科室\r\n";
    out.put("说明.txt", notes.as_bytes())?;
    skip(out, "说明.txt", "文字说明，没有行事历");

    out.put(
        "通知.docx",
        &docx("关于报送2023年度教科研成果及培训学时的通知"),
    )?;
    skip(out, "通知.docx", "Word 通知，没有行事历");
    Ok(())
}

/// The smallest valid .docx: one paragraph.
fn docx(text: &str) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p><w:p><w:r><w:t>各教研组：请于12月25日前报送本组2023年度论文获奖、发表情况及教师培训学时登记表。</w:t></w:r></w:p></w:body></w:document>"#
    );
    stored_zip(&[
        ("[Content_Types].xml", content_types.as_bytes().to_vec()),
        ("_rels/.rels", rels.as_bytes().to_vec()),
        ("word/document.xml", document.into_bytes()),
    ])
}
