//! Text decoding shared by the text-based readers (CSV, HTML tables, SpreadsheetML).
//!
//! Files come from Excel and WPS on Chinese Windows (GBK, or GB18030 which contains it), from
//! Excel's "CSV UTF-8" and "Unicode text" (UTF-16LE with a BOM) exports, and from web systems
//! (UTF-8 or GBK). The rules, in order:
//!
//! 1. A byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE); the text must then decode cleanly.
//! 2. A NUL byte without a BOM means a binary file, not text.
//! 3. Valid UTF-8 is UTF-8 (GBK text with any Chinese in it is practically never valid UTF-8).
//! 4. Bytes that are *mostly* UTF-8 with a few invalid sequences are a damaged UTF-8 file: that
//!    is an error naming the first bad byte, never a silent re-reading as GB18030 (which accepts
//!    almost any byte pair and would turn the whole file into mojibake). "Mostly" means at least
//!    twice as many valid multi-byte characters as invalid sequences; real GBK text read as
//!    UTF-8 has about one accidental valid sequence per five invalid ones.
//! 5. Otherwise GB18030, when it decodes without a single error.
//! 6. Otherwise an error naming the line and byte where GB18030 decoding fails.
//!
//! Error strings are Chinese fragments without a final full stop, meant to be wrapped by the
//! reader ("不是有效的 CSV 文件：…").

use std::sync::LazyLock;

use encoding_rs::{DecoderResult, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};
use regex::bytes::Regex;

/// How much of a markup file is searched for a declared charset.
const DECLARATION_SNIFF_BYTES: usize = 2048;

/// Decodes a text file's bytes, returning the text (without BOM) and the encoding name used:
/// `"UTF-8"`, `"UTF-16LE"`, `"UTF-16BE"` or `"GB18030"`. See the module documentation for
/// the rules; an `Err` is a Chinese description of what is wrong.
pub fn decode_text(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let text = decode_strict(&bytes[bom_len..], encoding, bom_len)?;
        return Ok((text, encoding_name(encoding)));
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(binary_message(&bytes[..pos], pos));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), "UTF-8"));
    }
    if let Some(bad) = damaged_utf8(bytes) {
        return Err(format!(
            "{}不是有效的 UTF-8 编码，而文件其余部分是 UTF-8，文件可能已损坏或被截断",
            position_text(&bytes[..bad], bad)
        ));
    }
    let text = decode_with_encoding(bytes, GB18030)
        .map_err(|detail| format!("既不是 UTF-8 编码，也不是 GBK/GB18030 编码：{detail}"))?;
    Ok((text, "GB18030"))
}

/// The encoding an HTML `charset` or XML `encoding` label names (`gbk`, `gb2312`, `GB18030`,
/// `utf-8`…), as encoding_rs's `Encoding::for_label` resolves it (WHATWG labels: `gb2312`
/// and `gbk` give GBK, whose decoder is GB18030's). `None` for unknown labels and for the
/// `replacement` encoding, which cannot decode anything.
pub fn charset_from_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
        .filter(|encoding| *encoding != encoding_rs::REPLACEMENT)
}

/// Decodes an HTML or XML file, whose head may declare its charset.
///
/// A BOM decides; else valid UTF-8 is UTF-8, whatever the declaration says (GBK text with
/// Chinese in it is practically never valid UTF-8, while templates declaring `gb2312` around
/// UTF-8 output are common); else the charset declared in the first 2 KB (read as ASCII: an
/// HTML `<meta charset>` or `http-equiv` content type, or an XML `encoding`), when the file
/// decodes with it without errors; else [`decode_text`]'s detection. A declaration of UTF-16
/// without a BOM is ignored, as browsers do. Returns the text and the encoding's name.
pub fn decode_markup(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if Encoding::for_bom(bytes).is_some() || std::str::from_utf8(bytes).is_ok() {
        return decode_text(bytes);
    }
    let head = &bytes[..bytes.len().min(DECLARATION_SNIFF_BYTES)];
    if let Some(encoding) = declared_charset(head)
        && encoding != UTF_8
        && encoding != UTF_16LE
        && encoding != UTF_16BE
        && let Ok(text) = decode_with_encoding(bytes, encoding)
    {
        return Ok((text, encoding_name(encoding)));
    }
    decode_text(bytes)
}

