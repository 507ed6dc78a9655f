//! Exchanging files between departments: export (whole, one department,
//! CSV), import with the merge preview and conflict choices, and the
//! import history with the DX office's view of who has sent their file.

use leptos::prelude::*;
use plan_core::Card;
use plan_core::merge::{
    CardField, CardMerge, CardOutcome, Choice, FieldGroup, HeaderConflict, MergeError,
    MergePreview, Side,
};
use plan_core::messages;

use super::fields::SelectField;
use super::{texts, use_state};
use crate::state::{PendingImport, on_file_picked};
use crate::texts::Texts;

#[component]
pub fn ExchangePage() -> impl IntoView {
    let state = use_state();
    view! {
        <article class="exchange">
            {move || {
                state.import.pending_import.get().map(|p| view! { <ImportPreview pending=p /> })
            }} <ImportPanel /> <ExportPanel /> <ImportHistory />
        </article>
    }
}

#[component]
fn ExportPanel() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let departments = Signal::derive(move || state.doc.department_choices());
    let dept = RwSignal::new(String::new());
    let lead_only = RwSignal::new(true);
    let chosen = move || {
        let d = dept.get();
        if d.is_empty() {
            departments
                .get()
                .first()
                .map(|x| x.0.clone())
                .unwrap_or_default()
        } else {
            d
        }
    };
    let export_dept = move |_| {
        let d = chosen();
        if let Some(file) = state.doc.plan.get_untracked() {
            let subset = plan_core::export::department_subset(&file, &d, lead_only.get_untracked());
            state.export_file(subset, Some(&d), Some(&d));
        }
    };
    view! {
        <section class="panel">
            <h2>{t.exchange.export_heading}</h2>
            <p>
                <button
                    type="button"
                    data-testid="export-whole"
                    on:click=move |_| state.export_current()
                >
                    {t.exchange.export_whole}
                </button>
            </p>
            <fieldset>
                <legend>{t.exchange.export_department}</legend>
                <SelectField
                    label=t.columns.department
                    options=departments
                    value=Signal::derive(chosen)
                    on_change=Callback::new(move |v| dept.set(v))
                    testid="export-dept"
                />
                <label class="check">
                    <input
                        type="radio"
                        name="dept-scope"
                        prop:checked=move || lead_only.get()
                        on:change=move |_| lead_only.set(true)
                    />
                    {t.exchange.lead_only}
                </label>
                <label class="check">
                    <input
                        type="radio"
                        name="dept-scope"
                        prop:checked=move || !lead_only.get()
                        on:change=move |_| lead_only.set(false)
                    />
                    {t.exchange.involved}
                </label>
                <button type="button" data-testid="export-dept-button" on:click=export_dept>
                    {t.exchange.export_department_button}
                </button>
            </fieldset>
            <p>
                <button type="button" data-testid="export-csv" on:click=move |_| state.export_csv()>
                    {t.exchange.export_csv}
                </button>
            </p>
            <XlsxExport chosen=Signal::derive(chosen) lead_only=lead_only.into() />
            <p>
                <button
                    type="button"
                    data-testid="export-report"
                    on:click=move |_| state.export_report()
                >
                    {t.print.export_report}
                </button>
            </p>
            <h3>{t.print.heading}</h3>
            <p class="toolbar">
                <button
                    type="button"
                    data-testid="print-plan"
                    on:click=move |_| {
                        if let Some(file) = state.doc.plan.get_untracked() {
                            state.print(&file, plan_core::report::Parts::CARDS_WITH_COVER);
                        }
                    }
                >
                    {t.print.plan}
                </button>
                <button
                    type="button"
                    data-testid="print-dept"
                    on:click=move |_| {
                        if let Some(file) = state.doc.plan.get_untracked() {
                            let subset = plan_core::export::department_subset(
                                &file,
                                &chosen(),
                                lead_only.get_untracked(),
                            );
                            state.print(&subset, plan_core::report::Parts::CARDS_WITH_COVER);
                        }
                    }
                >
                    {t.print.department}
                </button>
            </p>
        </section>
    }
}

