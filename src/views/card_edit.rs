//! The card editor: every field of a card, lists with add, remove and
//! reorder. Problems from validation appear next to the field they concern.

use leptos::prelude::*;
use plan_core::edit::{Figure, move_item};
use plan_core::{Action, Card, CardYear, Direction, Goal, Indicator};

use super::fields::{
    EditableList, ItemButtons, MonthField, NumberField, SelectField, TextField, remove_at,
};
use super::{RouteLink, texts, use_state};
use crate::route::Route;
use crate::state::AppState;

type Id = StoredValue<String>;

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn card<T>(state: AppState, id: Id, f: impl FnOnce(&Card) -> T) -> Option<T> {
    state.with_card(&id.read_value(), f)
}

/// One edit of the card that is not typing (so it is its own undo step).
fn edit_card(state: AppState, id: Id, f: impl FnOnce(&mut Card)) {
    state.edit_card(&id.read_value(), None, f)
}

/// The first error at `cards[i]` + `suffix`, as a signal.
fn error_at(
    state: AppState,
    id: Id,
    suffix: impl Fn() -> String + Send + Sync + 'static,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        let base = state.card_path(&id.read_value())?;
        state.problem_at(&format!("{base}{}", suffix()))
    })
}

#[component]
pub fn CardEditPage(id: String) -> impl IntoView {
    let state = use_state();
    let id = StoredValue::new(id);
    let exists = Memo::new(move |_| card(state, id, |_| ()).is_some());
    view! {
        <Show when=move || exists.get() fallback=|| view! { <p class="empty">{texts().card_not_found}</p> }>
            <CardEditor id=id />
        </Show>
    }
}

/// A text field bound to one string of the card.
fn card_text(
    state: AppState,
    id: Id,
    label: &'static str,
    key: &'static str,
    get: fn(&Card) -> String,
    set: fn(&mut Card, String),
    multiline: bool,
) -> impl IntoView {
    view! {
        <TextField
            label=label
            multiline=multiline
            value=Signal::derive(move || card(state, id, get).unwrap_or_default())
            on_input=Callback::new(move |v| state.edit_card(&id.read_value(), Some(key), |c| set(c, v)))
            error=error_at(state, id, move || format!(".{key}"))
            testid=key
        />
    }
}

/// The card's lists of plain strings.
#[derive(Clone, Copy)]
enum StringList {
    Departments,
    Outcomes,
}

fn list_of(list: StringList, c: &Card) -> &Vec<String> {
    match list {
        StringList::Departments => &c.departments,
        StringList::Outcomes => &c.outcomes,
    }
}

fn list_of_mut(list: StringList, c: &mut Card) -> &mut Vec<String> {
    match list {
        StringList::Departments => &mut c.departments,
        StringList::Outcomes => &mut c.outcomes,
    }
}

/// An editable list of strings of the card (departments, outcomes).
fn string_list(state: AppState, id: Id, which: StringList) -> impl IntoView {
    let t = texts();
    let (label, add_label, multiline, list) = match which {
        StringList::Departments => (
            t.h_departments,
            t.add_department,
            false,
            Some("plan-departments"),
        ),
        StringList::Outcomes => (t.h_outcomes, t.add_outcome, true, None),
    };
    let keys = Signal::derive(move || {
        (0..card(state, id, |c| list_of(which, c).len()).unwrap_or(0)).collect::<Vec<_>>()
    });
    view! {
        <fieldset class="list-field">
            <legend>{label}</legend>
            <EditableList
                keys=keys
                what=label
                item=move |i: usize, _| view! {
                    <TextField
                        label=label
                        multiline=multiline
                        list=list.unwrap_or_default()
                        value=Signal::derive(move || card(state, id, |c| list_of(which, c).get(i).cloned()).flatten().unwrap_or_default())
                        on_input=Callback::new(move |v| {
                            state.edit_card(&id.read_value(), Some(&format!("{label}-{i}")), |c| {
                                if let Some(s) = list_of_mut(which, c).get_mut(i) {
                                    *s = v;
                                }
                            })
                        })
                    />
                }
                on_move=Callback::new(move |(a, b)| edit_card(state, id, |c| {
                    move_item(list_of_mut(which, c), a, b);
                }))
                on_remove=Callback::new(move |i| edit_card(state, id, |c| remove_at(list_of_mut(which, c), i)))
                add_label=add_label
                on_add=Callback::new(move |()| edit_card(state, id, |c| list_of_mut(which, c).push(String::new())))
            />
        </fieldset>
    }
}

