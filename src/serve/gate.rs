//! Who may talk to the page's server. It listens on loopback only, and every request must
//! also:
//!
//! - name the loopback address in its `Host` header (a page on another site whose name was
//!   made to resolve to 127.0.0.1 — DNS rebinding — sends its own name there);
//! - carry the secret token made at start (in the address the program prints and opens);
//!   a page on another site cannot know it;
//! - when it changes anything (any method but GET and HEAD), come from the page itself: its
//!   `Origin` header must be the server's own address.

/// The checks of one server: its port and its token.
#[derive(Debug, Clone)]
pub struct Gate {
    port: u16,
    token: String,
}

/// Why a request was refused: the HTTP status and a Chinese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 403 or 401.
    pub status: u16,
    /// Why, for the page.
    pub message: &'static str,
}

/// What a request shows the gate.
#[derive(Debug, Clone, Copy)]
pub struct Knock<'a> {
    /// The method, upper case.
    pub method: &'a str,
    /// The `Host` header, if any.
    pub host: Option<&'a str>,
    /// The `Origin` header, if any.
    pub origin: Option<&'a str>,
    /// The token given (header `X-Jiaoke-Token` or `token=` in the query).
    pub token: Option<&'a str>,
}

impl Gate {
    /// A gate for a server on `port`, with a fresh random token.
    ///
    /// # Errors
    /// The system's random source failed.
    pub fn new(port: u16) -> Result<Gate, getrandom::Error> {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes)?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Gate { port, token })
    }

    /// A gate with a given token (tests).
    pub fn with_token(port: u16, token: &str) -> Gate {
        Gate {
            port,
            token: token.to_string(),
        }
    }

    /// The token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The address to open: `http://127.0.0.1:PORT/?token=…`.
    pub fn address(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    /// Whether a request may be served. Static assets skip the token (`needs_token` false);
    /// nothing skips the Host and Origin checks.
    ///
    /// ```
    /// use jiaoke::serve::gate::{Gate, Knock};
    /// let gate = Gate::with_token(8080, "s3cret");
    /// let ok = Knock { method: "GET", host: Some("127.0.0.1:8080"), origin: None, token: Some("s3cret") };
    /// assert!(gate.admit(&ok, true).is_ok());
    /// let rebound = Knock { host: Some("evil.example:8080"), ..ok };
    /// assert_eq!(gate.admit(&rebound, true).unwrap_err().status, 403);
    /// let forged = Knock { method: "POST", origin: Some("http://evil.example"), ..ok };
    /// assert_eq!(gate.admit(&forged, true).unwrap_err().status, 403);
    /// ```
    pub fn admit(&self, knock: &Knock<'_>, needs_token: bool) -> Result<(), Refusal> {
        if !knock.host.is_some_and(|h| self.is_own_host(h)) {
            return Err(Refusal {
                status: 403,
                message: "请求的地址不是本机（Host 不符），已拒绝",
            });
        }
        let safe = matches!(knock.method, "GET" | "HEAD");
        if !safe && !knock.origin.is_some_and(|o| self.is_own_origin(o)) {
            return Err(Refusal {
                status: 403,
                message: "请求不是来自 jiaoke 自己的页面（Origin 不符），已拒绝",
            });
        }
        if needs_token && !knock.token.is_some_and(|t| same(t, &self.token)) {
            return Err(Refusal {
                status: 401,
                message: "缺少或错误的访问口令：请用 jiaoke 启动时显示的完整地址打开页面",
            });
        }
        Ok(())
    }

    fn is_own_host(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|name| host == format!("{name}:{}", self.port))
    }

    fn is_own_origin(&self, origin: &str) -> bool {
        origin
            .trim()
            .strip_prefix("http://")
            .is_some_and(|host| self.is_own_host(host))
    }
}

/// Compares two tokens in time that does not depend on where they first differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn knock<'a>(method: &'a str, host: &'a str, origin: Option<&'a str>) -> Knock<'a> {
        Knock {
            method,
            host: Some(host),
            origin,
            token: Some("t0ken"),
        }
    }

    #[test]
    fn only_loopback_hosts_on_the_port_are_admitted() {
        let gate = Gate::with_token(5000, "t0ken");
        for host in [
            "127.0.0.1:5000",
            "localhost:5000",
            "LOCALHOST:5000",
            "[::1]:5000",
        ] {
            assert!(
                gate.admit(&knock("GET", host, None), true).is_ok(),
                "{host}"
            );
        }
        for host in [
            "127.0.0.1",
            "127.0.0.1:5001",
            "attacker.example:5000",
            "localhost.attacker.example:5000",
            "127.0.0.1.nip.io:5000",
            "",
        ] {
            let refused = gate.admit(&knock("GET", host, None), true).unwrap_err();
            assert_eq!(refused.status, 403, "{host}");
        }
        let no_host = Knock {
            host: None,
            ..knock("GET", "", None)
        };
        assert!(gate.admit(&no_host, false).is_err());
    }

    #[test]
    fn changes_need_the_pages_own_origin() {
        let gate = Gate::with_token(5000, "t0ken");
        let host = "127.0.0.1:5000";
        assert!(
            gate.admit(&knock("POST", host, Some("http://127.0.0.1:5000")), true)
                .is_ok()
        );
        assert!(
            gate.admit(&knock("PUT", host, Some("http://localhost:5000")), true)
                .is_ok()
        );
        for origin in [
            None,
            Some("null"),
            Some("http://attacker.example"),
            Some("http://127.0.0.1:5001"),
            Some("https://127.0.0.1:5000"),
            Some("http://127.0.0.1:5000.attacker.example"),
        ] {
            for method in ["POST", "PUT", "DELETE"] {
                assert_eq!(
                    gate.admit(&knock(method, host, origin), true)
                        .unwrap_err()
                        .status,
                    403,
                    "{method} {origin:?}"
                );
            }
        }
    }

    #[test]
    fn the_token_must_match_exactly() {
        let gate = Gate::with_token(5000, "t0ken");
        let host = "127.0.0.1:5000";
        for token in [None, Some(""), Some("t0ke"), Some("t0ken1"), Some("T0KEN")] {
            let k = Knock {
                token,
                ..knock("GET", host, None)
            };
            assert_eq!(gate.admit(&k, true).unwrap_err().status, 401, "{token:?}");
            assert!(gate.admit(&k, false).is_ok(), "assets need no token");
        }
    }

    #[test]
    fn tokens_are_random_and_long() {
        let (a, b) = (Gate::new(1).unwrap(), Gate::new(1).unwrap());
        assert_eq!(a.token().len(), 48);
        assert_ne!(a.token(), b.token());
        assert!(a.address().starts_with("http://127.0.0.1:1/?token="));
    }
}
