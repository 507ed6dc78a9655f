//! One card laid out like the printed card of the Kashima plan: header
//! row, visions beside the overview, background, one column per fiscal
//! year (actions over yearly goals), outcomes, indicators and the log.
//! Progress is entered here: ticks, status, figures, log entries.

use std::sync::Arc;

use leptos::prelude::*;
use plan_core::{Card, Direction, PlanFile, Problem, Status};

use super::fields::{NumberField, SelectField, TextField};
use super::status::StatusMark;
use super::{RouteLink, texts, use_state};
use crate::clock_adapter::now_rfc3339;
use crate::route::Route;
use crate::state::{AppState, Message, Notice};
use plan_core::edit::Figure;
use plan_core::spot::{CardSpot, IndicatorPart, ValuePart};

/// The card a screen shows: its id, and memos of the card, of the plan's
/// header and of the card's problems. The card's views read these, never
/// the whole plan: an edit of another card wakes none of them, and an edit
/// of this card wakes only the views whose part of it changed (each list
/// and row below has its own memo).
#[derive(Clone, Copy)]
pub(super) struct Id {
    key: StoredValue<String>,
    pub card: Memo<Option<Arc<Card>>>,
    pub head: Memo<Option<PlanFile>>,
    pub problems: Memo<Vec<Problem>>,
}

impl Id {
    fn new(state: AppState, id: String) -> Id {
        let card = state.doc.card_memo(id.clone());
        let head = state.doc.header_memo();
        Id {
            key: StoredValue::new(id),
            card,
            head,
            problems: crate::state::Document::card_problems_memo(card, head),
        }
    }

    /// The card's id.
    pub fn read_value(&self) -> impl std::ops::Deref<Target = String> + use<> {
        self.key.read_value()
    }

    pub fn get_value(&self) -> String {
        self.key.get_value()
    }

    pub fn key(&self) -> StoredValue<String> {
        self.key
    }

    /// Reads the plan's header (tracked); None without a plan.
    pub fn with_head<T>(&self, f: impl FnOnce(&PlanFile) -> T) -> Option<T> {
        self.head.with(|h| h.as_ref().map(f))
    }
}

/// Reads a value of the card (tracked); None once the card is gone.
pub(super) fn card<T>(id: Id, f: impl FnOnce(&Card) -> T) -> Option<T> {
    id.card.with(|c| c.as_deref().map(f))
}

/// A list the card shows, as a memo: its view is rebuilt only when the list
/// itself changed, not on every edit of the card.
fn card_list<T: Clone + PartialEq + Send + Sync + 'static>(
    id: Id,
    f: impl Fn(&Card) -> Vec<T> + Send + Sync + 'static,
) -> Memo<Vec<T>> {
    Memo::new(move |_| card(id, &f).unwrap_or_default())
}

/// 5357 → "5,357"; 9.25 → "9.25" (one rule with the report and exports).
pub use plan_core::text::format_number;

#[component]
pub fn CardPage(id: String) -> impl IntoView {
    card_or_not_found(id, |id| view! { <CardSheet id=id /> }.into_any())
}

/// A card's screen (`page`), or a line saying the card is not there (a
/// stale link, or deleted in another tab) for as long as it is not.
pub(super) fn card_or_not_found(id: String, page: fn(Id) -> AnyView) -> impl IntoView {
    let state = use_state();
    let id = Id::new(state, id);
    let exists = Memo::new(move |_| id.card.with(Option::is_some));
    view! {
        <Show
            when=move || exists.get()
            fallback=|| view! { <p class="empty">{texts().card.not_found}</p> }
        >
            {move || page(id)}
        </Show>
    }
}

fn status_options() -> Vec<(String, String)> {
    let t = texts();
    Status::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                format!("{} {}", s.symbol(), (t.status.name)(*s)),
            )
        })
        .collect()
}