#[component]
fn CardEditor(id: Id) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let years = move || {
        card(state, id, |c| {
            c.years.iter().map(|y| y.year).collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let missing_years = move || {
        let have = years();
        state
            .with_plan(|p| {
                p.fiscal_years()
                    .filter(|y| !have.contains(y))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let indicator_ids = move || {
        card(state, id, |c| {
            c.indicators
                .iter()
                .map(|i| i.id.clone())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let departments_datalist = move || {
        state.with_plan(|p| {
            p.plan
                .departments
                .iter()
                .map(|d| view! { <option value=d.clone()></option> })
                .collect_view()
        })
    };
    view! {
        <article class="editor" data-testid="card-editor">
            <div class="toolbar">
                <RouteLink route=Route::Card(id.get_value())>{t.view_card}</RouteLink>
            </div>
            <datalist id="plan-departments">{departments_datalist}</datalist>
            <div class="grid-2">
                {card_text(state, id, t.f_number, "number", |c| c.number.clone(), |c, v| c.number = v, false)}
                {card_text(state, id, t.h_category, "category", |c| c.category.clone(), |c, v| c.category = v, false)}
            </div>
            {card_text(state, id, t.h_title, "title", |c| c.title.clone(), |c, v| c.title = v, false)}
            {string_list(state, id, StringList::Departments)}
            <p class="muted">{t.f_lead_first}</p>
            <PillarRefs id=id />
            <VisionChoice id=id />
            {card_text(state, id, t.h_overview, "overview", |c| c.overview.clone(), |c, v| c.overview = v, true)}
            {card_text(state, id, t.h_background, "background", |c| c.background.clone(), |c, v| c.background = v, true)}
            {string_list(state, id, StringList::Outcomes)}

            <For each=years key=|y| *y let:year>
                <YearEditor id=id year=year />
            </For>
            <Show when=move || !missing_years().is_empty()>
                <div class="add-year">
                    {move || {
                        missing_years()
                            .into_iter()
                            .map(|y| {
                                view! {
                                    <button type="button" data-testid="add-year" on:click=move |_| edit_card(state, id, |c| {
                                        c.ensure_year(y);
                                    })>
                                        {t.add_year}": "{(t.fiscal_year)(y)}
                                    </button>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </Show>

            <h2>{t.h_indicators}</h2>
            <For each=indicator_ids key=|i| i.clone() let:iid>
                <IndicatorEditor id=id iid=iid />
            </For>
            <button type="button" on:click=move |_| edit_card(state, id, |c| c.indicators.push(Indicator::new(new_id())))>
                {t.add_indicator}
            </button>
        </article>
    }
}

/// The card's pillars: the first is its home, the others list it again.
#[component]
fn PillarRefs(id: Id) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let len = Signal::derive(move || card(state, id, |c| c.pillars.len()).unwrap_or(0));
    let options = Signal::derive(move || {
        let mut o = vec![(String::new(), t.pillar_none.to_string())];
        o.extend(
            state
                .with_plan(|p| {
                    p.plan
                        .pillars
                        .iter()
                        .map(|pl| (pl.id.clone(), pl.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        );
        o
    });
    let measure_options = Signal::derive(move || {
        let mut o = vec![(String::new(), t.no_measure.to_string())];
        o.extend(
            state
                .with_plan(|p| {
                    let home = p.card(&id.read_value())?.home_pillar()?.to_string();
                    Some(
                        p.pillar(&home)?
                            .measures
                            .iter()
                            .map(|m| (m.id.clone(), m.name.clone()))
                            .collect::<Vec<_>>(),
                    )
                })
                .flatten()
                .unwrap_or_default(),
        );
        o
    });
    view! {
        <fieldset class="list-field">
            <legend>{t.f_pillars}</legend>
            <EditableList
                keys=Signal::derive(move || (0..len.get()).collect::<Vec<_>>())
                what=t.h_pillars
                item=move |i: usize, _| view! {
                    <SelectField
                        label=t.h_pillars
                        options=options
                        value=Signal::derive(move || card(state, id, |c| c.pillars.get(i).cloned()).flatten().unwrap_or_default())
                        on_change=Callback::new(move |v: String| edit_card(state, id, |c| {
                            if let Some(p) = c.pillars.get_mut(i) {
                                *p = v;
                            }
                        }))
                        error=error_at(state, id, move || format!(".pillars[{i}]"))
                    />
                }
                on_move=Callback::new(move |(a, b)| edit_card(state, id, |c| {
                    move_item(&mut c.pillars, a, b);
                }))
                on_remove=Callback::new(move |i| edit_card(state, id, |c| remove_at(&mut c.pillars, i)))
                add_label=t.add_pillar
                on_add=Callback::new(move |()| edit_card(state, id, |c| {
                    let next = state.with_plan(|p| p.plan.pillars.iter().map(|pl| pl.id.clone()).find(|pid| !c.pillars.contains(pid))).flatten();
                    if let Some(pid) = next {
                        c.pillars.push(pid);
                    }
                }))
            />
        </fieldset>
        <SelectField
            label=t.h_measure
            options=measure_options
            value=Signal::derive(move || card(state, id, |c| c.measure.clone()).flatten().unwrap_or_default())
            on_change=Callback::new(move |v: String| edit_card(state, id, |c| c.measure = (!v.is_empty()).then_some(v)))
            error=error_at(state, id, || ".measure".to_string())
        />
    }
}

/// Which visions the card serves: a checkbox per vision, by pillar.
#[component]
fn VisionChoice(id: Id) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let all = move || {
        state
            .with_plan(|p| {
                p.plan
                    .pillars
                    .iter()
                    .flat_map(|pl| {
                        pl.visions
                            .iter()
                            .map(move |v| (v.id.clone(), format!("{}: {}", pl.name, v.text)))
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <fieldset class="list-field">
            <legend>{t.h_visions}</legend>
            {move || {
                all()
                    .into_iter()
                    .map(|(vid, label)| {
                        let v2 = vid.clone();
                        let checked = move || card(state, id, |c| c.visions.contains(&v2)).unwrap_or(false);
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=checked
                                    on:change:target=move |ev| {
                                        let on = ev.target().checked();
                                        let vid = vid.clone();
                                        edit_card(state, id, move |c| {
                                            c.visions.retain(|v| v != &vid);
                                            if on {
                                                c.visions.push(vid);
                                            }
                                        });
                                    }
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()
            }}
        </fieldset>
    }
}

fn year_of(c: &Card, year: i32) -> Option<&CardYear> {
    c.year(year)
}

#[component]
fn YearEditor(id: Id, year: i32) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let action_ids = move || {
        card(state, id, |c| {
            year_of(c, year).map(|y| y.actions.iter().map(|a| a.id.clone()).collect::<Vec<_>>())
        })
        .flatten()
        .unwrap_or_default()
    };
    let goal_ids = move || {
        card(state, id, |c| {
            year_of(c, year).map(|y| y.goals.iter().map(|g| g.id.clone()).collect::<Vec<_>>())
        })
        .flatten()
        .unwrap_or_default()
    };
    let remove_year = move |_| edit_card(state, id, |c| c.years.retain(|y| y.year != year));
    view! {
        <section class="year-editor" data-year=year>
            <h2>
                {(t.fiscal_year)(year)}
                <button type="button" class="small danger" on:click=remove_year>{t.remove}</button>
            </h2>
            <h3>{t.h_actions}</h3>
            <EditableList
                keys=Signal::derive(action_ids)
                what=t.f_action_text
                item_class="list-item action-editor"
                item=move |aid: String, _| view! { <ActionEditor id=id year=year aid=aid /> }
                on_move=Callback::new(move |(a, b)| edit_card(state, id, |c| {
                    if let Some(y) = c.year_mut(year) {
                        move_item(&mut y.actions, a, b);
                    }
                }))
                on_remove=Callback::new(move |i| edit_card(state, id, |c| {
                    if let Some(y) = c.year_mut(year) {
                        remove_at(&mut y.actions, i);
                    }
                }))
                add_label=t.add_action
                add_testid="add-action"
                on_add=Callback::new(move |()| edit_card(state, id, |c| {
                    c.ensure_year(year).actions.push(Action::new(new_id()));
                }))
            />
            <h3>{t.h_goals}</h3>
            <EditableList
                keys=Signal::derive(goal_ids)
                what=t.f_goal_text
                item_class="list-item goal-editor"
                item=move |gid: String, _| view! { <GoalEditor id=id year=year gid=gid /> }
                on_move=Callback::new(move |(a, b)| edit_card(state, id, |c| {
                    if let Some(y) = c.year_mut(year) {
                        move_item(&mut y.goals, a, b);
                    }
                }))
                on_remove=Callback::new(move |i| edit_card(state, id, |c| {
                    if let Some(y) = c.year_mut(year) {
                        remove_at(&mut y.goals, i);
                    }
                }))
                add_label=t.add_goal
                on_add=Callback::new(move |()| edit_card(state, id, |c| {
                    c.ensure_year(year).goals.push(Goal::new(new_id()));
                }))
            />
        </section>
    }
}

/// Position of an item in a year's list (tracked), for paths and buttons.
fn position_in(
    state: AppState,
    id: Id,
    year: i32,
    item: Id,
    actions: bool,
) -> Signal<(usize, usize, usize)> {
    Signal::derive(move || {
        card(state, id, |c| {
            let yi = c.years.iter().position(|y| y.year == year)?;
            let y = &c.years[yi];
            let (pos, len) = if actions {
                (
                    y.actions.iter().position(|a| a.id == *item.read_value())?,
                    y.actions.len(),
                )
            } else {
                (
                    y.goals.iter().position(|g| g.id == *item.read_value())?,
                    y.goals.len(),
                )
            };
            Some((yi, pos, len))
        })
        .flatten()
        .unwrap_or((0, 0, 0))
    })
}

#[component]
fn ActionEditor(id: Id, year: i32, aid: String) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let aid = StoredValue::new(aid);
    let pos = position_in(state, id, year, aid, true);
    let get = move |f: fn(&Action) -> String| {
        Signal::derive(move || {
            card(state, id, |c| {
                year_of(c, year)
                    .and_then(|y| y.actions.iter().find(|a| a.id == *aid.read_value()).map(f))
            })
            .flatten()
            .unwrap_or_default()
        })
    };
    let edit = move |key: Option<&str>, f: Box<dyn FnOnce(&mut Action)>| {
        state.edit_card(&id.read_value(), key, |c| {
            if let Some(a) = c
                .year_mut(year)
                .and_then(|y| y.actions.iter_mut().find(|a| a.id == *aid.read_value()))
            {
                f(a);
            }
        })
    };
    let key = format!("action-{}", aid.read_value());
    let key2 = key.clone();
    view! {
        <>
            <TextField
                label=t.f_action_text
                value=get(|a| a.text.clone())
                on_input=Callback::new(move |v: String| edit(Some(&key), Box::new(move |a| a.text = v)))
                testid="action-text"
            />
            <MonthField
                label=t.f_due
                value=Signal::derive(move || Some(get(|a| a.due.clone().unwrap_or_default()).get()).filter(|s| !s.is_empty()))
                on_input=Callback::new(move |v| edit(Some(&key2), Box::new(move |a| a.due = v)))
                error=Signal::derive(move || {
                    let (yi, ai, _) = pos.get();
                    let base = state.card_path(&id.read_value())?;
                    state.problem_at(&format!("{base}.years[{yi}].actions[{ai}].due"))
                })
            />
        </>
    }
}

#[component]
fn GoalEditor(id: Id, year: i32, gid: String) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let gid = StoredValue::new(gid);
    let goal = Memo::new(move |_| {
        card(state, id, |c| {
            year_of(c, year)
                .and_then(|y| y.goals.iter().find(|g| g.id == *gid.read_value()).cloned())
        })
        .flatten()
    });
    let edit = move |key: Option<String>, f: Box<dyn FnOnce(&mut Goal)>| {
        state.edit_card(&id.read_value(), key.as_deref(), |c| {
            if let Some(g) = c
                .year_mut(year)
                .and_then(|y| y.goals.iter_mut().find(|g| g.id == *gid.read_value()))
            {
                f(g);
            }
        })
    };
    let key = move |what: &str| Some(format!("goal-{what}-{}", gid.read_value()));
    view! {
        <>
            <TextField
                label=t.f_goal_text
                value=Signal::derive(move || goal.with(|g| g.as_ref().map(|g| g.text.clone())).unwrap_or_default())
                on_input=Callback::new(move |v: String| edit(key("text"), Box::new(move |g| g.text = v)))
            />
            <NumberField
                label=t.target
                value=Signal::derive(move || goal.with(|g| g.as_ref().and_then(|g| g.target.as_ref().map(|q| q.value))))
                on_input=Callback::new(move |v: Option<f64>| edit(key("target"), Box::new(move |g| g.set_figure(Figure::Target, v))))
            />
            <TextField
                label=t.f_unit
                value=Signal::derive(move || goal.with(|g| g.as_ref().map(|g| g.unit().to_string())).unwrap_or_default())
                on_input=Callback::new(move |v: String| edit(key("unit"), Box::new(move |g| g.set_unit(&v))))
            />
        </>
    }
}

#[component]
fn IndicatorEditor(id: Id, iid: String) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let iid = StoredValue::new(iid);
    let ind = Memo::new(move |_| state.indicator(&id.read_value(), &iid.read_value()));
    let pos = Signal::derive(move || {
        card(state, id, |c| {
            (
                c.indicators
                    .iter()
                    .position(|i| i.id == *iid.read_value())
                    .unwrap_or(0),
                c.indicators.len(),
            )
        })
        .unwrap_or((0, 0))
    });
    let edit = move |key: Option<String>, f: Box<dyn FnOnce(&mut Indicator)>| {
        state.edit_card(&id.read_value(), key.as_deref(), |c| {
            if let Some(i) = c.indicators.iter_mut().find(|i| i.id == *iid.read_value()) {
                f(i);
            }
        })
    };
    let key = move |what: &str| Some(format!("ind-{what}-{}", iid.read_value()));
    // The gate's problem at `.indicators[i]` + `rest` (e.g. a baseline year of 5).
    let problem = move |rest: String| {
        Signal::derive(move || {
            state.card_problem(&id.read_value(), |c| {
                let ii = c
                    .indicators
                    .iter()
                    .position(|i| i.id == *iid.read_value())?;
                Some(format!(".indicators[{ii}]{rest}"))
            })
        })
    };
    let years = move || {
        state
            .with_plan(|p| p.fiscal_years().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let directions = Signal::derive(move || {
        vec![
            ("up".to_string(), t.direction_up.to_string()),
            ("down".to_string(), t.direction_down.to_string()),
        ]
    });
    view! {
        <fieldset class="indicator-editor">
            <legend>{move || ind.with(|i| i.as_ref().map(|i| i.name.clone())).filter(|n| !n.is_empty()).unwrap_or_else(|| t.indicator_name.to_string())}</legend>
            <div class="grid-3">
                <TextField
                    label=t.indicator_name
                    value=Signal::derive(move || ind.with(|i| i.as_ref().map(|i| i.name.clone())).unwrap_or_default())
                    on_input=Callback::new(move |v: String| edit(key("name"), Box::new(move |i| i.name = v)))
                />
                <TextField
                    label=t.f_unit
                    value=Signal::derive(move || ind.with(|i| i.as_ref().map(|i| i.unit.clone())).unwrap_or_default())
                    on_input=Callback::new(move |v: String| edit(key("unit"), Box::new(move |i| i.unit = v)))
                />
                <SelectField
                    label=t.f_direction
                    options=directions
                    value=Signal::derive(move || ind.with(|i| i.as_ref().map(|i| if i.direction == Direction::Down { "down" } else { "up" }.to_string())).unwrap_or_default())
                    on_change=Callback::new(move |v: String| edit(None, Box::new(move |i| i.direction = if v == "down" { Direction::Down } else { Direction::Up })))
                />
            </div>
            <div class="grid-3">
                <NumberField
                    label=t.baseline
                    error=problem(".baseline.value".into())
                    value=Signal::derive(move || ind.with(|i| i.as_ref().and_then(|i| i.baseline.as_ref().map(|b| b.value))))
                    on_input=Callback::new(move |v: Option<f64>| {
                        // A new baseline is for the year before the plan starts.
                        let default_year = state.with_plan(|p| p.plan.start_year - 1).unwrap_or_default();
                        edit(key("base"), Box::new(move |i| i.set_baseline_value(v, default_year)))
                    })
                />
                <NumberField
                    label=t.f_year
                    testid="baseline-year"
                    error=problem(".baseline.year".into())
                    value=Signal::derive(move || ind.with(|i| i.as_ref().and_then(|i| i.baseline.as_ref().map(|b| b.year as f64))))
                    on_input=Callback::new(move |v: Option<f64>| edit(key("base-year"), Box::new(move |i| {
                        if let Some(y) = v {
                            i.set_baseline_year(y as i32);
                        }
                    })))
                />
            </div>
            <table class="indicators">
                <thead><tr><th>{t.f_year}</th><th>{t.target}</th></tr></thead>
                <tbody>
                    <For each=years key=|y| *y let:year>
                        <tr>
                            <th scope="row">{(t.fiscal_year)(year)}</th>
                            <td>
                                <NumberField
                                    label=t.target
                                    compact=true
                                    value=Signal::derive(move || ind.with(|i| i.as_ref().and_then(|i| i.targets.iter().find(|v| v.year == year).map(|v| v.value))))
                                    on_input=Callback::new(move |v: Option<f64>| edit(key(&format!("target-{year}")), Box::new(move |i| i.set_target(year, v))))
                                />
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <ItemButtons
                index=Signal::derive(move || pos.get().0)
                len=Signal::derive(move || pos.get().1)
                what=t.indicator_name
                on_move=Callback::new(move |(a, b)| edit_card(state, id, |c| {
                    move_item(&mut c.indicators, a, b);
                }))
                on_remove=Callback::new(move |i| edit_card(state, id, |c| remove_at(&mut c.indicators, i)))
            />
        </fieldset>
    }
}
