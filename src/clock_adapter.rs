//! The browser's clock, as the strings the plan format uses. Local time
//! with its offset (city-hall PCs run on JST: `+09:00`).

thread_local! {
    /// Test-only shift in days, read once from storage: lets an end-to-end
    /// test live through a week in minutes. Absent for every user.
    static SHIFT_MS: f64 = crate::storage::test_day_offset() as f64 * 86_400_000.0;
}

fn now_date() -> js_sys::Date {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(now_ms()))
}

/// `2026-11-21T10:00:00+09:00`
pub fn now_rfc3339() -> String {
    let d = now_date();
    let offset_min = -(d.get_timezone_offset() as i32);
    let sign = if offset_min >= 0 { '+' } else { '-' };
    let off = offset_min.abs();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
        off / 60,
        off % 60
    )
}

/// Today as (year, month, day), for overdue marks and the current year.
pub fn today() -> (i32, u32, u32) {
    let d = now_date();
    (d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

/// `2026-11-21`
pub fn today_iso() -> String {
    now_rfc3339()[..10].to_string()
}

pub fn now_ms() -> f64 {
    js_sys::Date::now() + SHIFT_MS.with(|s| *s)
}
