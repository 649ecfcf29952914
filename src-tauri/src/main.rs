//! `clearframe-app`: the ClearFrame desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    clearframe_app::run();
}
