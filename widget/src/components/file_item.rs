//! One attached file: a thumbnail (images) or a type badge, its name, its size and a remove
//! button. The thumbnail is drawn on a canvas from `createImageBitmap`: no `blob:` URL is made,
//! and the picture never leaves the frame.

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sealdrop_shared::i18n::Arg;
use wasm_bindgen::JsCast;

use crate::i18n::{lang, t, tf};

/// The thumbnail's side, CSS pixels.
const THUMB: f64 = 40.0;

/// What the badge says for a file that is not a picture: its extension (up to four letters), or
/// nothing (the badge then says "file" in the reporter's language).
fn badge(name: &str) -> Option<String> {
    name.rsplit_once('.')
        .map(|(_, ext)| ext)
        .filter(|ext| (1..=4).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(str::to_ascii_uppercase)
}

/// Whether the browser can draw the file (raster images; SVG has no bitmap to decode).
fn drawable(file: &web_sys::File) -> bool {
    let media_type = file.type_();
    media_type.starts_with("image/") && media_type != "image/svg+xml"
}

/// Draws the file's picture, scaled to fit, on `canvas`; a file that does not decode keeps the
/// empty frame.
async fn draw(file: web_sys::File, canvas: web_sys::HtmlCanvasElement) -> Option<()> {
    let promise = web_sys::window()?.create_image_bitmap_with_blob(&file).ok()?;
    let bitmap: web_sys::ImageBitmap = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    let scale = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(1.0);
    let side = (THUMB * scale).round();
    canvas.set_width(side as u32);
    canvas.set_height(side as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let fit = (side / w).min(side / h);
    let (dw, dh) = (w * fit, h * fit);
    context.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, (side - dw) / 2.0, (side - dh) / 2.0, dw, dh).ok()?;
    bitmap.close();
    Some(())
}

/// One file of the list.
#[component]
pub fn FileItem(
    /// The file.
    file: web_sys::File,
    /// Removes it from the list.
    on_remove: Callback<()>,
) -> impl IntoView {
    let name = file.name();
    let bytes = file.size() as u64;
    let size = move || lang().size(bytes);
    let label = {
        let name = name.clone();
        tf("file-remove-named", move |_| vec![("name", Arg::from(name.clone()))])
    };
    let preview = if drawable(&file) {
        let canvas = NodeRef::<Canvas>::new();
        let file = file.clone();
        Effect::new(move |_| {
            if let Some(canvas) = canvas.get() {
                let file = file.clone();
                spawn_local(async move {
                    let _ = draw(file, canvas).await;
                });
            }
        });
        view! { <canvas class="sd-file-thumb" node_ref=canvas width="40" height="40" aria-hidden="true"></canvas> }
            .into_any()
    } else {
        let badge = badge(&name);
        let text = move || badge.clone().unwrap_or_else(|| lang().t("file-badge-other"));
        view! { <span class="sd-file-badge" aria-hidden="true">{text}</span> }.into_any()
    };
    view! {
        <li>
            {preview}
            <span class="sd-file-name">{name}</span>
            <span class="sd-file-size">{size}</span>
            <button type="button" class="sd-link" aria-label=label on:click=move |_| on_remove.run(())>{t("file-remove")}</button>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::badge;

    #[test]
    fn badges_name_short_extensions_only() {
        for (name, want) in [
            ("poc.py", Some("PY")),
            ("dump.tar.gz", Some("GZ")),
            ("recording.webm", Some("WEBM")),
            ("README", None),
            ("x.longext", None),
            ("a.p y", None),
        ] {
            assert_eq!(badge(name).as_deref(), want, "{name}");
        }
    }
}
