//! The way back from a stored plan that no longer loads: every problem with
//! its path and the value there, editable; saving goes through the gate.

use leptos::prelude::*;
use plan_core::repair::Repair;

use super::{texts, use_state};

#[component]
pub fn RepairPage(key: String) -> impl IntoView {
    let state = use_state();
    let raw = state
        .doc
        .unreadable
        .with_untracked(|u| u.iter().find(|x| x.key == key).map(|x| x.raw.clone()))
        .unwrap_or_default();
    let repair = RwSignal::new(Repair::new(raw));
    let key = StoredValue::new(key);
    let plan = Memo::new(move |_| repair.with(Repair::plan));
    let errors = Memo::new(move |_| {
        repair.with(|r| {
            r.problems
                .iter()
                .filter(|p| p.is_error())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let message =
        move |kind: &plan_core::ProblemKind| plan_core::messages::problem(texts().lang, kind);
    view! {
        <section class="repair" data-testid="repair">
            <h2>{move || (texts().repair.heading)(&key.read_value())}</h2>
            <p>{move || texts().repair.lead}</p>
            <p class="repair-count" data-testid="repair-count">
                {move || {
                    let n = errors.with(Vec::len);
                    if n == 0 {
                        texts().repair.ready.to_string()
                    } else {
                        (texts().repair.problem_count)(n)
                    }
                }}
            </p>
            <ol class="repair-problems">
                <For
                    each=move || errors.get().into_iter().enumerate()
                    key=|(i, p)| (*i, p.path.clone(), format!("{:?}", p.kind))
                    children=move |(_, p)| {
                        let path = p.path.clone();
                        let shown = repair.with_untracked(|r| r.shown_at(&path));
                        let field = shown
                            .map(|value| {
                                let path = path.clone();
                                let long = value.chars().count() > 80 || value.contains('\n');
                                let on_change = move |v: String| {
                                    repair.update(|r| *r = r.set(&path, &v))
                                };
                                if long {
                                    view! {
                                        <textarea
                                            rows="4"
                                            aria-label=move || texts().repair.value
                                            data-testid="repair-value"
                                            prop:value=value
                                            on:change:target=move |ev| on_change(ev.target().value())
                                        ></textarea>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <input
                                            type="text"
                                            aria-label=move || texts().repair.value
                                            data-testid="repair-value"
                                            prop:value=value
                                            on:change:target=move |ev| on_change(ev.target().value())
                                        />
                                    }
                                        .into_any()
                                }
                            });
                        view! {
                            <li>
                                <code>
                                    {if p.path.is_empty() {
                                        "—".to_string()
                                    } else {
                                        p.path.clone()
                                    }}
                                </code>
                                " "
                                <span>{message(&p.kind)}</span>
                                {field}
                            </li>
                        }
                    }
                />
            </ol>
            <details class="repair-raw">
                <summary>{move || texts().repair.raw}</summary>
                <textarea
                    rows="16"
                    data-testid="repair-raw"
                    prop:value=move || repair.with(|r| r.text.clone())
                    on:change:target=move |ev| repair.set(Repair::new(ev.target().value()))
                ></textarea>
            </details>
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="repair-save"
                    disabled=move || plan.with(Option::is_none)
                    on:click=move |_| {
                        if let Some(file) = plan.get_untracked() {
                            state.finish_repair(&key.read_value(), file);
                        }
                    }
                >
                    {move || texts().repair.save}
                </button>
                <button type="button" on:click=move |_| state.doc.repairing.set(None)>
                    {move || texts().repair.close}
                </button>
            </div>
        </section>
    }
}
