//! The demo host page: a stand-in for the organisation's own site, on its own origin, embedding
//! the loader exactly as the README tells organisations to. Served from `www/`.

use std::path::{Component, Path, PathBuf};
use std::thread::JoinHandle;

use tiny_http::{Header, Response, Server};

use crate::Error;

/// Starts serving `www/` on `127.0.0.1:port` in a background thread.
///
/// `{{WORKER_ORIGIN}}`, `{{FINGERPRINT}}`, `{{PINNED_SNIPPET}}` and `{{FRAME_SNIPPET}}` in HTML files are replaced,
/// and the page is served with the strict CSP the README asks of an embedding page: scripts,
/// styles, connections and frames only from itself and the worker's origin, `worker-src blob:`
/// and `'wasm-unsafe-eval'` (a loader-built frame inherits the page's CSP).
pub fn serve(www: PathBuf, port: u16, page: Page) -> Result<JoinHandle<()>, Error> {
    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| Error::Stack(format!("demo page: cannot listen on port {port}: {e}")))?;
    Ok(std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let response = respond(&www, request.url(), &page);
            let _ = request.respond(response);
        }
    }))
}

/// What the demo pages are filled in with.
#[derive(Debug, Clone)]
pub struct Page {
    /// The worker's origin.
    pub worker_origin: String,
    /// The `data-fingerprint` pins of the unpinned snippet.
    pub fingerprint: String,
    /// The pinned snippet.
    pub pinned_snippet: String,
    /// The frame-only snippet (no script on the page).
    pub frame_snippet: String,
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(www: &Path, url: &str, page: &Page) -> Response<std::io::Cursor<Vec<u8>>> {
    let worker_origin = page.worker_origin.as_str();
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
                .replace("{{PINNED_SNIPPET}}", &page.pinned_snippet)
                .replace("{{FRAME_SNIPPET}}", &page.frame_snippet)
                .replace("{{WORKER_ORIGIN}}", worker_origin)
                .replace("{{FINGERPRINT}}", &page.fingerprint);
            ("text/html; charset=utf-8", html.into_bytes())
        }
        Some("css") => ("text/css; charset=utf-8", bytes),
        Some("js") => ("text/javascript; charset=utf-8", bytes),
        Some("svg") => ("image/svg+xml", bytes),
        Some("png") => ("image/png", bytes),
        _ => ("application/octet-stream", bytes),
    };
    let csp = format!(
        "default-src 'self'; script-src 'self' {worker_origin} 'wasm-unsafe-eval'; frame-src {worker_origin}; style-src 'self' {worker_origin}; img-src 'self' data: blob:; connect-src 'self' {worker_origin}; worker-src blob:; base-uri 'none'; object-src 'none'"
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