/// The charset declared in a markup file's `head`: an HTML `<meta>` tag (HTML5 `charset=` or
/// an `http-equiv` content type) or an XML declaration's `encoding`.
pub fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)"#)
            .expect("valid regex")
    });
    static XML_DECL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i-u)^\s*<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:\-]+)"#)
            .expect("valid regex")
    });
    let caps = META.captures(head).or_else(|| XML_DECL.captures(head))?;
    let label = std::str::from_utf8(caps.get(1)?.as_bytes()).ok()?;
    charset_from_label(label)
}

/// Decodes `bytes` (without BOM) strictly with `encoding`: the first malformed sequence is an
/// error naming its line and byte, and so is a NUL character (binary data).
pub fn decode_with_encoding(bytes: &[u8], encoding: &'static Encoding) -> Result<String, String> {
    decode_strict(bytes, encoding, 0)
}

/// [`decode_with_encoding`] for bytes that start `base` bytes into the file (after a BOM), so
/// that the byte positions in messages count from the start of the file.
fn decode_strict(bytes: &[u8], encoding: &'static Encoding, base: usize) -> Result<String, String> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or_else(|| "文件太大，无法解码".to_string())?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => {}
        DecoderResult::Malformed(bad_len, consumed_after) => {
            let offset = read - usize::from(bad_len) - usize::from(consumed_after);
            let line = text.matches('\n').count() + 1;
            return Err(format!(
                "第{line}行（第{}字节）无法按 {} 解码",
                base + offset + 1,
                display_label(encoding)
            ));
        }
        DecoderResult::OutputFull => return Err("文件太大，无法解码".to_string()),
    }
    if let Some(pos) = text.find('\0') {
        let line = text[..pos].matches('\n').count() + 1;
        return Err(format!(
            "第{line}行含有空字符（0x00），这不是文本文件，可能是改了扩展名的二进制文件"
        ));
    }
    Ok(text)
}