#[component]
fn CardToolbar(id: Id) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let duplicate = move |_| {
        let mut new_id = None;
        state.edit(None, |p| {
            new_id = p.duplicate_card(
                &id.read_value(),
                t.card.copy_suffix,
                &now_rfc3339(),
                &mut || uuid::Uuid::new_v4().to_string(),
            );
        });
        if let Some(new_id) = new_id {
            state.navigate(Route::EditCard(new_id));
        }
    };
    let delete = move |_| {
        let title = card(id, |c| c.title.clone()).unwrap_or_default();
        if window()
            .confirm_with_message(&(t.card.confirm_delete)(&title))
            .unwrap_or(false)
        {
            state.edit(None, |p| {
                p.remove_card(&id.read_value());
            });
            state.notify(Notice::Info(Message::CardDeleted(title)));
            state.navigate(Route::Overview);
        }
    };
    view! {
        <div class="toolbar no-print">
            <RouteLink route=Route::Overview>{t.nav.back_to_overview}</RouteLink>
            <span class="spacer"></span>
            <RouteLink route=Route::EditCard(id.get_value()) class="button" testid="edit-card">
                {t.nav.edit_card}
            </RouteLink>
            <button
                type="button"
                data-testid="print-card"
                on:click=move |_| {
                    if let Some(file) = state.doc.plan.get_untracked() {
                        let one = plan_core::export::subset_by_ids(&file, &[id.get_value()]);
                        state.print(&one, plan_core::report::Parts::CARDS_ONLY);
                    }
                }
            >
                {t.print.card}
            </button>
            <button type="button" on:click=duplicate>
                {t.card.duplicate}
            </button>
            <button type="button" class="danger" data-testid="delete-card" on:click=delete>
                {t.common.delete}
            </button>
        </div>
    }
}

