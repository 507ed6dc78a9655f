//! The plan header editor: title, organization, period, pillars with their
//! visions and measures, and the department list. Also the daily snapshots.

use leptos::prelude::*;
use plan_core::edit::move_item;
use plan_core::{Measure, Pillar, PlanFile, Vision};

use super::fields::{EditableList, ItemButtons, NumberField, TextField, remove_at};
use super::{RouteLink, texts, use_state};
use crate::route::Route;
use crate::state::AppState;
use crate::storage;

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn plan<T>(state: AppState, f: impl FnOnce(&PlanFile) -> T) -> Option<T> {
    state.with_plan(f)
}

fn err(
    state: AppState,
    path: impl Fn() -> String + Send + Sync + 'static,
) -> Signal<Option<String>> {
    Signal::derive(move || state.problem_at(&path()))
}

#[component]
pub fn PlanEditPage() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let pillar_ids = move || {
        plan(state, |p| {
            p.plan
                .pillars
                .iter()
                .map(|p| p.id.clone())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let dept_len = Signal::derive(move || plan(state, |p| p.plan.departments.len()).unwrap_or(0));
    let year_field = move |label: &'static str,
                           get: fn(&PlanFile) -> i32,
                           set: fn(&mut PlanFile, i32),
                           path: &'static str| {
        view! {
            <NumberField
                label=label
                value=Signal::derive(move || plan(state, |p| get(p) as f64))
                on_input=Callback::new(move |v: Option<f64>| {
                    if let Some(v) = v.filter(|v| v.fract() == 0.0 && (f64::from(plan_core::validate::MIN_YEAR)..=f64::from(plan_core::validate::MAX_YEAR)).contains(v)) {
                        state.edit(Some(path), |p| set(p, v as i32));
                    }
                })
            />
            <p class="field-error" role="alert">{move || state.problem_at(path)}</p>
        }
    };
    view! {
        <article class="editor" data-testid="plan-editor">
            <div class="toolbar">
                <RouteLink route=Route::Overview>{t.back_to_overview}</RouteLink>
            </div>
            <h1>{t.edit_plan}</h1>
            <TextField
                label=t.f_plan_title
                value=Signal::derive(move || plan(state, |p| p.plan.title.clone()).unwrap_or_default())
                on_input=Callback::new(move |v| state.edit(Some("plan.title"), |p| p.plan.title = v))
                error=err(state, || "plan.title".into())
                testid="plan-title"
            />
            <TextField
                label=t.f_organization
                value=Signal::derive(move || plan(state, |p| p.plan.organization.clone()).flatten().unwrap_or_default())
                on_input=Callback::new(move |v: String| state.edit(Some("plan.org"), |p| p.plan.organization = (!v.is_empty()).then_some(v)))
            />
            <div class="grid-2">
                <div>{year_field(t.f_start_year, |p| p.plan.start_year, |p, v| p.plan.start_year = v, "plan.start_year")}</div>
                <div>{year_field(t.f_end_year, |p| p.plan.end_year, |p, v| p.plan.end_year = v, "plan.end_year")}</div>
            </div>

            <h2>{t.h_pillar_list}</h2>
            <For each=pillar_ids key=|p| p.clone() let:pid>
                <PillarEditor pid=pid />
            </For>
            <button type="button" on:click=move |_| state.edit(None, |p| p.plan.pillars.push(Pillar {
                id: new_id(),
                name: String::new(),
                visions: Vec::new(),
                measures: Vec::new(),
                extra: Default::default(),
            }))>
                {t.add_pillar}
            </button>

            <h2>{t.h_department_list}</h2>
            <EditableList
                keys=Signal::derive(move || (0..dept_len.get()).collect::<Vec<_>>())
                what=t.f_department
                item=move |i: usize, _| view! {
                    <TextField
                        label=t.f_department
                        value=Signal::derive(move || plan(state, |p| p.plan.departments.get(i).cloned()).flatten().unwrap_or_default())
                        on_input=Callback::new(move |v| state.edit(Some(&format!("dept-{i}")), |p| {
                            if let Some(d) = p.plan.departments.get_mut(i) {
                                *d = v;
                            }
                        }))
                    />
                }
                on_move=Callback::new(move |(a, b)| state.edit(None, |p| {
                    move_item(&mut p.plan.departments, a, b);
                }))
                on_remove=Callback::new(move |i| state.edit(None, |p| remove_at(&mut p.plan.departments, i)))
                add_label=t.add_department
                add_class=""
                on_add=Callback::new(move |()| state.edit(None, |p| p.plan.departments.push(String::new())))
            />

            <Snapshots />
        </article>
    }
}

#[component]
fn PillarEditor(pid: String) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let pid = StoredValue::new(pid);
    let index = Signal::derive(move || {
        plan(state, |p| {
            p.plan
                .pillars
                .iter()
                .position(|x| x.id == *pid.read_value())
        })
        .flatten()
        .unwrap_or(0)
    });
    let count = Signal::derive(move || plan(state, |p| p.plan.pillars.len()).unwrap_or(0));
    let with_pillar = move |f: Box<dyn FnOnce(&mut Pillar)>, key: Option<String>| {
        state.edit(key.as_deref(), |p| {
            if let Some(pl) = p
                .plan
                .pillars
                .iter_mut()
                .find(|x| x.id == *pid.read_value())
            {
                f(pl);
            }
        })
    };
    let ids = move |f: fn(&Pillar) -> Vec<String>| {
        Signal::derive(move || {
            plan(state, |p| p.pillar(&pid.read_value()).map(f))
                .flatten()
                .unwrap_or_default()
        })
    };
    let vision_ids = ids(|p| p.visions.iter().map(|v| v.id.clone()).collect());
    let measure_ids = ids(|p| p.measures.iter().map(|m| m.id.clone()).collect());
    view! {
        <fieldset class="pillar-editor">
            <legend>{move || format!("{} {}", t.h_pillars, index.get() + 1)}</legend>
            <TextField
                label=t.f_pillar_name
                value=Signal::derive(move || plan(state, |p| p.pillar(&pid.read_value()).map(|x| x.name.clone())).flatten().unwrap_or_default())
                on_input=Callback::new(move |v: String| with_pillar(Box::new(move |pl| pl.name = v), Some(format!("pillar-{}", pid.read_value()))))
            />
            <ItemButtons
                index=index
                len=count
                what=t.f_pillar_name
                on_move=Callback::new(move |(a, b)| state.edit(None, |p| {
                    move_item(&mut p.plan.pillars, a, b);
                }))
                on_remove=Callback::new(move |i| state.edit(None, |p| remove_at(&mut p.plan.pillars, i)))
            />
            <p class="field-error" role="alert">
                {move || {
                    let i = index.get();
                    state.problem_at(&format!("plan.pillars[{i}].id"))
                }}
            </p>
            <h3>{t.h_visions}</h3>
            <EditableList
                keys=vision_ids
                what=t.f_vision_text
                item={move |vid: String, i: Signal<usize>| {
                    let vid = StoredValue::new(vid);
                    view! {
                    <TextField
                        label=t.f_vision_text
                        multiline=true
                        value=Signal::derive(move || plan(state, |p| p.pillar(&pid.read_value()).and_then(|x| x.visions.get(i.get())).map(|v| v.text.clone())).flatten().unwrap_or_default())
                        on_input=Callback::new(move |v: String| with_pillar(Box::new(move |pl| {
                            if let Some(x) = pl.visions.iter_mut().find(|x| x.id == *vid.read_value()) {
                                x.text = v;
                            }
                        }), Some(format!("vision-{}-{}", pid.read_value(), i.get_untracked()))))
                    />
                }}}
                on_move=Callback::new(move |(a, b)| with_pillar(Box::new(move |pl| { move_item(&mut pl.visions, a, b); }), None))
                on_remove=Callback::new(move |i| with_pillar(Box::new(move |pl| remove_at(&mut pl.visions, i)), None))
                add_label=t.add_vision
                on_add=Callback::new(move |()| with_pillar(Box::new(|pl| pl.visions.push(Vision {
                    id: new_id(),
                    text: String::new(),
                    extra: Default::default(),
                })), None))
            />
            <h3>{t.h_measure}</h3>
            <EditableList
                keys=measure_ids
                what=t.f_measure_name
                item={move |mid: String, i: Signal<usize>| {
                    let mid = StoredValue::new(mid);
                    view! {
                    <TextField
                        label=t.f_measure_name
                        value=Signal::derive(move || plan(state, |p| p.pillar(&pid.read_value()).and_then(|x| x.measures.get(i.get())).map(|m| m.name.clone())).flatten().unwrap_or_default())
                        on_input=Callback::new(move |v: String| with_pillar(Box::new(move |pl| {
                            if let Some(x) = pl.measures.iter_mut().find(|x| x.id == *mid.read_value()) {
                                x.name = v;
                            }
                        }), Some(format!("measure-{}-{}", pid.read_value(), i.get_untracked()))))
                    />
                }}}
                on_move=Callback::new(move |(a, b)| with_pillar(Box::new(move |pl| { move_item(&mut pl.measures, a, b); }), None))
                on_remove=Callback::new(move |i| with_pillar(Box::new(move |pl| remove_at(&mut pl.measures, i)), None))
                add_label=t.add_measure
                on_add=Callback::new(move |()| with_pillar(Box::new(|pl| pl.measures.push(Measure {
                    id: new_id(),
                    name: String::new(),
                    extra: Default::default(),
                })), None))
            />
        </fieldset>
    }
}

/// The snapshots of this plan (one a day, and one before each import),
/// newest first, each restorable.
#[component]
fn Snapshots() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let list = move || {
        state.save_status.track();
        plan(state, |p| storage::snapshots(&p.plan.id)).unwrap_or_default()
    };
    view! {
        <section class="snapshots">
            <h2>{t.snapshots_heading}</h2>
            <Show when=move || list().is_empty()>
                <p class="hint">{t.snapshot_none}</p>
            </Show>
            <ul>
                {move || {
                    list()
                        .into_iter()
                        .map(|s| {
                            let label = match &s.before_import {
                                Some(file) => (t.snapshot_before_import)(file, &s.at.replace('T', " ")[..16.min(s.at.len())]),
                                None => (t.snapshot_day)(&s.date),
                            };
                            let id = s.id.clone();
                            view! {
                                <li data-testid="snapshot">
                                    <span>{label}</span>
                                    " "
                                    <span class="hint">{(t.snapshot_changed)(s.changed_cards)}</span>
                                    " "
                                    <button type="button" class="small" data-testid="restore-snapshot" on:click=move |_| state.restore_snapshot(&id)>{t.restore}</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
