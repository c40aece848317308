//! The few HTTP pieces the page's server needs on top of tiny_http: replies (JSON, files,
//! errors in Chinese), the query string, request bodies read within a bound, and the
//! `Content-Disposition` that keeps a Chinese file name (RFC 6266 / RFC 5987).

use std::collections::HashMap;
use std::io::Read;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::Serialize;

/// A reply, built before it is sent.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// Other headers.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, value: &impl Serialize) -> Reply {
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            headers: Vec::new(),
            body: serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec()),
        }
    }

    /// 200 with a JSON body.
    pub fn ok(value: &impl Serialize) -> Reply {
        Reply::json(200, value)
    }

    /// An error the page shows as it is: `{"error": "…"}`.
    pub fn error(status: u16, message: impl Into<String>) -> Reply {
        #[derive(Serialize)]
        struct Error {
            error: String,
        }
        Reply::json(
            status,
            &Error {
                error: message.into(),
            },
        )
    }

    /// 404 in Chinese.
    pub fn not_found() -> Reply {
        Reply::error(404, "没有这个页面或文件")
    }

    /// An embedded asset.
    pub fn asset(content_type: &'static str, body: &'static [u8]) -> Reply {
        Reply {
            status: 200,
            content_type,
            headers: vec![("Cache-Control", "no-cache".to_string())],
            body: body.to_vec(),
        }
    }

    /// A file to download under `name` (its Chinese name intact).
    pub fn download(name: &str, body: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            content_type: content_type_of(name),
            headers: vec![("Content-Disposition", attachment(name))],
            body,
        }
    }
}

/// The `Content-Type` of an output file, by its extension.
fn content_type_of(name: &str) -> &'static str {
    let lower = name.to_lowercase();
    match lower.rsplit_once('.').map_or("", |(_, e)| e) {
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv" => "text/csv; charset=utf-8",
        "zip" => "application/zip",
        "json" => "application/json",
        "parquet" => "application/vnd.apache.parquet",
        _ => "application/octet-stream",
    }
}

/// Characters kept as they are in an RFC 5987 value (`attr-char`).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback for old clients, and
/// the name in UTF-8 that every current browser uses.
///
/// ```
/// use jiaoke::serve::http::attachment;
/// assert_eq!(
///     attachment("问题清单.xlsx"),
///     "attachment; filename=\"____.xlsx\"; filename*=UTF-8''%E9%97%AE%E9%A2%98%E6%B8%85%E5%8D%95.xlsx"
/// );
/// ```
pub fn attachment(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        utf8_percent_encode(name, ATTR_CHAR)
    )
}

/// A URL split into its decoded path segments and its query.
#[derive(Debug, Default)]
pub struct Url {
    /// The path's segments, percent-decoded (UTF-8; invalid bytes replaced).
    pub segments: Vec<String>,
    /// The query's pairs, decoded (`+` as a space).
    pub query: HashMap<String, String>,
}

impl Url {
    /// Parses the request target of a request line (`/api/c/%E8%AF%AD?x=1`).
    ///
    /// ```
    /// use jiaoke::serve::http::Url;
    /// let url = Url::parse("/api/c/%E8%AF%AD%E6%96%87/files?path=a%2Fb.xlsx&replace=1");
    /// assert_eq!(url.segments, ["api", "c", "语文", "files"]);
    /// assert_eq!(url.query["path"], "a/b.xlsx");
    /// ```
    pub fn parse(target: &str) -> Url {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect();
        let query = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(&k.replace('+', " ")), decode(&v.replace('+', " ")))
            })
            .collect();
        Url { segments, query }
    }

    /// The segments as `&str`, for matching.
    pub fn parts(&self) -> Vec<&str> {
        self.segments.iter().map(String::as_str).collect()
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Reads a request body of at most `limit` bytes; `declared` is its `Content-Length`, when
/// sent. A body that says or turns out to be larger is refused before it is kept.
///
/// # Errors
/// A Chinese message: too large, or the connection broke.
pub fn read_body(
    reader: &mut dyn Read,
    declared: Option<usize>,
    limit: u64,
) -> Result<Vec<u8>, String> {
    let too_large = || {
        format!(
            "上传的内容超过 {} MB，未接收：请分批上传，或先解压后拖入文件夹",
            limit / 1024 / 1024
        )
    };
    if declared.is_some_and(|n| n as u64 > limit) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0).min(limit as usize));
    reader
        .take(limit + 1)
        .read_to_end(&mut body)
        .map_err(|e| format!("上传中断：{e}"))?;
    if body.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_names_are_plain_ascii_without_quotes() {
        let header = attachment("a\"b\\c\r\n.xlsx");
        assert!(header.starts_with("attachment; filename=\"a_b_c__.xlsx\";"));
        assert!(header.contains("filename*=UTF-8''a%22b%5Cc%0D%0A.xlsx"));
        assert!(!header.contains('\n'));
    }

    #[test]
    fn bodies_over_the_limit_are_refused() {
        let big = [0u8; 11];
        assert!(read_body(&mut &big[..], Some(11), 10).is_err());
        // A body that does not say its length is cut at the limit.
        assert!(read_body(&mut &big[..], None, 10).is_err());
        assert_eq!(read_body(&mut &big[..10], None, 10).unwrap().len(), 10);
    }

    #[test]
    fn urls_are_decoded_per_segment() {
        let url = Url::parse("/api/c/a%2F..%2Fb/x");
        // An encoded slash stays inside its segment, where the name check refuses it.
        assert_eq!(url.parts(), ["api", "c", "a/../b", "x"]);
        assert!(Url::parse("/?token=abc").query["token"] == "abc");
    }
}
