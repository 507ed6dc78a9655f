//! The plan header editor: title, organization, period, pillars with their
//! visions and measures, and the department list. Also the daily snapshots.

use leptos::prelude::*;
use plan_core::spot::{PlanSpot, Spot};
use plan_core::{Measure, Pillar, PlanFile, Vision};

use super::fields::{EditableList, ListAt, ListItem, NumberField, TextField, TextList};
use super::{RouteLink, texts, use_state};
use crate::route::Route;
use crate::state::AppState;

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn plan<T>(state: AppState, f: impl FnOnce(&PlanFile) -> T) -> Option<T> {
    state.doc.with_plan(f)
}

/// The gate's problem at the spot `spot` gives in the header, as a signal.
fn err(
    state: AppState,
    spot: impl Fn() -> PlanSpot + Send + Sync + 'static,
) -> Signal<Option<String>> {
    Signal::derive(move || state.problem(&Spot::Plan(spot())))
}

#[component]
pub fn PlanEditPage() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let pillars = ListAt::new(
        state,
        |p| Some(&p.plan.pillars),
        |p| Some(&mut p.plan.pillars),
    );
    let year_field = move |label: &'static str,
                           get: fn(&PlanFile) -> i32,
                           set: fn(&mut PlanFile, i32),
                           spot: fn() -> PlanSpot| {
        view! {
            <NumberField
                label=label
                value=Signal::derive(move || plan(state, |p| get(p) as f64))
                on_input=Callback::new(move |v: Option<f64>| {
                    if let Some(v) = v
                        .filter(|v| {
                            v.fract() == 0.0
                                && (f64::from(
                                    plan_core::validate::MIN_YEAR,
                                )..=f64::from(plan_core::validate::MAX_YEAR))
                                    .contains(v)
                        })
                    {
                        state.edit(Some(label), |p| set(p, v as i32));
                    }
                })
                error=err(state, spot)
            />
        }
    };
    view! {
        <article class="editor" data-testid="plan-editor">
            <div class="toolbar">
                <RouteLink route=Route::Overview>{t.nav.back_to_overview}</RouteLink>
            </div>
            <h1>{t.nav.edit_plan}</h1>
            <TextField
                label=t.plan_edit.title
                value=Signal::derive(move || {
                    plan(state, |p| p.plan.title.clone()).unwrap_or_default()
                })
                on_input=Callback::new(move |v| {
                    state.edit(Some("plan.title"), |p| p.plan.title = v)
                })
                error=err(state, || PlanSpot::Title)
                testid="plan-title"
            />
            <TextField
                label=t.plan_edit.organization
                value=Signal::derive(move || {
                    plan(state, |p| p.plan.organization.clone()).flatten().unwrap_or_default()
                })
                on_input=Callback::new(move |v: String| {
                    state
                        .edit(
                            Some("plan.org"),
                            |p| p.plan.organization = (!v.is_empty()).then_some(v),
                        )
                })
                error=err(state, || PlanSpot::Organization)
            />
            <div class="grid-2">
                <div>
                    {year_field(
                        t.plan_edit.start_year,
                        |p| p.plan.start_year,
                        |p, v| p.plan.start_year = v,
                        || PlanSpot::StartYear,
                    )}
                </div>
                <div>
                    {year_field(
                        t.plan_edit.end_year,
                        |p| p.plan.end_year,
                        |p, v| p.plan.end_year = v,
                        || PlanSpot::EndYear,
                    )}
                </div>
            </div>

            <h2>{t.plan_edit.pillar_list_heading}</h2>
            <EditableList
                list=pillars
                what=t.plan_edit.pillar_name
                item_class="list-item pillar-item"
                item={move |pid: String, index: Signal<usize>| {
                    view! { <PillarEditor list=pillars pid=pid index=index /> }
                }}
                new_item=|_: &[Pillar]| Some(Pillar {
                    id: new_id(),
                    name: String::new(),
                    visions: Vec::new(),
                    measures: Vec::new(),
                    extra: Default::default(),
                })
                add_label=t.plan_edit.add_pillar
                add_class=""
            />

            <h2>{t.plan_edit.department_list_heading}</h2>
            <TextList
                list=ListAt::new(
                    state,
                    |p| Some(&p.plan.departments),
                    |p| Some(&mut p.plan.departments),
                )
                label=t.plan_edit.department
                add_label=t.plan_edit.add_department
                add_class=""
            />

            <Snapshots />
        </article>
    }
}

