//! Fetching a web page or a book over HTTP(S) for `annotty add URL`: ureq
//! with rustls (no OpenSSL), `http` and `https` only, annotty's user
//! agent, one timeout for the whole request, at most 10 redirects, gzip
//! decoded, and a cap on the (decoded) body's size. Every failure is one
//! line of words.

use std::time::Duration;

/// How a fetch is made.
#[derive(Debug, Clone)]
pub struct Options {
    /// The most bytes the body may have (decoded).
    pub max_bytes: u64,
    /// For the whole request: connecting, redirects, reading the body.
    pub timeout: Duration,
    /// Use the proxy the environment names (`HTTPS_PROXY`, …).
    pub proxy_from_env: bool,
}

/// The default size cap: 50 MB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1000 * 1000;

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: DEFAULT_MAX_BYTES,
            timeout: Duration::from_secs(30),
            proxy_from_env: true,
        }
    }
}

/// What came back.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL after redirects.
    pub url: String,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// `User-Agent` sent.
pub const USER_AGENT: &str = concat!(
    "annotty/",
    env!("CARGO_PKG_VERSION"),
    " (terminal reader; +https://crates.io/crates/annotty)"
);

/// Whether `s` names something to fetch (`http://` or `https://`).
pub fn is_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Fetch `url`. Errors are one line: what went wrong, for people.
pub fn get(url: &str, options: &Options) -> Result<Fetched, String> {
    if !is_url(url) {
        return Err(format!(
            "{url}: only http:// and https:// addresses can be fetched"
        ));
    }
    let mut config = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(10)
        .user_agent(USER_AGENT)
        .http_status_as_error(false);
    if !options.proxy_from_env {
        config = config.proxy(None);
    }
    let agent: ureq::Agent = config.build().into();
    let mut response = agent
        .get(url)
        .header(
            "Accept",
            "text/html,application/xhtml+xml,application/epub+zip;q=0.9,*/*;q=0.5",
        )
        .call()
        .map_err(|e| explain(url, &e, options))?;
    let status = response.status();
    if !status.is_success() {
        let reason = status.canonical_reason().unwrap_or("");
        return Err(
            format!("{url}: the server answered {} {reason}", status.as_u16())
                .trim_end()
                .to_string(),
        );
    }
    use ureq::ResponseExt;
    let final_url = response.get_uri().to_string();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(len) = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok())
        && len > options.max_bytes
    {
        return Err(too_big(url, options));
    }
    let body = response
        .body_mut()
        .with_config()
        .limit(options.max_bytes)
        .read_to_vec()
        .map_err(|e| explain(url, &e, options))?;
    Ok(Fetched {
        url: final_url,
        content_type,
        body,
    })
}

fn too_big(url: &str, options: &Options) -> String {
    format!(
        "{url}: larger than the limit of {} (config fetch_max_mb)",
        crate::library::human_size(options.max_bytes)
    )
}

/// The TLS error inside `io`: rustls reports a failed handshake (say, with
/// a server that does not speak TLS) as an I/O error holding its own.
fn tls_error(io: &std::io::Error) -> Option<&rustls::Error> {
    io.get_ref()?.downcast_ref::<rustls::Error>()
}

/// One line for a failed request.
fn explain(url: &str, e: &ureq::Error, options: &Options) -> String {
    use ureq::Error as E;
    let what = match e {
        E::HostNotFound => "host not found (DNS)".to_string(),
        E::Timeout(_) => format!(
            "no answer within {} s (timed out)",
            options.timeout.as_secs()
        ),
        E::TooManyRedirects => "more than 10 redirects".to_string(),
        E::BodyExceedsLimit(_) => return too_big(url, options),
        E::ConnectionFailed => "could not connect".to_string(),
        E::Tls(m) => format!("TLS: {m}"),
        E::Rustls(r) => format!("TLS: {r}"),
        E::Io(io) => match (tls_error(io), io.kind()) {
            (Some(tls), _) => format!("TLS: {tls}"),
            (_, std::io::ErrorKind::ConnectionRefused) => "connection refused".to_string(),
            (_, std::io::ErrorKind::TimedOut) => {
                format!(
                    "no answer within {} s (timed out)",
                    options.timeout.as_secs()
                )
            }
            _ => io.to_string(),
        },
        E::BadUri(u) => format!("not a valid address ({u})"),
        other => other.to_string(),
    };
    format!("{url}: {}", what.lines().next().unwrap_or_default())
}