/// The name reported by [`decode_text`] for an encoding.
fn encoding_name(encoding: &'static Encoding) -> &'static str {
    if encoding == UTF_8 {
        "UTF-8"
    } else if encoding == UTF_16LE {
        "UTF-16LE"
    } else if encoding == UTF_16BE {
        "UTF-16BE"
    } else if encoding == GB18030 || encoding == GBK {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// The encoding's name as users know it, for messages.
fn display_label(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 || encoding == GBK {
        "GBK/GB18030"
    } else {
        encoding_name(encoding)
    }
}

/// `第3行（第120字节）`: the 1-based line and byte of `offset`, given the bytes before it.
fn position_text(before: &[u8], offset: usize) -> String {
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    format!("第{line}行（第{}字节）", offset + 1)
}

fn binary_message(before: &[u8], offset: usize) -> String {
    format!(
        "{}是空字节（0x00），这不是文本文件，可能是改了扩展名的二进制文件",
        position_text(before, offset)
    )
}

/// For bytes that are not valid UTF-8: the offset of the first invalid sequence when the bytes
/// are nevertheless mostly UTF-8 (see the module documentation), else `None`.
fn damaged_utf8(bytes: &[u8]) -> Option<usize> {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    let mut first_bad = None;
    let mut offset = 0;
    loop {
        let rest = &bytes[offset..];
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multibyte += count_non_ascii(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                // The prefix up to `valid_up_to` is valid UTF-8 by definition.
                if let Ok(prefix) = std::str::from_utf8(&rest[..good]) {
                    valid_multibyte += count_non_ascii(prefix);
                }
                first_bad.get_or_insert(offset + good);
                invalid += 1;
                match e.error_len() {
                    Some(len) => offset += good + len,
                    // An incomplete sequence at the very end (a truncated file).
                    None => break,
                }
            }
        }
    }
    if valid_multibyte > 0 && valid_multibyte >= 2 * invalid {
        first_bad
    } else {
        None
    }
}

fn count_non_ascii(s: &str) -> usize {
    s.chars().filter(|c| !c.is_ascii()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = GB18030.encode(s);
        assert!(!unmappable);
        bytes.into_owned()
    }

    fn utf16le_with_bom(s: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        for unit in s.encode_utf16() {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out
    }

    #[test]
    fn plain_utf8_is_utf8() {
        let (text, name) = decode_text("姓名,学时\n张三,24\n".as_bytes()).unwrap();
        assert_eq!(text, "姓名,学时\n张三,24\n");
        assert_eq!(name, "UTF-8");
    }

    #[test]
    fn ascii_and_empty_input_are_utf8() {
        assert_eq!(decode_text(b"a,b").unwrap(), ("a,b".to_string(), "UTF-8"));
        assert_eq!(decode_text(b"").unwrap(), (String::new(), "UTF-8"));
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("论文题目".as_bytes());
        assert_eq!(
            decode_text(&bytes).unwrap(),
            ("论文题目".to_string(), "UTF-8")
        );
    }

    #[test]
    fn utf16le_with_bom_is_decoded() {
        let bytes = utf16le_with_bom("姓名\t学时\r\n张三\t24\r\n");
        assert_eq!(
            decode_text(&bytes).unwrap(),
            ("姓名\t学时\r\n张三\t24\r\n".to_string(), "UTF-16LE")
        );
    }

    #[test]
    fn utf16be_with_bom_is_decoded() {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in "课题".encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(
            decode_text(&bytes).unwrap(),
            ("课题".to_string(), "UTF-16BE")
        );
    }

    #[test]
    fn utf16le_with_odd_length_is_an_error() {
        let mut bytes = utf16le_with_bom("张三");
        bytes.push(0x41);
        let err = decode_text(&bytes).unwrap_err();
        assert_eq!(err, "第1行（第7字节）无法按 UTF-16LE 解码");
    }

    #[test]
    fn gbk_bytes_are_read_as_gb18030() {
        let bytes = gbk("姓名,任教学科\n张三,语文\n");
        let (text, name) = decode_text(&bytes).unwrap();
        assert_eq!(text, "姓名,任教学科\n张三,语文\n");
        assert_eq!(name, "GB18030");
    }

    #[test]
    fn gb18030_four_byte_characters_are_read() {
        // U+20BB7 (𠮷) is outside GBK and needs a four-byte GB18030 sequence.
        let bytes = gbk("吉𠮷,姓名");
        assert_eq!(
            decode_text(&bytes).unwrap(),
            ("吉𠮷,姓名".to_string(), "GB18030")
        );
    }

    #[test]
    fn damaged_utf8_is_an_error_with_its_line_not_mojibake() {
        let mut bytes = "姓名,论文题目\n张三,浅谈小学数学教学\n".as_bytes().to_vec();
        let bad = bytes.len();
        bytes.push(0xFF);
        bytes.extend_from_slice("李四,课堂教学的有效性研究\n".as_bytes());
        let err = decode_text(&bytes).unwrap_err();
        assert_eq!(
            err,
            format!(
                "第3行（第{}字节）不是有效的 UTF-8 编码，而文件其余部分是 UTF-8，文件可能已损坏或被截断",
                bad + 1
            )
        );
    }

    #[test]
    fn truncated_utf8_is_an_error() {
        let mut bytes = "姓名,论文题目\n张三,教学".as_bytes().to_vec();
        bytes.extend_from_slice(&"研".as_bytes()[..2]);
        let err = decode_text(&bytes).unwrap_err();
        assert!(err.starts_with("第2行"), "{err}");
        assert!(err.contains("不是有效的 UTF-8 编码"), "{err}");
    }

    #[test]
    fn bytes_neither_utf8_nor_gb18030_are_an_error_naming_the_line() {
        let mut bytes = gbk("姓名\n张三\n");
        // 0xFF is never valid in GB18030.
        bytes.push(0xFF);
        let err = decode_text(&bytes).unwrap_err();
        assert_eq!(
            err,
            "既不是 UTF-8 编码，也不是 GBK/GB18030 编码：第3行（第11字节）无法按 GBK/GB18030 解码"
        );
    }

    #[test]
    fn nul_byte_means_binary() {
        let err = decode_text(b"PK\x03\x04\x14\x00\x06\x00").unwrap_err();
        assert_eq!(
            err,
            "第1行（第6字节）是空字节（0x00），这不是文本文件，可能是改了扩展名的二进制文件"
        );
    }

    #[test]
    fn labels_resolve_to_encodings() {
        assert_eq!(charset_from_label("gb2312"), Some(GBK));
        assert_eq!(charset_from_label(" GBK "), Some(GBK));
        assert_eq!(charset_from_label("GB18030"), Some(GB18030));
        assert_eq!(charset_from_label("utf-8"), Some(UTF_8));
        assert_eq!(charset_from_label("UTF8"), Some(UTF_8));
        assert_eq!(charset_from_label("no-such-charset"), None);
        assert_eq!(charset_from_label("iso-2022-kr"), None);
    }

    #[test]
    fn declared_charset_is_found_in_meta_and_xml_declaration() {
        assert_eq!(
            declared_charset(
                b"<html><META HTTP-EQUIV='content-type' CONTENT='text/html;charset=GBK'>"
            ),
            Some(GBK)
        );
        assert_eq!(declared_charset(b"<meta charset=gb18030>"), Some(GB18030));
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding=\"gb2312\"?><Workbook>"),
            Some(GBK)
        );
        assert_eq!(declared_charset(b"<meta name=\"viewport\">"), None);
        assert_eq!(declared_charset(b"<p>charset=gbk</p>"), None);
    }

    #[test]
    fn markup_uses_its_declared_charset() {
        let mut bytes = b"<meta charset=\"big5\">".to_vec();
        let (big5, _, _) = encoding_rs::BIG5.encode("教師");
        bytes.extend_from_slice(&big5);
        let (text, name) = decode_markup(&bytes).unwrap();
        assert_eq!(text, "<meta charset=\"big5\">教師");
        assert_eq!(name, "Big5");
    }

    #[test]
    fn markup_valid_utf8_wins_over_a_declared_gbk() {
        let bytes = "<meta charset=\"gb2312\">教师".as_bytes();
        assert_eq!(
            decode_markup(bytes).unwrap(),
            ("<meta charset=\"gb2312\">教师".to_string(), "UTF-8")
        );
    }

    #[test]
    fn markup_falls_back_to_detection_when_the_declaration_fails() {
        // Declared ISO-2022-JP (7-bit), but the bytes are GBK, which it cannot decode.
        let mut bytes = b"<meta charset=\"iso-2022-jp\">".to_vec();
        bytes.extend_from_slice(&gbk("课题组成员"));
        let (text, name) = decode_markup(&bytes).unwrap();
        assert_eq!(text, "<meta charset=\"iso-2022-jp\">课题组成员");
        assert_eq!(name, "GB18030");
    }

    #[test]
    fn strict_decoding_with_a_declared_encoding() {
        assert_eq!(decode_with_encoding(&gbk("教科室"), GBK).unwrap(), "教科室");
        let err = decode_with_encoding(b"ab\ncd\xFF", GBK).unwrap_err();
        assert_eq!(err, "第2行（第6字节）无法按 GBK/GB18030 解码");
    }
}
