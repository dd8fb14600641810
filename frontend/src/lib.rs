//! The browser entry point: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `hydrate_lazy`, not `hydrate_body`: the admin area is a lazy route
    // (its WASM chunk is fetched before its page can hydrate).
    leptos::mount::hydrate_lazy(app::App);
}
