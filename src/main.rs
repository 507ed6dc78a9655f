fn main() {
    // First, so that a panic while mounting is shown too.
    shinchoku::crash::install();
    leptos::mount::mount_to_body(shinchoku::App);
    shinchoku::crash::test_trigger();
}
