//! The card list with combinable filters. The filter lives in the URL hash
//! (`#/list?pillar=office&q=…`), so a link or bookmark reopens the view.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use plan_core::query::{self, Filter, SearchIndex, SortKey};
use plan_core::{Card, PlanFile, Status};

use super::fields::{SelectField, TextField};
use super::rows::{Html, KeyedRows, follow_link};
use super::{RouteLink, texts, use_state};
use crate::route::Route;
use crate::texts::Texts;

/// Rows shown at first; more on request, so a 1,000-card plan opens at once.
const PAGE: usize = 200;

/// The keyword filters after this pause in typing: a key press only echoes
/// the character; the hash, the filter and the rows follow once.
const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(250);

/// What a row of the list is built from: the card (compared by pointer:
/// an edit makes a new one) and the plan's fiscal years.
#[derive(Clone)]
struct Row {
    card: Arc<Card>,
    years: Arc<[i32]>,
    /// The language and the month the row was written in.
    t: &'static Texts,
    today: (i32, u32),
}

fn same_row(a: &Row, b: &Row) -> bool {
    Arc::ptr_eq(&a.card, &b.card)
        && a.years == b.years
        && std::ptr::eq(a.t, b.t)
        && a.today == b.today
}

thread_local! {
    /// The list's rows as last shown, kept from one visit to the next:
    /// opening the list again moves the rows of unchanged cards into the
    /// new table instead of writing and parsing them again.
    static KEPT: RefCell<KeyedRows<String, Row>> = RefCell::new(KeyedRows::default());
}

/// One `<tr>` of the list: number, title (a link to the card), lead
/// department, a status per fiscal year, overdue actions, last update.
fn row_html(r: &Row, h: &mut Html) {
    let (t, today, c) = (r.t, r.today, &r.card);
    h.open("tr", &[("class", "card-row"), ("data-card-id", &c.id)]);
    h.element("td", &[("class", "num")], &c.number);
    h.open("td", &[]);
    h.route_link(&Route::Card(c.id.clone()), &c.title);
    h.close("td");
    h.element("td", &[], c.lead_department().unwrap_or_default());
    for y in r.years.iter() {
        h.status_cell(t, c.year(*y).map(|cy| cy.status));
    }
    h.open("td", &[("class", "num")]);
    let overdue = query::overdue_count(c, today);
    if overdue > 0 {
        h.element(
            "span",
            &[("class", "tag tag-overdue")],
            &overdue.to_string(),
        );
    }
    h.close("td");
    h.element("td", &[], c.updated_at.get(..10).unwrap_or_default());
    h.close("tr");
}

/// The plan's cards in one order of the list, and what that depends on.
struct Sorted {
    /// The plan's cards as they were (held, so no pointer is reused).
    cards: Vec<Arc<Card>>,
    departments: Vec<String>,
    key: (SortKey, bool, (i32, u32)),
    order: Rc<[Arc<Card>]>,
}

thread_local! {
    /// The last order asked for: opening the list again, or another filter
    /// in the same order, does not sort a 2,000-card plan again.
    static SORTED: RefCell<Option<Sorted>> = const { RefCell::new(None) };
}

/// All of the plan's cards in the order `sort` (descending or not) gives,
/// as `query::filter_cards` sorts them; sorted again only when a card, the
/// departments (an order of their own) or the order asked for changed.
fn sorted_cards(
    p: &PlanFile,
    sort: SortKey,
    descending: bool,
    today: (i32, u32),
) -> Rc<[Arc<Card>]> {
    let key = (sort, descending, today);
    SORTED.with_borrow_mut(|kept| {
        if let Some(k) = kept
            && k.key == key
            && k.departments == p.plan.departments
            && k.cards.len() == p.cards.len()
            && k.cards.iter().zip(&p.cards).all(|(a, b)| Arc::ptr_eq(a, b))
        {
            return Rc::clone(&k.order);
        }
        let at: rustc_hash::FxHashMap<*const Card, &Arc<Card>> =
            p.cards.iter().map(|c| (Arc::as_ptr(c), c)).collect();
        let all = Filter {
            sort,
            descending,
            ..Filter::default()
        };
        let order: Rc<[Arc<Card>]> = query::filter_cards(p, &all, today)
            .into_iter()
            .filter_map(|c| at.get(&(c as *const Card)).map(|c| Arc::clone(c)))
            .collect();
        *kept = Some(Sorted {
            cards: p.cards.clone(),
            departments: p.plan.departments.clone(),
            key,
            order: Rc::clone(&order),
        });
        order
    })
}

