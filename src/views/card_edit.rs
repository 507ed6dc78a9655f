//! The card editor: every field of a card, lists with add, remove and
//! reorder. Problems from validation appear next to the field they concern.

use leptos::prelude::*;
use plan_core::edit::Figure;
use plan_core::merge::CardField;
use plan_core::spot::{ActionPart, CardSpot, IndicatorPart, ValuePart};
use plan_core::{Action, Card, CardYear, Direction, Goal, Indicator};

use super::fields::{
    EditableList, ListAt, ListItem, MonthField, NumberField, SelectField, TextField, TextList,
};
use super::{RouteLink, texts, use_state};
use crate::route::Route;
use crate::state::AppState;

use super::card::{Id, card, card_or_not_found};

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// One edit of the card that is not typing (so it is its own undo step).
fn edit_card(state: AppState, id: Id, f: impl FnOnce(&mut Card)) {
    state.edit_card(&id.read_value(), None, f)
}

/// The gate's problem at the spot `spot` gives in the card, as a signal.
fn error_at(
    state: AppState,
    id: Id,
    spot: impl Fn() -> CardSpot + Send + Sync + 'static,
) -> Signal<Option<String>> {
    Signal::derive(move || state.card_problem_in(id.card, id.problems, &spot()))
}

#[component]
pub fn CardEditPage(id: String) -> impl IntoView {
    card_or_not_found(id, |id| view! { <CardEditor id=id /> }.into_any())
}

/// A text field bound to one string of the card.
fn card_text(
    state: AppState,
    id: Id,
    label: &'static str,
    field: CardField,
    get: fn(&Card) -> String,
    set: fn(&mut Card, String),
    multiline: bool,
) -> impl IntoView {
    view! {
        <TextField
            label=label
            multiline=multiline
            value=Signal::derive(move || card(id, get).unwrap_or_default())
            on_input=Callback::new(move |v| {
                state.edit_card(&id.read_value(), Some(field.as_str()), |c| set(c, v))
            })
            error=error_at(state, id, move || CardSpot::Field(field))
            testid=field.as_str()
        />
    }
}

/// An editable list of strings of the card (departments, outcomes), in
/// a fieldset named by `label`.
fn string_list(
    list: ListAt<String>,
    label: &'static str,
    add_label: &'static str,
    multiline: bool,
    datalist: Option<&'static str>,
) -> impl IntoView {
    view! {
        <fieldset class="list-field">
            <legend>{label}</legend>
            <TextList
                list=list
                label=label
                add_label=add_label
                multiline=multiline
                datalist=datalist
            />
        </fieldset>
    }
}

fn year_numbers(c: &Card) -> Vec<i32> {
    c.years.iter().map(|y| y.year).collect()
}

