//! Tauri build step: reads `tauri.conf.json` (a symlink to the top-level file) and the
//! capabilities, and makes the generated context available to `generate_context!`.
//!
//! `generate_context!` embeds `ui/dist/` at compile time, so the crate is rebuilt whenever it
//! changes. When the front end has not been built yet (a plain `cargo build --workspace`), a
//! placeholder page saying how to build it is written there so the workspace still compiles.
use std::path::Path;

fn main() {
    let dist = Path::new("../ui/dist");
    let index = dist.join("index.html");
    if !index.exists() {
        std::fs::create_dir_all(dist).expect("create ui/dist");
        std::fs::write(
            &index,
            "<!doctype html><meta charset=\"utf-8\"><title>ClearFrame</title>\
             <p style=\"font:16px system-ui;margin:3em\">The ClearFrame interface has not been \
             built. Run <code>npm ci &amp;&amp; npm run build</code> in <code>ui/</code>, then \
             rebuild the app (or run <code>bash scripts/app-e2e.sh</code>).</p>\n",
        )
        .expect("write placeholder ui/dist/index.html");
    }
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build();
}