fn sort_key_name(k: SortKey) -> &'static str {
    match k {
        SortKey::Number => "number",
        SortKey::Title => "title",
        SortKey::Department => "department",
        SortKey::Updated => "updated",
        SortKey::Overdue => "overdue",
    }
}

#[component]
pub fn ListPage() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let today = (state.ui.today.0, state.ui.today.1);
    let filter = Memo::new(move |_| match state.ui.route.get() {
        Route::List(q) => query::from_query(&q),
        _ => Filter::default(),
    });
    let set_filter = move |f: Filter| state.replace_route(Route::List(query::to_query(&f)));
    let update = move |change: Box<dyn FnOnce(&mut Filter)>| {
        let mut f = filter.get_untracked();
        change(&mut f);
        set_filter(f);
    };
    // The keyword as typed; the filter (in the hash) takes it after a pause.
    let typed = RwSignal::new(filter.with_untracked(|f| f.text.clone()));
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    // The hash changed by other means (clear, a saved view, back): show it.
    Effect::new(move |_| {
        let text = filter.with(|f| f.text.clone());
        if pending.with_value(Option::is_none) && typed.with_untracked(|t| *t != text) {
            typed.set(text);
        }
    });
    let on_typed = move |v: String| {
        // Kept without telling the box: it shows the key already, and a
        // keystroke then costs the app no work in its frame.
        typed.update_untracked(|t| *t = v);
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                pending.set_value(None);
                let v = typed.get_untracked();
                // Told now, so that the box's own copy is the text it shows
                // (a later clear must find them different).
                typed.set(v.clone());
                if filter.with_untracked(|f| f.text != v) {
                    update(Box::new(move |f| f.text = v));
                }
            },
            TYPING_PAUSE,
        )
        .ok();
        pending.set_value(handle);
    };
    on_cleanup(move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
        }
    });
    // Normalised search text per card: a memo, so built only when read,
    // that is once a keyword is given (opening the list needs none), and
    // again after the plan changed.
    let index = Memo::new_with_compare(move |_| state.doc.with_plan(SearchIndex::new), |_, _| true);
    // The matching cards, in order; equal (and nothing re-rendered) when
    // they are the same cards as before.
    let rows = Memo::new_with_compare(
        move |_| {
            let f = filter.get();
            if f.text.trim().is_empty() {
                // No keyword: the plan in the order asked for (kept from
                // the last time), less the cards the filter leaves out.
                return state
                    .doc
                    .with_plan(|p| {
                        sorted_cards(p, f.sort, f.descending, today)
                            .iter()
                            .filter(|c| query::matches(c, &f, today))
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
            }
            index.with(|idx| {
                state
                    .doc
                    .with_plan(|p| {
                        let at: rustc_hash::FxHashMap<*const Card, &Arc<Card>> =
                            p.cards.iter().map(|c| (Arc::as_ptr(c), c)).collect();
                        let found = match idx {
                            Some(idx) => idx.filter(p, &f, today),
                            None => query::filter_cards(p, &f, today),
                        };
                        found
                            .into_iter()
                            .filter_map(|c| at.get(&(c as *const Card)).map(|c| Arc::clone(c)))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        },
        |a, b| match (a, b) {
            (Some(a), Some(b)) => {
                a.len() != b.len() || a.iter().zip(b).any(|(a, b)| !Arc::ptr_eq(a, b))
            }
            _ => true,
        },
    );
    let shown = RwSignal::new(PAGE);
    let years = move || {
        state
            .doc
            .with_plan(|p| p.fiscal_years().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let opt = |none: &'static str, items: Vec<(String, String)>| {
        let mut v = vec![(String::new(), none.to_string())];
        v.extend(items);
        v
    };
    let pillar_options = Signal::derive(move || opt(t.common.all, state.doc.pillar_choices()));
    let measure_options = Signal::derive(move || {
        let pillar = filter.with(|f| f.pillar.clone());
        opt(
            t.common.all,
            state
                .doc
                .with_plan(|p| {
                    p.plan
                        .pillars
                        .iter()
                        .filter(|x| pillar.as_ref().is_none_or(|id| &x.id == id))
                        .flat_map(|x| x.measures.iter().map(|m| (m.id.clone(), m.name.clone())))
                        .collect()
                })
                .unwrap_or_default(),
        )
    });
    let category_options = Signal::derive(move || {
        let mut cats: Vec<String> = state
            .doc
            .with_plan(|p| {
                p.cards
                    .iter()
                    .map(|c| c.category.clone())
                    .filter(|c| !c.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        cats.sort();
        cats.dedup();
        opt(
            t.common.all,
            cats.into_iter().map(|c| (c.clone(), c)).collect(),
        )
    });
    let department_options =
        Signal::derive(move || opt(t.common.all, state.doc.department_choices()));
    let year_options = Signal::derive(move || {
        opt(
            t.common.all,
            years()
                .into_iter()
                .map(|y| (y.to_string(), (t.common.fiscal_year)(y)))
                .collect(),
        )
    });
    let status_options = Signal::derive(move || {
        opt(
            t.common.all,
            Status::ALL
                .iter()
                .map(|s| {
                    (
                        s.as_str().to_string(),
                        format!("{} {}", s.symbol(), (t.status.name)(*s)),
                    )
                })
                .collect(),
        )
    });
    let stale_options = Signal::derive(move || {
        opt(
            t.common.all,
            [3u32, 6, 12]
                .iter()
                .map(|m| (m.to_string(), (t.list.stale_months)(*m)))
                .collect(),
        )
    });
    let sort_options = Signal::derive(move || {
        [
            (SortKey::Number, t.columns.number),
            (SortKey::Title, t.columns.title),
            (SortKey::Department, t.columns.lead),
            (SortKey::Updated, t.fields.updated),
            (SortKey::Overdue, t.status.overdue),
        ]
        .iter()
        .map(|(k, l)| (sort_key_name(*k).to_string(), l.to_string()))
        .collect::<Vec<_>>()
    });
    let some = |v: String| (!v.is_empty()).then_some(v);
    // The rows: static HTML, kept by card id while their card is the same.
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    Effect::new(move |_| {
        let Some(tbody) = tbody.get() else {
            return;
        };
        let years: Arc<[i32]> = years().into();
        let n = shown.get();
        let items: Vec<(String, Row)> = rows.with(|r| {
            r.iter()
                .take(n)
                .map(|c| {
                    (
                        c.id.clone(),
                        Row {
                            card: Arc::clone(c),
                            years: Arc::clone(&years),
                            t,
                            today,
                        },
                    )
                })
                .collect()
        });
        KEPT.with_borrow_mut(|k| k.sync(&tbody, items, same_row, row_html));
    });
    view! {
        <article class="list-page">
            <h1>{t.nav.list}</h1>
            <form
                class="filters no-print"
                on:submit=|ev| ev.prevent_default()
                data-testid="filters"
            >
                <TextField
                    label=t.list.search
                    value=typed
                    on_input=Callback::new(on_typed)
                    testid="filter-text"
                />
                <SelectField
                    label=t.fields.pillars
                    options=pillar_options
                    value=Signal::derive(move || {
                        filter.with(|f| f.pillar.clone().unwrap_or_default())
                    })
                    on_change=Callback::new(move |v: String| update(
                        Box::new(move |f| {
                            f.pillar = some(v);
                            f.measure = None;
                        }),
                    ))
                    testid="filter-pillar"
                />
                <SelectField
                    label=t.fields.measure
                    options=measure_options
                    value=Signal::derive(move || {
                        filter.with(|f| f.measure.clone().unwrap_or_default())
                    })
                    on_change=Callback::new(move |v: String| update(
                        Box::new(move |f| f.measure = some(v)),
                    ))
                    testid="filter-measure"
                />
                <SelectField
                    label=t.fields.category
                    options=category_options
                    value=Signal::derive(move || {
                        filter.with(|f| f.category.clone().unwrap_or_default())
                    })
                    on_change=Callback::new(move |v: String| update(
                        Box::new(move |f| f.category = some(v)),
                    ))
                    testid="filter-category"
                />
                <div>
                    <SelectField
                        label=t.columns.department
                        options=department_options
                        value=Signal::derive(move || {
                            filter.with(|f| f.department.clone().unwrap_or_default())
                        })
                        on_change=Callback::new(move |v: String| update(
                            Box::new(move |f| f.department = some(v)),
                        ))
                        testid="filter-department"
                    />
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=move || filter.with(|f| f.lead_only)
                            on:change:target=move |ev| {
                                let on = ev.target().checked();
                                update(Box::new(move |f| f.lead_only = on))
                            }
                        />
                        {t.list.lead_only}
                    </label>
                </div>
                <SelectField
                    label=t.fields.year
                    options=year_options
                    value=Signal::derive(move || {
                        filter.with(|f| f.year.map(|y| y.to_string()).unwrap_or_default())
                    })
                    on_change=Callback::new(move |v: String| update(
                        Box::new(move |f| f.year = v.parse().ok()),
                    ))
                    testid="filter-year"
                />
                <SelectField
                    label=t.fields.status
                    options=status_options
                    value=Signal::derive(move || {
                        filter
                            .with(|f| f.status.map(|s| s.as_str().to_string()).unwrap_or_default())
                    })
                    on_change=Callback::new(move |v: String| update(
                        Box::new(move |f| f.status = Status::parse(&v)),
                    ))
                    testid="filter-status"
                />
                <SelectField
                    label=t.list.not_updated
                    options=stale_options
                    value=Signal::derive(move || {
                        filter.with(|f| f.stale_months.map(|m| m.to_string()).unwrap_or_default())
                    })
                    on_change=Callback::new(move |v: String| update(
                        Box::new(move |f| f.stale_months = v.parse().ok()),
                    ))
                />
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="filter-overdue"
                        prop:checked=move || filter.with(|f| f.overdue_only)
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            update(Box::new(move |f| f.overdue_only = on))
                        }
                    />
                    {t.list.has_overdue}
                </label>
                <div>
                    <SelectField
                        label=t.list.sort_by
                        options=sort_options
                        value=Signal::derive(move || {
                            sort_key_name(filter.with(|f| f.sort)).to_string()
                        })
                        on_change=Callback::new(move |v: String| update(
                            Box::new(move |f| {
                                f.sort = [
                                    SortKey::Number,
                                    SortKey::Title,
                                    SortKey::Department,
                                    SortKey::Updated,
                                    SortKey::Overdue,
                                ]
                                    .into_iter()
                                    .find(|k| sort_key_name(*k) == v)
                                    .unwrap_or_default();
                            }),
                        ))
                    />
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=move || filter.with(|f| f.descending)
                            on:change:target=move |ev| {
                                let on = ev.target().checked();
                                update(Box::new(move |f| f.descending = on))
                            }
                        />
                        {t.list.descending}
                    </label>
                </div>
                <button
                    type="button"
                    data-testid="clear-filters"
                    on:click=move |_| set_filter(Filter::default())
                >
                    {t.list.clear_filters}
                </button>
            </form>
            <SavedViews typed />
            <div class="toolbar">
                <p class="card-count" data-testid="list-count" role="status" aria-live="polite">
                    {move || (t.list.matching)(rows.with(Vec::len))}
                </p>
                <button
                    type="button"
                    class="no-print"
                    data-testid="print-filtered"
                    on:click=move |_| {
                        let ids: Vec<String> = rows
                            .with_untracked(|r| r.iter().map(|c| c.id.clone()).collect());
                        if let Some(file) = state.doc.plan.get_untracked() {
                            state
                                .print(
                                    &plan_core::export::subset_by_ids(&file, &ids),
                                    plan_core::report::Parts::CARDS_WITH_COVER,
                                );
                        }
                    }
                >
                    {t.print.filtered}
                </button>
                <button
                    type="button"
                    class="no-print"
                    data-testid="export-filtered"
                    on:click=move |_| {
                        let ids: Vec<String> = rows
                            .with_untracked(|r| r.iter().map(|c| c.id.clone()).collect());
                        if let Some(file) = state.doc.plan.get_untracked() {
                            state
                                .export_file(
                                    plan_core::export::subset_by_ids(&file, &ids),
                                    Some(t.list.filtered_scope),
                                    None,
                                );
                        }
                    }
                >
                    {t.list.export_filtered}
                </button>
                <button
                    type="button"
                    class="no-print"
                    data-testid="export-filtered-xlsx"
                    on:click=move |_| {
                        let ids: Vec<String> = rows
                            .with_untracked(|r| r.iter().map(|c| c.id.clone()).collect());
                        if let Some(file) = state.doc.plan.get_untracked() {
                            crate::xlsx::export(
                                state,
                                &plan_core::export::subset_by_ids(&file, &ids),
                                Some(t.list.filtered_scope),
                                None,
                                false,
                            );
                        }
                    }
                >
                    {t.xlsx.export_filtered}
                </button>
            </div>
            <table class="card-table list-table">
                <thead>
                    <tr>
                        <th class="num">{t.columns.number}</th>
                        <th>{t.columns.title}</th>
                        <th>{t.columns.lead}</th>
                        {move || {
                            years()
                                .into_iter()
                                .map(|y| {
                                    view! { <th class="year">{(t.common.fiscal_year)(y)}</th> }
                                })
                                .collect_view()
                        }}
                        <th>{t.status.overdue}</th>
                        <th>{t.fields.updated}</th>
                    </tr>
                </thead>
                <tbody
                    node_ref=tbody
                    on:click=move |ev| {
                        follow_link(state, &ev);
                    }
                ></tbody>
            </table>
            <Show when=move || { rows.with(Vec::len) > shown.get() }>
                <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {t.common.show_more}
                </button>
            </Show>
        </article>
    }
}

/// Named views of the list: the current filter saved under a name.
#[component]
fn SavedViews(
    /// The keyword as typed: the address takes it only after a pause, and
    /// a view saved meanwhile must have it.
    typed: RwSignal<String>,
) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let views = move || state.doc.saved_views.get();
    let name = RwSignal::new(String::new());
    let save = move |_| {
        let n = name.get_untracked();
        let mut f = match state.ui.route.get_untracked() {
            Route::List(q) => query::from_query(&q),
            _ => Filter::default(),
        };
        f.text = typed.get_untracked();
        let q = query::to_query(&f);
        if n.trim().is_empty() {
            return;
        }
        state.save_view(n.trim(), &q);
        name.set(String::new());
    };
    view! {
        <div class="saved-views no-print">
            <div class="saved-form">
                <TextField
                    label=t.list.view_name
                    value=Signal::derive(move || name.get())
                    on_input=Callback::new(move |v| name.set(v))
                    testid="view-name"
                />
                <button type="button" data-testid="save-view" on:click=save>
                    {t.list.save_view}
                </button>
            </div>
            <ul class="plain saved-list" data-testid="saved-views">
                {move || {
                    views()
                        .into_iter()
                        .map(|(n, q)| {
                            let (n2, label) = (n.clone(), n.clone());
                            view! {
                                <li>
                                    <RouteLink route=Route::List(q)>{label}</RouteLink>
                                    <button
                                        type="button"
                                        class="small danger"
                                        aria-label=format!("{}: {n}", t.common.delete)
                                        on:click=move |_| state.delete_view(&n2)
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