/// Excel export (xlsx): the whole plan or the department chosen above, and
/// what a workbook cannot carry.
#[component]
fn XlsxExport(chosen: Signal<String>, lead_only: Signal<bool>) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let card_sheets = RwSignal::new(false);
    let export = move |dept: bool| {
        let Some(file) = state.doc.plan.get_untracked() else {
            return;
        };
        let sheets = card_sheets.get_untracked();
        if dept {
            let d = chosen.get_untracked();
            let subset = plan_core::export::department_subset(&file, &d, lead_only.get_untracked());
            crate::xlsx::export(state, &subset, Some(&d), Some(&d), sheets);
        } else {
            crate::xlsx::export(state, &file, None, None, sheets);
        }
    };
    view! {
        <fieldset class="xlsx-export">
            <legend>{t.xlsx.export_heading}</legend>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="xlsx-card-sheets"
                    prop:checked=move || card_sheets.get()
                    on:change:target=move |ev| card_sheets.set(ev.target().checked())
                />
                {t.xlsx.card_sheets}
            </label>
            <p class="toolbar">
                <button type="button" data-testid="export-xlsx" on:click=move |_| export(false)>
                    {t.xlsx.export_whole}
                </button>
                <button type="button" data-testid="export-xlsx-dept" on:click=move |_| export(true)>
                    {t.xlsx.export_department}
                </button>
            </p>
            <p class="hint" data-testid="xlsx-limits">
                {t.xlsx.limits}
            </p>
        </fieldset>
    }
}

#[component]
fn ImportPanel() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let on_file = on_file_picked(state);
    view! {
        <section class="panel">
            <h2>{t.exchange.import_heading}</h2>
            <p>{t.exchange.import_hint}</p>
            <p>{t.xlsx.import_hint}</p>
            <label class="button">
                {t.exchange.import_choose}
                <input
                    type="file"
                    accept=".json,.html,.xlsx,application/json"
                    class="visually-hidden"
                    data-testid="import-file"
                    on:change=on_file
                />
            </label>
        </section>
    }
}

fn outcome_label(t: &Texts, o: CardOutcome) -> &'static str {
    match o {
        CardOutcome::Added => t.exchange.added,
        CardOutcome::Updated => t.exchange.updated,
        CardOutcome::Unchanged => t.exchange.unchanged,
        CardOutcome::KeptLocal => t.exchange.kept,
        CardOutcome::Conflict => t.exchange.conflict,
    }
}

/// The name of a top-level card field, as the card sheet calls it.
fn field_label(t: &Texts, field: CardField) -> String {
    match field {
        CardField::Number => t.fields.number,
        CardField::Title => t.fields.title,
        CardField::Category => t.fields.category,
        CardField::Departments => t.fields.departments,
        CardField::Pillars => t.fields.pillars,
        CardField::Measure => t.fields.measure,
        CardField::Visions => t.fields.visions,
        CardField::Overview => t.fields.overview,
        CardField::Background => t.fields.background,
        CardField::Outcomes => t.fields.outcomes,
        CardField::Years => t.fields.actions,
        CardField::Indicators => t.fields.indicators,
        CardField::Log => t.fields.log,
        // Unknown fields keep their name in the file.
        CardField::Extra => return field.as_str().to_string(),
    }
    .to_string()
}

/// Names of pillars and measures and texts of visions, by kind and id (ids
/// are unique only within each kind).
type Names = std::collections::HashMap<(char, String), String>;

/// The names of the stored plan, and of the file for what only it has.
fn header_names(local: Option<&plan_core::Plan>, incoming: Option<&plan_core::Plan>) -> Names {
    let mut names = Names::new();
    for plan in [incoming, local].into_iter().flatten() {
        for p in &plan.pillars {
            names.insert(('p', p.id.clone()), p.name.clone());
            for m in &p.measures {
                names.insert(('m', m.id.clone()), m.name.clone());
            }
            for v in &p.visions {
                names.insert(('v', v.id.clone()), v.text.clone());
            }
        }
    }
    names.retain(|_, n| !n.is_empty());
    names
}

