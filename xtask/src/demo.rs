//! The demo host page: a stand-in for the organisation's own site, on its own origin, embedding
//! the loader exactly as the README tells organisations to. Served from `www/`.

use std::path::{Component, Path, PathBuf};
use std::thread::JoinHandle;

use tiny_http::{Header, Response, Server};

use crate::Error;

/// Starts serving `www/` on `127.0.0.1:port` in a background thread.
///
/// `{{WORKER_ORIGIN}}` and `{{FINGERPRINT}}` in HTML files are replaced, and the page is served
/// with a strict CSP that allows scripts and frames only from the worker's origin.
pub fn serve(www: PathBuf, port: u16, worker_origin: String, fingerprint: String) -> Result<JoinHandle<()>, Error> {
    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| Error::Stack(format!("demo page: cannot listen on port {port}: {e}")))?;
    Ok(std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let response = respond(&www, request.url(), &worker_origin, &fingerprint);
            let _ = request.respond(response);
        }
    }))
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(www: &Path, url: &str, worker_origin: &str, fingerprint: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let relative = if path.ends_with('/') { format!("{path}index.html") } else { path.to_owned() };
    let safe = Path::new(relative.trim_start_matches('/')).components().all(|c| matches!(c, Component::Normal(_)));
    let file = www.join(relative.trim_start_matches('/'));
    let Some(bytes) = safe.then(|| std::fs::read(&file).ok()).flatten() else {
        return Response::from_string("not found").with_status_code(404);
    };
    let (media_type, bytes) = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => {
            let html = String::from_utf8_lossy(&bytes)
                .replace("{{WORKER_ORIGIN}}", worker_origin)
                .replace("{{FINGERPRINT}}", fingerprint);
            ("text/html; charset=utf-8", html.into_bytes())
        }
        Some("css") => ("text/css; charset=utf-8", bytes),
        Some("js") => ("text/javascript; charset=utf-8", bytes),
        Some("svg") => ("image/svg+xml", bytes),
        Some("png") => ("image/png", bytes),
        _ => ("application/octet-stream", bytes),
    };
    let csp = format!(
        "default-src 'self'; script-src 'self' {worker_origin}; frame-src {worker_origin}; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; object-src 'none'"
    );
    let mut response = Response::from_data(bytes);
    for h in [
        header("Content-Type", media_type),
        header("Content-Security-Policy", &csp),
        header("X-Content-Type-Options", "nosniff"),
        header("Cache-Control", "no-store"),
    ]
    .into_iter()
    .flatten()
    {
        response.add_header(h);
    }
    response
}