#[component]
fn CardSheet(id: Id) -> impl IntoView {
    let t = texts();
    // The plan's pillars, each with the card's place in it (home, again).
    let pillars = Memo::new(move |_| {
        id.with_head(|p| {
            card(id, |c| {
                p.plan
                    .pillars
                    .iter()
                    .map(|pl| (pl.name.clone(), c.pillars.iter().position(|x| x == &pl.id)))
                    .collect::<Vec<_>>()
            })
        })
        .flatten()
        .unwrap_or_default()
    });
    let visions = Memo::new(move |_| {
        id.with_head(|p| {
            card(id, |c| {
                c.visions
                    .iter()
                    .map(|v| p.vision_text(v).unwrap_or(v).to_string())
                    .collect::<Vec<_>>()
            })
        })
        .flatten()
        .unwrap_or_default()
    });
    let measure = move || {
        id.with_head(|p| {
            card(id, |c| {
                c.measure
                    .as_deref()
                    .and_then(|m| p.measure_name(m))
                    .map(str::to_string)
            })
            .flatten()
        })
        .flatten()
        .unwrap_or_else(|| t.common.none.to_string())
    };
    let years = card_list(id, |c| c.years.iter().map(|y| y.year).collect());
    let departments = card_list(id, |c| c.departments.clone());
    let outcomes = card_list(id, |c| c.outcomes.clone());
    let year_count = move || format!("--years: {}", years.with(Vec::len).max(1));
    let text = move |f: fn(&Card) -> String| move || card(id, f).unwrap_or_default();
    view! {
        <article class="card-sheet" data-testid="card-sheet">
            <CardToolbar id=id />
            <table class="sheet-head">
                <tbody>
                    <tr>
                        <th scope="row">{t.fields.title}</th>
                        <td>
                            <div class="card-title">
                                <span class="card-number">{text(|c| c.number.clone())}</span>
                                <h1>{text(|c| c.title.clone())}</h1>
                            </div>
                        </td>
                        <th scope="row">{t.fields.departments}</th>
                        <td>
                            <ul class="plain">
                                {move || {
                                    departments
                                        .get()
                                        .into_iter()
                                        .map(|d| view! { <li>{d}</li> })
                                        .collect_view()
                                }}
                            </ul>
                        </td>
                        <th scope="row">{t.fields.pillars}</th>
                        <td>
                            <ul class="plain pillars">
                                {move || {
                                    pillars
                                        .get()
                                        .into_iter()
                                        .map(|(name, pos)| {
                                            let mark = match pos {
                                                Some(0) => "●",
                                                Some(_) => "○",
                                                None => "",
                                            };
                                            let class = if pos.is_some() { "on" } else { "off" };
                                            view! {
                                                <li class=class>
                                                    <span class="pillar-mark" aria-hidden="true">
                                                        {mark}
                                                    </span>
                                                    {name}
                                                    {matches!(pos, Some(p) if p > 0)
                                                        .then(|| {
                                                            view! { <span class="tag">{t.common.relisted}</span> }
                                                        })}
                                                </li>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </ul>
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">{t.fields.category}</th>
                        <td>{text(|c| c.category.clone())}</td>
                        <th scope="row">{t.fields.measure}</th>
                        <td colspan="3">{measure}</td>
                    </tr>
                </tbody>
            </table>
            <div class="sheet-row two">
                <section>
                    <h2>{t.fields.visions}</h2>
                    <ul>
                        {move || {
                            visions.get().into_iter().map(|v| view! { <li>{v}</li> }).collect_view()
                        }}
                    </ul>
                </section>
                <section>
                    <h2>{t.fields.overview}</h2>
                    <p class="multiline">{text(|c| c.overview.clone())}</p>
                </section>
            </div>
            <section class="sheet-row">
                <h2>{t.fields.background}</h2>
                <p class="multiline">{text(|c| c.background.clone())}</p>
            </section>
            <div class="sheet-years" style=year_count>
                <For each=move || years.get() key=|y| *y let:year>
                    <YearColumn id=id year=year />
                </For>
            </div>
            <section class="sheet-row">
                <h2>{t.fields.outcomes}</h2>
                <ul>
                    {move || {
                        outcomes.get().into_iter().map(|o| view! { <li>{o}</li> }).collect_view()
                    }}
                </ul>
            </section>
            <Indicators id=id />
            <Log id=id />
        </article>
    }
}

#[component]
fn YearColumn(id: Id, year: i32) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let today = (state.ui.today.0, state.ui.today.1);
    let y = move |f: fn(&plan_core::CardYear) -> String| {
        move || {
            card(id, |c| c.year(year).map(f))
                .flatten()
                .unwrap_or_default()
        }
    };
    let status = Memo::new(move |_| {
        card(id, |c| c.year(year).map(|y| y.status))
            .flatten()
            .unwrap_or_default()
    });
    let needs_correction = move || matches!(status.get(), Status::Delayed | Status::Missed);
    // The ids of the year's actions or goals, as a memo: rows are keyed by
    // them, and a tick changes none.
    let ids = move |f: fn(&plan_core::CardYear) -> Vec<String>| {
        let ids = card_list(id, move |c| c.year(year).map(f).unwrap_or_default());
        move || ids.get()
    };
    let plan_end = move || id.with_head(|p| p.plan.end_year).unwrap_or(year);
    let copy_next = move |_| {
        let mut result = None;
        state.edit(None, |p| {
            result = Some(p.copy_to_next_year(&id.read_value(), year, &mut || {
                uuid::Uuid::new_v4().to_string()
            }));
        });
        match result {
            Some(Ok(next)) => state.notify(Notice::Info(Message::CopiedToNext(next))),
            Some(Err(e)) => state.notify(Notice::Error(Message::Edit(e))),
            None => {}
        }
    };
    view! {
        <section class="year-col" data-year=year>
            <h2 class="year-head">
                <span>{(t.common.fiscal_year)(year)}</span>
                <span class="year-status">
                    {move || view! { <StatusMark status=status.get() with_name=true /> }}
                </span>
            </h2>
            <div class="no-print">
                <SelectField
                    label=t.fields.status
                    options=Signal::derive(status_options)
                    value=Signal::derive(move || status.get().as_str().to_string())
                    on_change=Callback::new(move |v: String| {
                        if let Some(s) = Status::parse(&v) {
                            state
                                .edit_card(
                                    &id.read_value(),
                                    None,
                                    |c| {
                                        c.set_status(year, s, None);
                                    },
                                );
                        }
                    })
                    testid="year-status"
                />
            </div>
            <Show when=needs_correction>
                <div class="corrective">
                    <p class="prompt">{t.card.corrective_prompt}</p>
                    <TextField
                        label=t.card.corrective
                        multiline=true
                        value=Signal::derive(y(|y| y.corrective_action.clone()))
                        on_input=Callback::new(move |v: String| {
                            state
                                .edit_card(
                                    &id.read_value(),
                                    Some(&format!("corr-{year}")),
                                    |c| {
                                        if let Some(y) = c.year_mut(year) {
                                            y.corrective_action = v;
                                        }
                                    },
                                )
                        })
                        testid="corrective"
                    />
                </div>
            </Show>
            <h3>{t.fields.actions}</h3>
            <ul class="actions">
                <For
                    each=ids(|y| y.actions.iter().map(|a| a.id.clone()).collect())
                    key=|a| a.clone()
                    let:action_id
                >
                    <ActionTick id=id year=year action_id=action_id today=today />
                </For>
            </ul>
            <h3>{t.fields.goals}</h3>
            <ul class="goals">
                <For
                    each=ids(|y| y.goals.iter().map(|g| g.id.clone()).collect())
                    key=|g| g.clone()
                    let:goal_id
                >
                    <GoalTick id=id year=year goal_id=goal_id />
                </For>
            </ul>
            <TextField
                label=t.fields.note
                multiline=true
                value=Signal::derive(y(|y| y.note.clone()))
                on_input=Callback::new(move |v: String| {
                    state
                        .edit_card(
                            &id.read_value(),
                            Some(&format!("note-{year}")),
                            |c| {
                                if let Some(y) = c.year_mut(year) {
                                    y.note = v;
                                }
                            },
                        )
                })
            />
            <Show when=move || { year < plan_end() }>
                <button
                    type="button"
                    class="no-print"
                    data-testid="copy-next-year"
                    on:click=copy_next
                >
                    {t.card.copy_next_year}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn ActionTick(id: Id, year: i32, action_id: String, today: (i32, u32)) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let aid = StoredValue::new(action_id);
    let action = Memo::new(move |_| {
        card(id, |c| {
            c.year(year).and_then(|y| {
                y.actions
                    .iter()
                    .find(|a| a.id == *aid.read_value())
                    .cloned()
            })
        })
        .flatten()
    });
    let done = move || action.with(|a| a.as_ref().is_some_and(|a| a.done));
    let overdue = move || action.with(|a| a.as_ref().is_some_and(|a| a.is_overdue(today)));
    let text = move || action.with(|a| a.as_ref().map(|a| a.text.clone()).unwrap_or_default());
    let class = move || {
        if done() {
            "action done"
        } else if overdue() {
            "action overdue"
        } else {
            "action"
        }
    };
    view! {
        <li class=class data-action-id=aid.get_value()>
            <input
                type="checkbox"
                class="tick"
                aria-label=move || (t.card.tick_action)(&text())
                prop:checked=done
                on:change:target=move |ev| {
                    state.tick_action(id.get_value(), year, aid.get_value(), ev.target().checked());
                }
            />
            <span class="action-text">{text}</span>
            <span class="action-meta">
                {move || {
                    action
                        .with(|a| {
                            a.as_ref().and_then(|a| a.due_month()).map(|(y, m)| (t.card.due)(y, m))
                        })
                }}
                {move || {
                    action
                        .with(|a| a.as_ref().and_then(|a| a.done_on.clone()))
                        .map(|d| {
                            view! {
                                " · "
                                {(t.card.done_on)(&d)}
                            }
                        })
                }}
                {move || {
                    overdue()
                        .then(|| view! { <span class="tag tag-overdue">{t.status.overdue}</span> })
                }}
            </span>
        </li>
    }
}

#[component]
fn GoalTick(id: Id, year: i32, goal_id: String) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let gid = StoredValue::new(goal_id);
    let goal = Memo::new(move |_| {
        card(id, |c| {
            c.year(year)
                .and_then(|y| y.goals.iter().find(|g| g.id == *gid.read_value()).cloned())
        })
        .flatten()
    });
    let achieved = move || goal.with(|g| g.as_ref().is_some_and(|g| g.achieved));
    let text = move || goal.with(|g| g.as_ref().map(|g| g.text.clone()).unwrap_or_default());
    let unit = move || {
        goal.with(|g| {
            g.as_ref()
                .and_then(|g| {
                    g.target
                        .as_ref()
                        .or(g.actual.as_ref())
                        .map(|q| q.unit.clone())
                })
                .unwrap_or_default()
        })
    };
    let edit_goal = move |f: Box<dyn FnOnce(&mut plan_core::Goal)>, key: &str| {
        state.edit_card(&id.read_value(), Some(key), |c| {
            if let Some(g) = c
                .year_mut(year)
                .and_then(|y| y.goals.iter_mut().find(|g| g.id == *gid.read_value()))
            {
                f(g);
            }
        });
    };
    let set_quantity = move |is_target: bool| {
        Callback::new(move |v: Option<f64>| {
            let key = format!("goal-{}-{is_target}", gid.read_value());
            let which = if is_target {
                Figure::Target
            } else {
                Figure::Actual
            };
            edit_goal(Box::new(move |g| g.set_figure(which, v)), &key);
        })
    };
    view! {
        <li class=move || if achieved() { "goal achieved" } else { "goal" }>
            <input
                type="checkbox"
                class="tick"
                aria-label=move || (t.card.tick_goal)(&text())
                prop:checked=achieved
                on:change:target=move |ev| {
                    state.tick_goal(id.get_value(), year, gid.get_value(), ev.target().checked());
                }
            />
            <span>{text}</span>
            <div class="goal-figures no-print">
                <NumberField
                    label=t.indicator.target
                    value=Signal::derive(move || {
                        goal.with(|g| g.as_ref().and_then(|g| g.target.as_ref().map(|q| q.value)))
                    })
                    on_input=set_quantity(true)
                />
                <NumberField
                    label=t.indicator.actual
                    value=Signal::derive(move || {
                        goal.with(|g| g.as_ref().and_then(|g| g.actual.as_ref().map(|q| q.value)))
                    })
                    on_input=set_quantity(false)
                />
                <span class="unit">{unit}</span>
            </div>
        </li>
    }
}

#[component]
fn Indicators(id: Id) -> impl IntoView {
    let t = texts();
    let ids = card_list(id, |c| c.indicators.iter().map(|i| i.id.clone()).collect());
    let ids = move || ids.get();
    view! {
        <Show when=move || !ids().is_empty()>
            <section class="sheet-row">
                <h2>{t.fields.indicators}</h2>
                <For each=ids key=|i| i.clone() let:ind_id>
                    <IndicatorRow id=id ind_id=ind_id />
                </For>
            </section>
        </Show>
    }
}

#[component]
fn IndicatorRow(id: Id, ind_id: String) -> impl IntoView {
    let t = texts();
    let iid = StoredValue::new(ind_id);
    let ind = Memo::new(move |_| {
        card(id, |c| {
            c.indicators
                .iter()
                .find(|i| i.id == *iid.read_value())
                .cloned()
        })
        .flatten()
    });
    let years = move || {
        id.with_head(|p| p.fiscal_years().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let heading = move || {
        ind.with(|i| {
            i.as_ref().map(|i| {
                let dir = match i.direction {
                    Direction::Up => t.indicator.direction_up,
                    Direction::Down => t.indicator.direction_down,
                };
                let base = i.baseline.as_ref().map(|b| {
                    format!(
                        " / {}: {} {}{}",
                        t.indicator.baseline,
                        (t.common.fiscal_year)(b.year),
                        format_number(b.value),
                        i.unit
                    )
                });
                format!(
                    "{}{}",
                    (t.indicator.heading)(&i.name, &i.unit, dir),
                    base.unwrap_or_default()
                )
            })
        })
    };
    view! {
        <div class="indicator" data-indicator-id=iid.get_value()>
            <h3>{heading}</h3>
            <table class="indicators">
                <thead>
                    <tr>
                        <th>{t.fields.year}</th>
                        <th>{t.indicator.target}</th>
                        <th>{t.indicator.actual}</th>
                        <th>{t.indicator.total}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=years key=|y| *y let:year>
                        <IndicatorYear id=id iid=iid year=year ind=ind />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn IndicatorYear(
    id: Id,
    iid: StoredValue<String>,
    year: i32,
    ind: Memo<Option<plan_core::Indicator>>,
) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let actual = move || {
        ind.with(|i| {
            i.as_ref()
                .and_then(|i| i.actuals.iter().find(|a| a.year == year).cloned())
        })
    };
    let target = move || {
        ind.with(|i| {
            i.as_ref().and_then(|i| {
                i.targets
                    .iter()
                    .find(|a| a.year == year)
                    .map(|v| format!("{}{}", format_number(v.value), i.unit))
            })
        })
        .unwrap_or_else(|| t.common.none.to_string())
    };
    let rate = move || {
        actual()
            .and_then(|a| a.rate_percent())
            .map(|r| (t.indicator.rate)(r))
    };
    // The gate's problem for this year's actual (e.g. a total of 0).
    let problem = move |what: ValuePart| {
        Signal::derive(move || {
            let part = IndicatorPart::Actual(year, what);
            state.card_problem_in(
                id.card,
                id.problems,
                &CardSpot::Indicator {
                    indicator: iid.get_value(),
                    part,
                },
            )
        })
    };
    // Sets the actual's value or total; an actual with no value is removed.
    let set = move |is_total: bool| {
        Callback::new(move |v: Option<f64>| {
            let key = format!("ind-{}-{year}-{is_total}", iid.read_value());
            state.edit_card(&id.read_value(), Some(&key), |c| {
                let Some(ind) = c.indicators.iter_mut().find(|i| i.id == *iid.read_value()) else {
                    return;
                };
                if is_total {
                    ind.set_actual_total(year, v);
                } else {
                    ind.set_actual(year, v);
                }
            });
        })
    };
    view! {
        <tr>
            <th scope="row">{(t.common.fiscal_year)(year)}</th>
            <td>{target}</td>
            <td>
                <NumberField
                    label=t.indicator.actual
                    compact=true
                    value=Signal::derive(move || actual().map(|a| a.value))
                    on_input=set(false)
                    error=problem(ValuePart::Value)
                    testid="indicator-actual"
                />
            </td>
            <td>
                <NumberField
                    label=t.indicator.total
                    compact=true
                    value=Signal::derive(move || actual().and_then(|a| a.total))
                    on_input=set(true)
                    error=problem(ValuePart::Total)
                    testid="indicator-total"
                />
                <span class="rate" data-testid="indicator-rate">
                    {rate}
                </span>
            </td>
        </tr>
    }
}

#[component]
fn Log(id: Id) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let entries = card_list(id, |c| c.log.clone());
    let entries = move || entries.get();
    // The card's departments first, then the plan's others.
    let departments = Memo::new(move |_| {
        let mut list: Vec<String> = card(id, |c| c.departments.clone()).unwrap_or_default();
        id.with_head(|p| {
            for d in &p.plan.departments {
                if !list.contains(d) {
                    list.push(d.clone());
                }
            }
        });
        list.into_iter().map(|d| (d.clone(), d)).collect::<Vec<_>>()
    });
    let departments = Signal::derive(move || departments.get());
    let by = RwSignal::new(String::new());
    let draft = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = draft.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        let who = Some(by.get_untracked())
            .filter(|b| !b.is_empty())
            .or_else(|| departments.get_untracked().first().map(|d| d.0.clone()))
            .unwrap_or_default();
        state.edit_card(&id.read_value(), None, |c| {
            c.append_log(now_rfc3339(), who, text.trim().to_string())
        });
        draft.set(String::new());
    };
    view! {
        <section class="sheet-row log">
            <h2>{t.fields.log}</h2>
            <ol class="log-list" data-testid="log-list">
                {move || {
                    entries()
                        .into_iter()
                        .map(|e| {
                            view! {
                                <li>
                                    <time>{e.at.get(..10).unwrap_or(&e.at).to_string()}</time>
                                    <span class="log-by">{e.by}</span>
                                    <span class="multiline">{e.text}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <form class="log-form no-print" on:submit=add>
                <SelectField
                    label=t.card.log_by
                    options=departments
                    value=Signal::derive(move || {
                        let b = by.get();
                        if b.is_empty() {
                            departments.get().first().map(|d| d.0.clone()).unwrap_or_default()
                        } else {
                            b
                        }
                    })
                    on_change=Callback::new(move |v| by.set(v))
                />
                <TextField
                    label=t.card.log_text
                    multiline=true
                    value=Signal::derive(move || draft.get())
                    on_input=Callback::new(move |v| draft.set(v))
                    testid="log-text"
                />
                <button type="submit" data-testid="log-add">
                    {t.card.log_add}
                </button>
                <p class="muted">{t.card.log_note}</p>
            </form>
            <p class="muted">
                {t.fields.updated}": "
                {move || card(id, |c| c.updated_at.get(..10).unwrap_or(&c.updated_at).to_string())}
            </p>
        </section>
    }
}