/// A field's value as plain text, for the side-by-side view.
fn field_text(t: &Texts, card: &Card, field: CardField, names: &Names) -> String {
    let join = |v: &[String]| v.join(t.common.list_separator);
    let named = |kind: char, v: &[String]| {
        v.iter()
            .map(|id| {
                names
                    .get(&(kind, id.clone()))
                    .cloned()
                    .unwrap_or_else(|| id.clone())
            })
            .collect::<Vec<_>>()
            // Vision texts are sentences: one a line.
            .join(if kind == 'v' {
                "\n"
            } else {
                t.common.list_separator
            })
    };
    match field {
        CardField::Number => card.number.clone(),
        CardField::Title => card.title.clone(),
        CardField::Category => card.category.clone(),
        CardField::Departments => join(&card.departments),
        CardField::Pillars => named('p', &card.pillars),
        CardField::Measure => named('m', card.measure.as_slice()),
        CardField::Visions => named('v', &card.visions),
        CardField::Overview => card.overview.clone(),
        CardField::Background => card.background.clone(),
        CardField::Outcomes => card.outcomes.join("\n"),
        CardField::Years => card
            .years
            .iter()
            .map(|y| {
                let actions = y
                    .actions
                    .iter()
                    .map(|a| format!("{} {}", if a.done { "☑" } else { "☐" }, a.text))
                    .collect::<Vec<_>>()
                    .join("\n");
                format!(
                    "{} {} {}\n{actions}",
                    (t.common.fiscal_year)(y.year),
                    y.status.symbol(),
                    (t.status.name)(y.status)
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        CardField::Indicators => card
            .indicators
            .iter()
            .map(|i| {
                let actuals = i
                    .actuals
                    .iter()
                    .map(|a| format!("{}: {}", a.year, a.value))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("{} ({actuals})", i.name)
            })
            .collect::<Vec<_>>()
            .join("\n"),
        CardField::Log => card
            .log
            .iter()
            .map(|e| format!("{} {} {}", &e.at.get(..10).unwrap_or(&e.at), e.by, e.text))
            .collect::<Vec<_>>()
            .join("\n"),
        CardField::Extra => serde_json::to_string(&card.extra).unwrap_or_default(),
    }
}

#[component]
fn ImportPreview(pending: PendingImport) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let preview = pending.preview.clone();
    let counts = [
        CardOutcome::Added,
        CardOutcome::Updated,
        CardOutcome::Unchanged,
        CardOutcome::KeptLocal,
        CardOutcome::Conflict,
    ]
    .map(|o| (o, preview.count(o)));
    let additions = preview.new_pillars.len()
        + preview.new_visions.len()
        + preview.new_measures.len()
        + preview.new_departments.len();
    let conflicts = preview.count(CardOutcome::Conflict);
    let unresolved = move || {
        let chosen = state.import.import_choices.with(|c| c.len());
        conflicts.saturating_sub(chosen)
    };
    let lists = [
        CardOutcome::Added,
        CardOutcome::Updated,
        CardOutcome::KeptLocal,
    ]
    .into_iter()
    .filter_map(|o| {
        let names: Vec<String> = preview
            .cards
            .iter()
            .filter(|c| c.outcome == o)
            .map(|c| format!("{} {}", c.incoming.number, c.incoming.title))
            .collect();
        (!names.is_empty()).then_some((o, names))
    })
    .collect::<Vec<_>>();
    let conflict_cards: Vec<CardMerge> = preview.conflicts().cloned().collect();
    let refusal = import_refusal(state, preview.clone());
    // Cards whose outcome changed since the preview was first shown.
    let changed: Vec<String> = preview
        .cards
        .iter()
        .filter(|c| pending.changed_since_preview.contains(&c.id))
        .map(|c| {
            format!(
                "{} {} — {}",
                c.incoming.number,
                c.incoming.title,
                outcome_label(t, c.outcome)
            )
        })
        .collect();
    view! {
        <section class="panel import-preview" data-testid="import-preview">
            <h2>{(t.exchange.preview_heading)(&pending.name)}</h2>
            <table class="counts">
                <tbody>
                    {counts
                        .into_iter()
                        .map(|(o, n)| {
                            view! {
                                <tr class=format!("count-{o:?}").to_lowercase()>
                                    <th scope="row">{outcome_label(t, o)}</th>
                                    <td data-testid=format!("count-{o:?}").to_lowercase()>{n}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {(!changed.is_empty())
                .then(|| {
                    view! {
                        <div class="changed-since-preview" data-testid="changed-since-preview">
                            <h3>{t.exchange.changed_since_preview}</h3>
                            <ul>
                                {changed.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                            </ul>
                        </div>
                    }
                })}
            {(additions > 0).then(|| view! { <p>{(t.exchange.header_additions)(additions)}</p> })}
            {lists
                .into_iter()
                .map(|(o, names)| {
                    view! {
                        <h3>{outcome_label(t, o)}</h3>
                        <ul>{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    }
                })
                .collect_view()}
            {conflict_cards.into_iter().map(|c| view! { <ConflictView merge=c /> }).collect_view()}
            <ImportChecks preview=preview.clone() refusal=refusal />
            <div class="toolbar">
                <button
                    type="button"
                    class="primary"
                    data-testid="confirm-import"
                    on:click=move |_| state.confirm_import()
                    prop:disabled=move || refusal.with(Option::is_some)
                >
                    {t.exchange.confirm_import}
                </button>
                <button
                    type="button"
                    data-testid="cancel-import"
                    on:click=move |_| state.cancel_import()
                >
                    {t.common.cancel}
                </button>
                {move || {
                    (unresolved() > 0)
                        .then(|| {
                            view! {
                                <span class="muted">
                                    {(t.exchange.unresolved_left)(unresolved())}
                                </span>
                            }
                        })
                }}
            </div>
        </section>
    }
}

/// One conflict side by side, differing fields marked, with the choice.
#[component]
fn ConflictView(merge: CardMerge) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let id = merge.id.clone();
    let local = merge
        .local
        .clone()
        .unwrap_or_else(|| merge.incoming.clone());
    let differing: Vec<CardField> = merge.differing.clone();
    let names = state.doc.plan.with_untracked(|p| {
        state.import.pending_import.with_untracked(|i| {
            header_names(
                p.as_ref().map(|p| &p.plan),
                i.as_ref().map(|i| &i.preview.incoming_plan),
            )
        })
    });
    // Stored, so the closures below are Copy and can go into every cell.
    let card_id = StoredValue::new(merge.id.clone());
    let groups = StoredValue::new(merge.differing_groups());
    let chosen = move || {
        state
            .import
            .import_choices
            .with(|c| card_id.with_value(|id| c.get(id).cloned()))
    };
    // The side a group of fields takes under the current choice (None: not
    // chosen). Pillars, measure and visions are one group: they move together.
    let side_of = move |group: FieldGroup| match chosen() {
        Some(Choice::Side(s)) => Some(s),
        Some(Choice::Fields(m)) => m.get(&group).copied(),
        None => None,
    };
    let set_field = move |group: FieldGroup, side: Side| {
        let id = card_id.get_value();
        let differing = groups.get_value();
        state.import.import_choices.update(|c| {
            let mut map: std::collections::BTreeMap<FieldGroup, Side> = match c.get(&id) {
                Some(Choice::Fields(m)) => m.clone(),
                Some(Choice::Side(s)) => differing.iter().map(|g| (*g, *s)).collect(),
                None => Default::default(),
            };
            map.insert(group, side);
            // Every field from one side is simply that side's card.
            let all = differing.iter().all(|g| map.get(g) == Some(&side));
            c.insert(
                id,
                if all {
                    Choice::Side(side)
                } else {
                    Choice::Fields(map)
                },
            );
        })
    };
    let rows = differing
        .iter()
        .map(|&f| {
            let label = field_label(t, f);
            // The log is always united: shown, not chosen.
            let Some(group) = f.group() else {
                return view! {
                    <tr class="differs">
                        <th scope="row">{label}</th>
                        <td class="multiline">{field_text(t, &local, f, &names)}</td>
                        <td class="multiline">{field_text(t, &merge.incoming, f, &names)}</td>
                    </tr>
                }
                .into_any();
            };
            let name = format!("field-{}-{}", merge.id, f.as_str());
            let cell = |side: Side, text: String| {
                let aria = match side {
                    Side::Local => (t.exchange.pick_field_local)(&label),
                    Side::Incoming => (t.exchange.pick_field_incoming)(&label),
                };
                let testid = match side {
                    Side::Local => "pick-field-local",
                    Side::Incoming => "pick-field-incoming",
                };
                let name = name.clone();
                view! {
                    <td class="multiline" class:chosen=move || side_of(group) == Some(side)>
                        <label class="field-pick">
                            <input
                                type="radio"
                                name=name
                                data-testid=testid
                                data-field=f.as_str()
                                aria-label=aria
                                prop:checked=move || side_of(group) == Some(side)
                                on:change=move |_| set_field(group, side)
                            />
                            <span>{text}</span>
                        </label>
                    </td>
                }
            };
            view! {
                <tr class="differs">
                    <th scope="row">{label.clone()}</th>
                    {cell(Side::Local, field_text(t, &local, f, &names))}
                    {cell(Side::Incoming, field_text(t, &merge.incoming, f, &names))}
                </tr>
            }
            .into_any()
        })
        .collect_view();
    let pick = move |side: Side| {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            state.import.import_choices.update(|c| {
                c.insert(id, Choice::Side(side));
            })
        }
    };
    let is = move |side: Side| move || matches!(chosen(), Some(Choice::Side(s)) if s == side);
    let radio_name = format!("conflict-{}", merge.id);
    view! {
        <div class="conflict" data-testid="conflict" data-card-id=merge.id.clone()>
            <h3>
                {t.exchange.conflict}": "{merge.incoming.number.clone()}" "
                {merge.incoming.title.clone()}
            </h3>
            <table class="side-by-side">
                <thead>
                    <tr>
                        <th>{t.exchange.field_column}</th>
                        <th>{t.exchange.local_column}</th>
                        <th>{t.exchange.incoming_column}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="muted">{t.exchange.pick_per_field_hint}</p>
            <div class="choice">
                <label class="check">
                    <input
                        type="radio"
                        name=radio_name.clone()
                        data-testid="pick-local"
                        prop:checked=is(Side::Local)
                        on:change=pick(Side::Local)
                    />
                    {t.exchange.pick_local}
                </label>
                <label class="check">
                    <input
                        type="radio"
                        name=radio_name
                        data-testid="pick-incoming"
                        prop:checked=is(Side::Incoming)
                        on:change=pick(Side::Incoming)
                    />
                    {t.exchange.pick_incoming}
                </label>
            </div>
        </div>
    }
}

/// Which files were imported, and which departments have sent theirs in
/// the current round (since the round's start date).
#[component]
fn ImportHistory() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let records = move || state.import.imports.get();
    // The round starts at the start of the current half of the fiscal year
    // (April or October) unless the user picks another date.
    let (y, m, _) = state.ui.today;
    let default_start = if (4..10).contains(&m) {
        format!("{y}-04-01")
    } else if m >= 10 {
        format!("{y}-10-01")
    } else {
        format!("{}-10-01", y - 1)
    };
    let since = RwSignal::new(default_start);
    let status = move || {
        let since = since.get();
        let recs = records();
        state
            .doc
            .with_plan(|p| {
                p.plan
                    .departments
                    .iter()
                    .map(|d| {
                        let last = recs
                            .iter()
                            .filter(|r| {
                                r.exported_by.as_deref() == Some(d.as_str())
                                    && r.at.get(..10).unwrap_or("") >= since.as_str()
                            })
                            .map(|r| r.at.get(..10).unwrap_or("").to_string())
                            .max();
                        (d.clone(), last)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <section class="panel">
            <h2>{t.exchange.round_heading}</h2>
            <div class="field field-month">
                <label for="round-since">{t.exchange.round_since}</label>
                <input
                    type="date"
                    id="round-since"
                    prop:value=move || since.get()
                    on:input:target=move |ev| since.set(ev.target().value())
                />
            </div>
            <table class="round" data-testid="round-status">
                <thead>
                    <tr>
                        <th>{t.columns.department}</th>
                        <th>{t.exchange.received_column}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        status()
                            .into_iter()
                            .map(|(d, last)| {
                                let sent = last.is_some();
                                view! {
                                    <tr class=if sent { "sent" } else { "not-sent" }>
                                        <th scope="row">{d}</th>
                                        <td>
                                            {if sent {
                                                format!(
                                                    "✔ {} {}",
                                                    t.exchange.sent,
                                                    last.unwrap_or_default(),
                                                )
                                            } else {
                                                format!("— {}", t.exchange.not_sent)
                                            }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <h2>{t.exchange.history_heading}</h2>
            {move || {
                let recs = records();
                if recs.is_empty() {
                    return view! { <p class="muted">{t.exchange.no_imports}</p> }.into_any();
                }
                view! {
                    <table class="history" data-testid="import-history">
                        <thead>
                            <tr>
                                <th>{t.exchange.at_column}</th>
                                <th>{t.exchange.from_column}</th>
                                <th>{t.exchange.file_column}</th>
                                <th>{t.exchange.counts_column}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {recs
                                .into_iter()
                                .rev()
                                .map(|r| {
                                    view! {
                                        <tr>
                                            <td>
                                                {r
                                                    .at
                                                    .replace('T', " ")
                                                    .get(..16)
                                                    .unwrap_or_default()
                                                    .to_string()}
                                            </td>
                                            <td>{r.exported_by.unwrap_or_default()}</td>
                                            <td>{r.file_name}</td>
                                            <td>
                                                {format!("{} / {} / {}", r.added, r.updated, r.conflicts)}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>
    }
}

/// What the import would be refused with under the current choices (None:
/// it may be confirmed): the merge and the gate, run on the plan as it is
/// now, whenever a choice or the plan changes.
fn import_refusal(
    state: crate::state::AppState,
    preview: std::sync::Arc<MergePreview>,
) -> Memo<Option<MergeError>> {
    Memo::new(move |_| {
        let choices = state.import.import_choices.get();
        state.doc.plan.with(|p| {
            p.as_ref().and_then(|local| {
                let site = state.doc.site.get_value();
                preview
                    .check(local, &choices, &site, &crate::clock_adapter::now_rfc3339())
                    .err()
            })
        })
    })
}

/// Header changes of the file that touch cards (a measure it moved), and
/// why the import cannot be confirmed with the current choices.
#[component]
fn ImportChecks(
    preview: std::sync::Arc<MergePreview>,
    refusal: Memo<Option<MergeError>>,
) -> impl IntoView {
    let state = use_state();
    let t = texts();
    // Names as people know them; the id when a name is empty.
    let name = |n: Option<&str>, id: &str| n.filter(|n| !n.is_empty()).unwrap_or(id).to_string();
    let moved: Vec<String> = state.doc.plan.with_untracked(|local| {
        let pillar_name = |id: &str| {
            local
                .as_ref()
                .and_then(|l| l.pillar(id))
                .or_else(|| preview.incoming_plan.pillars.iter().find(|p| p.id == id))
                .map(|p| p.name.clone())
        };
        preview
            .header_conflicts
            .iter()
            .map(|h| match h {
                HeaderConflict::MeasureMoved {
                    measure,
                    local_pillar,
                    incoming_pillar,
                    ..
                } => (t.exchange.measure_moved)(
                    &name(
                        local.as_ref().and_then(|l| l.measure_name(measure)),
                        measure,
                    ),
                    &name(pillar_name(local_pillar).as_deref(), local_pillar),
                    &name(pillar_name(incoming_pillar).as_deref(), incoming_pillar),
                ),
            })
            .collect()
    });
    view! {
        {(!moved.is_empty())
            .then(|| {
                view! {
                    <div class="header-conflicts" data-testid="header-conflicts">
                        <h3>{t.exchange.header_conflicts_heading}</h3>
                        <ul>{moved.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    </div>
                }
            })}
        {move || {
            refusal
                .get()
                .map(|e| {
                    let lang = t.lang;
                    let why = state
                        .doc
                        .plan
                        .with_untracked(|p| {
                            p.as_ref().map(|local| messages::merge_named(lang, &e, local, &preview))
                        })
                        .unwrap_or_else(|| messages::merge(lang, &e));
                    view! {
                        <div class="notice notice-error" role="alert" data-testid="import-refused">
                            <strong>{t.exchange.import_refused}</strong>
                            <p>{why}</p>
                        </div>
                    }
                })
        }}
    }
}
