//! The form's module: the frame's first view (see `lib.rs`).
#![deny(unsafe_code)]

fn main() {
    console_error_panic_hook::set_once();
    sealdrop_widget::components::app::mount();
}