#[component]
fn PillarEditor(list: ListAt<Pillar>, pid: String, index: Signal<usize>) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let pid = StoredValue::new(pid);
    view! {
        <fieldset class="pillar-editor">
            <legend>{move || format!("{} {}", t.plan_edit.pillar, index.get() + 1)}</legend>
            <TextField
                label=t.plan_edit.pillar_name
                value=Signal::derive(move || {
                    list.with_item(&pid.read_value(), |x| x.name.clone()).unwrap_or_default()
                })
                on_input=Callback::new(move |v: String| {
                    list.edit_item(
                        &pid.read_value(),
                        Some(&format!("pillar-{}", pid.read_value())),
                        |pl| pl.name = v,
                    )
                })
                error=err(state, move || PlanSpot::PillarName(pid.get_value()))
            />
            <p class="field-error" role="alert">
                {err(state, move || PlanSpot::PillarId(pid.get_value()))}
            </p>
            <h3>{t.plan_edit.visions_heading}</h3>
            {text_items(
                in_pillar(state, pid, |p| &p.visions, |p| &mut p.visions),
                (
                    |v| &v.text,
                    |v| &mut v.text,
                    |id| Vision {
                        id,
                        text: String::new(),
                        extra: Default::default(),
                    },
                ),
                (t.plan_edit.vision_text, t.plan_edit.add_vision, PlanSpot::VisionText),
                true,
            )}
            <h3>{t.plan_edit.measures_heading}</h3>
            {text_items(
                in_pillar(state, pid, |p| &p.measures, |p| &mut p.measures),
                (
                    |m| &m.name,
                    |m| &mut m.name,
                    |id| Measure {
                        id,
                        name: String::new(),
                        extra: Default::default(),
                    },
                ),
                (t.plan_edit.measure_name, t.plan_edit.add_measure, PlanSpot::MeasureName),
                false,
            )}
        </fieldset>
    }
}

/// One of the lists of the pillar `pid`, reached in it by `read` and `write`.
fn in_pillar<T: ListItem>(
    state: AppState,
    pid: StoredValue<String>,
    read: fn(&Pillar) -> &Vec<T>,
    write: fn(&mut Pillar) -> &mut Vec<T>,
) -> ListAt<T> {
    ListAt::new(
        state,
        move |p| p.pillar(&pid.read_value()).map(read),
        move |p| {
            p.plan
                .pillars
                .iter_mut()
                .find(|x| x.id == *pid.read_value())
                .map(write)
        },
    )
}

/// How the text of an item with an id is read and written, and how a new
/// item is made from a fresh id.
type TextOf<T> = (
    fn(&T) -> &String,
    fn(&mut T) -> &mut String,
    fn(String) -> T,
);

/// A list of items with an id and one text each (a pillar's visions,
/// measures), each a text field labelled `label` with the problem at the
/// spot `spot` makes from its id.
fn text_items<T: ListItem>(
    list: ListAt<T>,
    (text, text_mut, new): TextOf<T>,
    (label, add_label, spot): (&'static str, &'static str, fn(String) -> PlanSpot),
    multiline: bool,
) -> impl IntoView {
    let state = use_state();
    view! {
        <EditableList
            list=list
            what=label
            item=move |id: String, _| {
                let id = StoredValue::new(id);
                view! {
                    <TextField
                        label=label
                        multiline=multiline
                        value=Signal::derive(move || {
                            list.with_item(&id.read_value(), |x| text(x).clone())
                                .unwrap_or_default()
                        })
                        on_input=Callback::new(move |v: String| {
                            list.edit_item(
                                &id.read_value(),
                                Some(&format!("{label}-{}", id.read_value())),
                                |x| *text_mut(x) = v,
                            )
                        })
                        error=err(state, move || spot(id.get_value()))
                    />
                }
            }
            new_item={move |_: &[T]| Some(new(new_id()))}
            add_label=add_label
        />
    }
}

/// The snapshots of this plan (one a day, and one before each import),
/// newest first, each restorable.
#[component]
fn Snapshots() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let list = move || state.doc.snapshots.get();
    view! {
        <section class="snapshots">
            <h2>{t.snapshots.heading}</h2>
            <Show when=move || list().is_empty()>
                <p class="hint">{t.snapshots.none}</p>
            </Show>
            <ul>
                {move || {
                    list()
                        .into_iter()
                        .map(|s| {
                            let label = match &s.before_import {
                                Some(file) => {
                                    (t
                                        .snapshots
                                        .before_import)(
                                        file,
                                        &s.at.replace('T', " ")[..16.min(s.at.len())],
                                    )
                                }
                                None => (t.snapshots.day)(&s.date),
                            };
                            let id = s.id.clone();
                            view! {
                                <li data-testid="snapshot">
                                    <span>{label}</span>
                                    " "
                                    <span class="hint">
                                        {(t.snapshots.changed)(s.changed_cards)}
                                    </span>
                                    " "
                                    <button
                                        type="button"
                                        class="small"
                                        data-testid="restore-snapshot"
                                        on:click=move |_| state.restore_snapshot(&id)
                                    >
                                        {t.snapshots.restore}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
