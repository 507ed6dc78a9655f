//! One chart on the page: drawn when mounted, updated when its data
//! changes, disposed when the view closes, and saved as PNG on request.

use std::sync::atomic::{AtomicUsize, Ordering};

use charming::Chart;
use charming::renderer::wasm_renderer::Echarts;
use leptos::prelude::*;

use super::texts;
use crate::charts;

#[component]
pub fn ChartView(
    /// The chart, rebuilt from the plan whenever it changes.
    #[prop(into)]
    chart: Signal<Chart>,
    /// A short name: the heading, the PNG file name and the label.
    #[prop(into)]
    title: String,
    #[prop(optional)] testid: &'static str,
    /// Text alternative (a table) for screen readers and print.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    static N: AtomicUsize = AtomicUsize::new(0);
    let id = format!("chart-{}", N.fetch_add(1, Ordering::Relaxed));
    let node = NodeRef::<leptos::html::Div>::new();
    let instance: StoredValue<Option<Echarts>, LocalStorage> = StoredValue::new_local(None);
    let failed = RwSignal::new(false);
    // ECharts is loaded on the first chart shown (charts::ensure_loaded).
    let ready = RwSignal::new(false);
    let asked = StoredValue::new(false);
    let chart_id = id.clone();
    Effect::new(move |_| {
        let c = chart.get();
        if node.get().is_none() {
            return;
        }
        if !ready.get() {
            if !asked.get_value() {
                asked.set_value(true);
                charts::ensure_loaded(move |ok| {
                    // The view may have closed meanwhile: try_set, not set.
                    if ok {
                        ready.try_set(true);
                    } else {
                        failed.try_set(true);
                    }
                });
            }
            return;
        }
        instance.update_value(|slot| match slot {
            Some(existing) => charts::update(existing, &c),
            None => match charts::render(&chart_id, &c) {
                Ok(created) => *slot = Some(created),
                Err(_) => failed.set(true),
            },
        });
    });
    on_cleanup(move || {
        instance.with_value(|slot| {
            if let Some(i) = slot {
                charts::dispose(i);
            }
        })
    });
    let file = title.clone();
    let save = move |_| {
        let url = instance.with_value(|slot| slot.as_ref().and_then(charts::png_data_url));
        if let Some(url) = url {
            let _ = crate::download::download_data_url(&format!("{file}.png"), &url);
        }
    };
    view! {
        <figure class="chart-panel" data-testid=testid>
            <figcaption>
                <span>{title.clone()}</span>
                <button type="button" class="small no-print" on:click=save>
                    {move || texts().chart.save_png}
                </button>
            </figcaption>
            <div id=id class="chart" node_ref=node role="img" aria-label=title></div>
            {move || {
                failed.get().then(|| view! { <p class="field-error">{texts().chart.failed}</p> })
            }}
            <details class="chart-table">
                <summary>{move || texts().chart.as_table}</summary>
                {children.map(|c| c())}
            </details>
        </figure>
    }
}