#[component]
fn CardEditor(id: Id) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let years = move || card(id, year_numbers).unwrap_or_default();
    let missing_years = move || {
        let have = years();
        id.with_head(|p| {
            p.fiscal_years()
                .filter(|y| !have.contains(y))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    // A list of texts of the card, reached by `read` and `write`.
    let in_card = move |read: fn(&Card) -> &Vec<String>,
                        write: fn(&mut Card) -> &mut Vec<String>| {
        ListAt::in_card(
            state,
            id.key(),
            id.card,
            move |c| Some(read(c)),
            move |c| Some(write(c)),
        )
    };
    let indicators = ListAt::in_card(
        state,
        id.key(),
        id.card,
        |c| Some(&c.indicators),
        |c| Some(&mut c.indicators),
    );
    let departments_datalist = move || {
        id.with_head(|p| {
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
                <RouteLink route=Route::Card(id.get_value())>{t.nav.view_card}</RouteLink>
            </div>
            <datalist id="plan-departments">{departments_datalist}</datalist>
            <div class="grid-2">
                {card_text(
                    state,
                    id,
                    t.fields.number,
                    CardField::Number,
                    |c| c.number.clone(),
                    |c, v| c.number = v,
                    false,
                )}
                {card_text(
                    state,
                    id,
                    t.fields.category,
                    CardField::Category,
                    |c| c.category.clone(),
                    |c, v| c.category = v,
                    false,
                )}
            </div>
            {card_text(
                state,
                id,
                t.fields.title,
                CardField::Title,
                |c| c.title.clone(),
                |c, v| c.title = v,
                false,
            )}
            {string_list(
                in_card(|c| &c.departments, |c| &mut c.departments),
                t.fields.departments,
                t.card_edit.add_department,
                false,
                Some("plan-departments"),
            )}
            <p class="muted">{t.card_edit.lead_first}</p>
            <PillarRefs id=id />
            <VisionChoice id=id />
            {card_text(
                state,
                id,
                t.fields.overview,
                CardField::Overview,
                |c| c.overview.clone(),
                |c, v| c.overview = v,
                true,
            )}
            {card_text(
                state,
                id,
                t.fields.background,
                CardField::Background,
                |c| c.background.clone(),
                |c, v| c.background = v,
                true,
            )}
            {string_list(
                in_card(|c| &c.outcomes, |c| &mut c.outcomes),
                t.fields.outcomes,
                t.card_edit.add_outcome,
                true,
                None,
            )}

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
                                    <button
                                        type="button"
                                        data-testid="add-year"
                                        on:click=move |_| edit_card(
                                            state,
                                            id,
                                            |c| {
                                                c.ensure_year(y);
                                            },
                                        )
                                    >
                                        {t.card_edit.add_year}
                                        ": "
                                        {(t.common.fiscal_year)(y)}
                                    </button>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </Show>

            <h2>{t.fields.indicators}</h2>
            <EditableList
                list=indicators
                what=t.indicator.name
                item_class="list-item indicator-item"
                item=move |iid: String, _| {
                    view! { <IndicatorEditor id=id list=indicators iid=iid /> }
                }
                new_item=|_: &[Indicator]| Some(Indicator::new(new_id()))
                add_label=t.card_edit.add_indicator
                add_class=""
            />
        </article>
    }
}

/// The card's pillars: the first is its home, the others list it again.
#[component]
fn PillarRefs(id: Id) -> impl IntoView {
    let state = use_state();
    let t = texts();
    // Memos: a select's options are built again only when they change.
    let options = Memo::new(move |_| {
        let mut o = vec![(String::new(), t.card_edit.pillar_none.to_string())];
        o.extend(
            id.with_head(crate::state::pillar_choices)
                .unwrap_or_default(),
        );
        o
    });
    let measure_options = Memo::new(move |_| {
        let mut o = vec![(String::new(), t.card_edit.no_measure.to_string())];
        let home = card(id, |c| c.home_pillar().map(str::to_string)).flatten();
        o.extend(
            id.with_head(|p| {
                Some(
                    p.pillar(home.as_deref()?)?
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
    let pillars = ListAt::in_card(
        state,
        id.key(),
        id.card,
        |c| Some(&c.pillars),
        |c| Some(&mut c.pillars),
    );
    view! {
        <fieldset class="list-field">
            <legend>{t.card_edit.pillars}</legend>
            <EditableList
                list=pillars
                what=t.fields.pillars
                item={move |_, i: Signal<usize>| {
                    view! {
                        <SelectField
                            label=t.fields.pillars
                            options=options
                            value=Signal::derive(move || {
                                pillars.with_at(i.get(), String::clone).unwrap_or_default()
                            })
                            on_change=Callback::new(move |v: String| {
                                pillars.edit_at(i.get_untracked(), None, |p| *p = v)
                            })
                            error=error_at(state, id, move || CardSpot::Pillar(i.get()))
                        />
                    }
                }}
                // The first of the plan's pillars the card is not in yet.
                new_item={move |have: &[String]| {
                    id.with_head(|p| {
                            p.plan
                                .pillars
                                .iter()
                                .map(|pl| pl.id.clone())
                                .find(|pid| !have.contains(pid))
                        })
                        .flatten()
                }}
                add_label=t.card_edit.add_pillar
            />
        </fieldset>
        <SelectField
            label=t.fields.measure
            options=measure_options
            value=Signal::derive(move || {
                card(id, |c| c.measure.clone()).flatten().unwrap_or_default()
            })
            on_change=Callback::new(move |v: String| edit_card(
                state,
                id,
                |c| c.measure = (!v.is_empty()).then_some(v),
            ))
            error=error_at(state, id, || CardSpot::Field(CardField::Measure))
        />
    }
}

/// Which visions the card serves: a checkbox per vision, by pillar.
#[component]
fn VisionChoice(id: Id) -> impl IntoView {
    let state = use_state();
    let t = texts();
    // A memo: the checkboxes are built again only when the plan's visions
    // change, not on every edit of the card.
    let all = Memo::new(move |_| {
        id.with_head(|p| {
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
    });
    let all = move || all.get();
    view! {
        <fieldset class="list-field">
            <legend>{t.fields.visions}</legend>
            {move || {
                all()
                    .into_iter()
                    .map(|(vid, label)| {
                        let v2 = vid.clone();
                        let checked = move || {
                            card(id, |c| c.visions.contains(&v2)).unwrap_or(false)
                        };
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=checked
                                    on:change:target=move |ev| {
                                        let on = ev.target().checked();
                                        let vid = vid.clone();
                                        edit_card(
                                            state,
                                            id,
                                            move |c| {
                                                c.visions.retain(|v| v != &vid);
                                                if on {
                                                    c.visions.push(vid);
                                                }
                                            },
                                        );
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

#[component]
fn YearEditor(id: Id, year: i32) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let remove_year = move |_| edit_card(state, id, |c| c.years.retain(|y| y.year != year));
    view! {
        <section class="year-editor" data-year=year>
            <h2>
                {(t.common.fiscal_year)(year)}
                <button type="button" class="small danger" on:click=remove_year>
                    {t.common.remove}
                </button>
            </h2>
            <h3>{t.fields.actions}</h3>
            {year_list(
                id,
                year,
                (|y| &y.actions, |y| &mut y.actions, Action::new),
                Words {
                    what: t.card_edit.action_text,
                    add: t.card_edit.add_action,
                    class: "list-item action-editor",
                    add_testid: Some("add-action"),
                },
                move |list, aid| view! { <ActionEditor id=id year=year list=list aid=aid /> },
            )}
            <h3>{t.fields.goals}</h3>
            {year_list(
                id,
                year,
                (|y| &y.goals, |y| &mut y.goals, Goal::new),
                Words {
                    what: t.card_edit.goal_text,
                    add: t.card_edit.add_goal,
                    class: "list-item goal-editor",
                    add_testid: None,
                },
                move |list, gid| view! { <GoalEditor list=list gid=gid /> },
            )}
        </section>
    }
}

/// The words of one of a year's lists: what one item is (for the buttons'
/// accessible names), the add button's label, the items' class and the add
/// button's test id.
struct Words {
    what: &'static str,
    add: &'static str,
    class: &'static str,
    add_testid: Option<&'static str>,
}

/// How a year's list is reached in the year (for reading, for changing) and
/// how a new item is made from a fresh id.
type InYear<T> = (
    fn(&CardYear) -> &Vec<T>,
    fn(&mut CardYear) -> &mut Vec<T>,
    fn(String) -> T,
);

/// One of a year's lists of the card (actions, goals), each item rendered
/// by `item` from the list and its id.
fn year_list<T: ListItem, V: IntoView + 'static>(
    id: Id,
    year: i32,
    (read, write, new): InYear<T>,
    words: Words,
    item: impl Fn(ListAt<T>, String) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let list = ListAt::in_card(
        use_state(),
        id.key(),
        id.card,
        move |c| c.year(year).map(read),
        move |c| c.year_mut(year).map(write),
    );
    view! {
        <EditableList
            list=list
            what=words.what
            item_class=words.class
            item=move |key: String, _| item(list, key)
            new_item={move |_: &[T]| Some(new(new_id()))}
            add_label=words.add
            add_testid=words.add_testid
        />
    }
}

#[component]
fn ActionEditor(id: Id, year: i32, list: ListAt<Action>, aid: String) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let aid = StoredValue::new(aid);
    let action = list.item(aid);
    let edit = move |f: Box<dyn FnOnce(&mut Action)>| {
        let key = format!("action-{}", aid.read_value());
        list.edit_item(&aid.read_value(), Some(&key), f)
    };
    view! {
        <>
            <TextField
                label=t.card_edit.action_text
                value=Signal::derive(move || {
                    action.with(|a| a.as_ref().map(|a| a.text.clone())).unwrap_or_default()
                })
                on_input=Callback::new(move |v: String| edit(Box::new(move |a| a.text = v)))
                testid="action-text"
            />
            <MonthField
                label=t.card_edit.due
                value=Signal::derive(move || {
                    action
                        .with(|a| a.as_ref().and_then(|a| a.due.clone()))
                        .filter(|s| !s.is_empty())
                })
                on_input=Callback::new(move |v| edit(Box::new(move |a| a.due = v)))
                error=error_at(
                    state,
                    id,
                    move || CardSpot::Action {
                        year,
                        action: aid.get_value(),
                        part: ActionPart::Due,
                    },
                )
            />
        </>
    }
}

#[component]
fn GoalEditor(list: ListAt<Goal>, gid: String) -> impl IntoView {
    let t = texts();
    let gid = StoredValue::new(gid);
    let goal = list.item(gid);
    let edit = move |what: &str, f: Box<dyn FnOnce(&mut Goal)>| {
        list.edit_item(
            &gid.read_value(),
            Some(&format!("goal-{what}-{}", gid.read_value())),
            f,
        )
    };
    view! {
        <>
            <TextField
                label=t.card_edit.goal_text
                value=Signal::derive(move || {
                    goal.with(|g| g.as_ref().map(|g| g.text.clone())).unwrap_or_default()
                })
                on_input=Callback::new(move |v: String| edit("text", Box::new(move |g| g.text = v)))
            />
            <NumberField
                label=t.indicator.target
                value=Signal::derive(move || {
                    goal.with(|g| g.as_ref().and_then(|g| g.target.as_ref().map(|q| q.value)))
                })
                on_input=Callback::new(move |v: Option<f64>| edit(
                    "target",
                    Box::new(move |g| g.set_figure(Figure::Target, v)),
                ))
            />
            <TextField
                label=t.indicator.unit
                value=Signal::derive(move || {
                    goal.with(|g| g.as_ref().map(|g| g.unit().to_string())).unwrap_or_default()
                })
                on_input=Callback::new(move |v: String| edit(
                    "unit",
                    Box::new(move |g| g.set_unit(&v)),
                ))
            />
        </>
    }
}

#[component]
fn IndicatorEditor(id: Id, list: ListAt<Indicator>, iid: String) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let iid = StoredValue::new(iid);
    let ind = list.item(iid);
    let edit = move |key: Option<String>, f: Box<dyn FnOnce(&mut Indicator)>| {
        list.edit_item(&iid.read_value(), key.as_deref(), f)
    };
    let key = move |what: &str| Some(format!("ind-{what}-{}", iid.read_value()));
    // The gate's problem at a part of this indicator (e.g. a baseline year of 5).
    let problem = move |part: IndicatorPart| {
        error_at(state, id, move || CardSpot::Indicator {
            indicator: iid.get_value(),
            part,
        })
    };
    let years = move || {
        id.with_head(|p| p.fiscal_years().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let directions = Signal::derive(move || {
        vec![
            ("up".to_string(), t.indicator.direction_up.to_string()),
            ("down".to_string(), t.indicator.direction_down.to_string()),
        ]
    });
    view! {
        <fieldset class="indicator-editor">
            <legend>
                {move || {
                    ind.with(|i| i.as_ref().map(|i| i.name.clone()))
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| t.indicator.name.to_string())
                }}
            </legend>
            <div class="grid-3">
                <TextField
                    label=t.indicator.name
                    value=Signal::derive(move || {
                        ind.with(|i| i.as_ref().map(|i| i.name.clone())).unwrap_or_default()
                    })
                    on_input=Callback::new(move |v: String| edit(
                        key("name"),
                        Box::new(move |i| i.name = v),
                    ))
                />
                <TextField
                    label=t.indicator.unit
                    value=Signal::derive(move || {
                        ind.with(|i| i.as_ref().map(|i| i.unit.clone())).unwrap_or_default()
                    })
                    on_input=Callback::new(move |v: String| edit(
                        key("unit"),
                        Box::new(move |i| i.unit = v),
                    ))
                />
                <SelectField
                    label=t.indicator.direction
                    options=directions
                    value=Signal::derive(move || {
                        ind.with(|i| {
                                i.as_ref()
                                    .map(|i| {
                                        if i.direction == Direction::Down { "down" } else { "up" }
                                            .to_string()
                                    })
                            })
                            .unwrap_or_default()
                    })
                    on_change=Callback::new(move |v: String| edit(
                        None,
                        Box::new(move |i| {
                            i.direction = if v == "down" { Direction::Down } else { Direction::Up };
                        }),
                    ))
                />
            </div>
            <div class="grid-3">
                <NumberField
                    label=t.indicator.baseline
                    error=problem(IndicatorPart::Baseline(ValuePart::Value))
                    value=Signal::derive(move || {
                        ind.with(|i| i.as_ref().and_then(|i| i.baseline.as_ref().map(|b| b.value)))
                    })
                    on_input=Callback::new(move |v: Option<f64>| {
                        let default_year = id
                            .with_head(|p| p.plan.start_year - 1)
                            .unwrap_or_default();
                        edit(key("base"), Box::new(move |i| i.set_baseline_value(v, default_year)))
                    })
                />
                <NumberField
                    label=t.fields.year
                    testid="baseline-year"
                    error=problem(IndicatorPart::Baseline(ValuePart::Year))
                    value=Signal::derive(move || {
                        ind.with(|i| {
                            i.as_ref().and_then(|i| i.baseline.as_ref().map(|b| b.year as f64))
                        })
                    })
                    on_input=Callback::new(move |v: Option<f64>| edit(
                        key("base-year"),
                        Box::new(move |i| {
                            if let Some(y) = v {
                                i.set_baseline_year(y as i32);
                            }
                        }),
                    ))
                />
            </div>
            <table class="indicators">
                <thead>
                    <tr>
                        <th>{t.fields.year}</th>
                        <th>{t.indicator.target}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=years key=|y| *y let:year>
                        <tr>
                            <th scope="row">{(t.common.fiscal_year)(year)}</th>
                            <td>
                                <NumberField
                                    label=t.indicator.target
                                    compact=true
                                    value=Signal::derive(move || {
                                        ind.with(|i| {
                                            i.as_ref()
                                                .and_then(|i| {
                                                    i.targets.iter().find(|v| v.year == year).map(|v| v.value)
                                                })
                                        })
                                    })
                                    on_input=Callback::new(move |v: Option<f64>| edit(
                                        key(&format!("target-{year}")),
                                        Box::new(move |i| i.set_target(year, v)),
                                    ))
                                />
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </fieldset>
    }
}
