//! The start screen: create, sample, open a file, or pick a stored plan.

use leptos::prelude::*;

use super::{texts, use_state};
use crate::state::on_file_picked;

#[component]
pub fn StartPage() -> impl IntoView {
    let state = use_state();
    let on_file = on_file_picked(state);
    let stored = move || state.doc.plans.get();
    view! {
        <section class="start">
            <h1>{move || texts().start.heading}</h1>
            <p class="lead">{move || texts().start.lead}</p>
            <div class="start-actions">
                <button
                    class="start-action"
                    data-testid="start-sample"
                    on:click=move |_| state.open_sample()
                >
                    <strong>{move || texts().start.sample}</strong>
                    <span>{move || texts().start.sample_hint}</span>
                </button>
                <button
                    class="start-action"
                    data-testid="start-new"
                    on:click=move |_| state.create_empty()
                >
                    <strong>{move || texts().start.new}</strong>
                    <span>{move || texts().start.new_hint}</span>
                </button>
                <label class="start-action" data-testid="start-open">
                    <strong>{move || texts().start.open}</strong>
                    <span>{move || texts().start.open_hint}</span>
                    <input
                        type="file"
                        accept=".json,.html,.xlsx,application/json,text/html"
                        class="visually-hidden"
                        on:change=on_file
                    />
                </label>
            </div>
            <Show when=move || state.doc.plans.with(|p| !p.is_empty())>
                <h2>{move || texts().start.stored}</h2>
                <ul class="stored-plans">
                    {move || {
                        stored()
                            .into_iter()
                            .map(|p| {
                                let t = texts();
                                let (open_id, del_id, del_title) = (
                                    p.id.clone(),
                                    p.id.clone(),
                                    p.title.clone(),
                                );
                                let delete = move |_| {
                                    if window()
                                        .confirm_with_message(
                                            &(t.start.confirm_delete_plan)(&del_title),
                                        )
                                        .unwrap_or(false)
                                    {
                                        state.delete_plan(&del_id);
                                    }
                                };
                                view! {
                                    <li data-plan-id=p.id.clone()>
                                        <button
                                            class="link"
                                            on:click=move |_| state.switch_to(&open_id)
                                        >
                                            {p.title.clone()}
                                        </button>
                                        <span class="muted">
                                            {p.organization.clone()}" "{(t.common.card_count)(p.cards)}
                                        </span>
                                        <button
                                            type="button"
                                            class="small danger"
                                            data-testid="delete-plan"
                                            aria-label=format!("{}: {}", t.common.delete, p.title)
                                            on:click=delete
                                        >
                                            {t.common.delete}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </section>
    }
}
