//! One chart on the page: its option asked of the worker whenever its spec
//! changes, drawn when mounted, updated in place, disposed when the view
//! closes, and saved as PNG on request. Until the option comes the panel
//! stays empty; the table under it is there at once.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;

use super::{texts, use_state};
use crate::charts::{self, ChartSpec, Echarts};
use crate::notice::{Message, Notice, Task};

/// Why a chart is not drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Failure {
    /// ECharts did not load.
    NotLoaded,
    /// The worker did not make the option.
    Worker,
}

#[component]
pub fn ChartView(
    /// What the chart shows, recomputed from the plan whenever it changes
    /// (`None`: nothing to draw).
    #[prop(into)]
    spec: Signal<Option<ChartSpec>>,
    /// A short name: the heading, the PNG file name and the label.
    #[prop(into)]
    title: String,
    #[prop(optional)] testid: &'static str,
    /// Text alternative (a table) for screen readers and print.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    static N: AtomicUsize = AtomicUsize::new(0);
    let state = use_state();
    let id = format!("chart-{}", N.fetch_add(1, Ordering::Relaxed));
    let node = NodeRef::<leptos::html::Div>::new();
    let instance: StoredValue<Option<Echarts>, LocalStorage> = StoredValue::new_local(None);
    let failed = RwSignal::new(None::<Failure>);
    // ECharts is loaded on the first chart shown (charts::ensure_loaded).
    let ready = RwSignal::new(false);
    let asked = StoredValue::new(false);
    // The latest option from the worker, and which request it answers.
    let option = RwSignal::new(None::<String>);
    let sent = StoredValue::new(0u32);
    // The spec last asked for: an edit that leaves a chart as it was (most
    // edits) sends nothing and redraws nothing.
    let last: StoredValue<Option<ChartSpec>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(s) = spec.get() else { return };
        if node.get().is_none() {
            return;
        }
        if last.with_value(|l| l.as_ref() == Some(&s)) {
            return;
        }
        last.set_value(Some(s.clone()));
        if !asked.get_value() {
            asked.set_value(true);
            charts::ensure_loaded(move |ok| {
                // The view may have closed meanwhile: try_set, not set.
                if ok {
                    ready.try_set(true);
                } else {
                    failed.try_set(Some(Failure::NotLoaded));
                }
            });
        }
        sent.update_value(|n| *n += 1);
        let this = sent.get_value();
        charts::option_for(s, move |reply| {
            // A later spec's answer replaces this one; a closed view drops it.
            if sent.try_get_value() != Some(this) {
                return;
            }
            match reply {
                Ok(o) => {
                    failed.try_update(|f| {
                        if *f == Some(Failure::Worker) {
                            *f = None;
                        }
                    });
                    option.try_set(Some(o));
                }
                Err(error) => {
                    // Asked again at the next change.
                    last.try_set_value(None);
                    failed.try_set(Some(Failure::Worker));
                    // One notice for all the charts of a failed job.
                    let notice = Notice::Error(Message::Job {
                        task: Task::Chart,
                        error,
                    });
                    if !state.ui.notices.with_untracked(|n| n.contains(&notice)) {
                        state.notify(notice);
                    }
                }
            }
        });
    });
    let chart_id = id.clone();
    Effect::new(move |_| {
        if !ready.get() {
            return;
        }
        option.with(|o| {
            let Some(o) = o else { return };
            instance.update_value(|slot| match slot {
                Some(existing) => charts::update(existing, o),
                None => match charts::render(&chart_id, o) {
                    Ok(created) => *slot = Some(created),
                    Err(_) => failed.set(Some(Failure::NotLoaded)),
                },
            });
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
                failed
                    .get()
                    .map(|f| {
                        let t = texts();
                        let text = match f {
                            Failure::NotLoaded => t.chart.failed,
                            Failure::Worker => t.chart.not_drawn,
                        };
                        view! { <p class="field-error">{text}</p> }
                    })
            }}
            <details class="chart-table">
                <summary>{move || texts().chart.as_table}</summary>
                {children.map(|c| c())}
            </details>
        </figure>
    }
}
