//! The column-mapping screen for an Excel workbook that the app did not
//! write: choose the sheet and the header row, see the first rows, set what
//! each column holds, see which rows become which cards and which cells
//! were not read, then continue into the usual import preview.

use leptos::prelude::*;
use plan_xlsx::{Field, Mapping};

use super::fields::SelectField;
use super::{texts, use_doc, use_state};
use crate::xlsx::{self, XlsxImport};

/// Rows shown in the sheet preview.
const PREVIEW_ROWS: usize = 12;
/// Row → card lines shown before "and n more".
const ROWS_SHOWN: usize = 30;

#[component]
pub fn XlsxImportPage() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let pending = state.import.xlsx_import;
    let update = move |f: Box<dyn FnOnce(&mut XlsxImport)>| {
        pending.update(|p| {
            if let Some(p) = p {
                f(p);
            }
        })
    };
    // The cards the rows give with the current choices (ids made up).
    let result = Memo::new(move |_| {
        let p = pending.get()?;
        let mut n = 0;
        let mut ids = || {
            n += 1;
            format!("preview-{n}")
        };
        xlsx::apply(state, &p, &mut ids).map(|r| r.map_err(|e| e.problems.len()))
    });
    let sheets = Signal::derive(move || {
        pending
            .with(|p| {
                p.as_ref().map(|p| {
                    p.preview
                        .sheets
                        .iter()
                        .map(|s| (s.name.clone(), s.name.clone()))
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    });
    let sheet_name = Signal::derive(move || {
        pending
            .with(|p| p.as_ref().map(|p| p.mapping.sheet.clone()))
            .unwrap_or_default()
    });
    let choose_sheet = Callback::new(move |name: String| {
        update(Box::new(move |p| {
            if let Some(sheet) = p.preview.sheet(&name) {
                p.mapping = plan_xlsx::guess_mapping(sheet);
            }
        }))
    });
    let current_title = state.doc.with_plan(|p| p.plan.title.clone());

    view! {
        <article class="xlsx-import" data-testid="xlsx-import">
            <h1>{t.xlsx.import_heading}</h1>
            {move || {
                pending.with(|p| p.as_ref().map(|p| view! { <p>{(t.xlsx.file)(&p.name)}</p> }))
            }}
            <p>{t.xlsx.import_lead}</p>
            <section class="panel xlsx-settings">
                <SelectField
                    label=t.xlsx.sheet
                    options=sheets
                    value=sheet_name
                    on_change=choose_sheet
                    testid="xlsx-sheet"
                />
                <div class="field">
                    <label for="xlsx-header-row">{t.xlsx.header_row}</label>
                    <input
                        id="xlsx-header-row"
                        type="number"
                        min="1"
                        data-testid="xlsx-header-row"
                        prop:value=move || {
                            pending
                                .with(|p| {
                                    p.as_ref()
                                        .map(|p| (p.mapping.header_row + 1).to_string())
                                        .unwrap_or_default()
                                })
                        }
                        on:change:target=move |ev| {
                            if let Ok(n) = ev.target().value().trim().parse::<usize>() {
                                update(Box::new(move |p| p.mapping.header_row = n.max(1) - 1));
                            }
                        }
                    />
                </div>
                <fieldset>
                    <legend>{t.xlsx.target}</legend>
                    {current_title
                        .map(|title| {
                            view! {
                                <label class="check">
                                    <input
                                        type="radio"
                                        name="xlsx-target"
                                        data-testid="xlsx-target-current"
                                        prop:checked=move || {
                                            pending.with(|p| p.as_ref().is_some_and(|p| p.into_current))
                                        }
                                        on:change=move |_| update(
                                            Box::new(|p| p.into_current = true),
                                        )
                                    />
                                    {(t.xlsx.target_current)(&title)}
                                </label>
                            }
                        })}
                    <label class="check">
                        <input
                            type="radio"
                            name="xlsx-target"
                            data-testid="xlsx-target-new"
                            prop:checked=move || {
                                pending.with(|p| p.as_ref().is_some_and(|p| !p.into_current))
                            }
                            on:change=move |_| update(Box::new(|p| p.into_current = false))
                        />
                        {t.xlsx.target_new}
                    </label>
                    <Show when=move || {
                        pending.with(|p| p.as_ref().is_some_and(|p| !p.into_current))
                    }>
                        <div class="field">
                            <label for="xlsx-new-title">{t.xlsx.new_title}</label>
                            <input
                                id="xlsx-new-title"
                                type="text"
                                data-testid="xlsx-new-title"
                                prop:value=move || {
                                    pending
                                        .with(|p| {
                                            p.as_ref().map(|p| p.new_title.clone()).unwrap_or_default()
                                        })
                                }
                                on:change:target=move |ev| {
                                    let v = ev.target().value();
                                    update(Box::new(move |p| p.new_title = v));
                                }
                            />
                        </div>
                    </Show>
                </fieldset>
            </section>
            <section class="panel">
                <h2>{t.xlsx.columns_heading}</h2>
                <p class="hint">{t.xlsx.columns_hint}</p>
                {move || pending.with(|p| p.as_ref().map(|p| columns_table(p, update)))}
            </section>
            <section class="panel">
                {move || {
                    result
                        .with(|r| match r {
                            None => ().into_any(),
                            Some(Err(n)) => {
                                view! {
                                    <p class="error" role="alert">
                                        {(t.xlsx.refused)(*n)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Some(Ok(r)) => {
                                let shown: Vec<_> = r
                                    .rows
                                    .iter()
                                    .take(ROWS_SHOWN)
                                    .cloned()
                                    .collect();
                                let more = r.rows.len().saturating_sub(ROWS_SHOWN);
                                let unread = r.unread.clone();
                                let unread_count = unread.len();
                                view! {
                                    <h2>{t.xlsx.rows_heading}</h2>
                                    {if shown.is_empty() {
                                        view! {
                                            <p class="error" data-testid="xlsx-no-cards">
                                                {t.xlsx.no_cards}
                                            </p>
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <ul class="xlsx-rows" data-testid="xlsx-rows">
                                                {shown
                                                    .into_iter()
                                                    .map(|rc| {
                                                        view! {
                                                            <li>{(t.xlsx.row_card)(rc.row, &rc.number, &rc.title)}</li>
                                                        }
                                                    })
                                                    .collect_view()}
                                                {(more > 0)
                                                    .then(|| view! { <li>{(t.xlsx.more_rows)(more)}</li> })}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                    <h2>{(t.xlsx.unread_heading)(unread_count)}</h2>
                                    {if unread.is_empty() {
                                        view! { <p>{t.xlsx.all_read}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="xlsx-unread" data-testid="xlsx-unread">
                                                {unread
                                                    .into_iter()
                                                    .map(|u| {
                                                        view! {
                                                            <li>
                                                                <code>{u.address.clone()}</code>
                                                                " "
                                                                <q>{u.text.clone()}</q>
                                                                " — "
                                                                {(t.xlsx.reason)(&u.reason)}
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                }
                                    .into_any()
                            }
                        })
                }}
            </section>
            <p class="toolbar">
                <button
                    type="button"
                    class="primary"
                    data-testid="xlsx-continue"
                    prop:disabled=move || {
                        !result.with(|r| matches!(r, Some(Ok(r)) if !r.rows.is_empty()))
                    }
                    on:click=move |_| xlsx::continue_import(state)
                >
                    {t.xlsx.proceed}
                </button>
                <button
                    type="button"
                    data-testid="xlsx-cancel"
                    on:click=move |_| xlsx::cancel_import(state)
                >
                    {t.xlsx.cancel}
                </button>
            </p>
        </article>
    }
}

/// The first rows of the sheet with a field choice above each column.
fn columns_table(
    p: &XlsxImport,
    update: impl Fn(Box<dyn FnOnce(&mut XlsxImport)>) + Copy + Send + Sync + 'static,
) -> AnyView {
    let t = texts();
    let Some(sheet) = p.preview.sheet(&p.mapping.sheet) else {
        return ().into_any();
    };
    let mapping: &Mapping = &p.mapping;
    let width = sheet.width();
    // Years offered for a per-year status column: the plan's and those the
    // header names.
    let mut years = mapping.status_years();
    if let Some(plan_years) = use_doc().with_plan(|f| f.fiscal_years().collect::<Vec<_>>()) {
        years.extend(plan_years);
    }
    years.sort_unstable();
    years.dedup();
    let choices = Field::choices(years);
    let header_row = mapping.header_row;
    let head = (0..width)
        .map(|c| {
            let current = mapping.columns.get(c).copied().unwrap_or_default();
            let letter = plan_xlsx::column_letters(c);
            let options = choices
                .iter()
                .map(|f| {
                    let selected = *f == current;
                    view! {
                        <option value=f.key() selected=selected>
                            {(t.xlsx.field)(*f)}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <th scope="col">
                    <label>
                        <span class="col-letter">{(t.xlsx.column)(&letter)}</span>
                        <select
                            data-testid=format!("xlsx-col-{c}")
                            on:change:target=move |ev| {
                                if let Some(f) = Field::from_key(&ev.target().value()) {
                                    update(
                                        Box::new(move |p| {
                                            if p.mapping.columns.len() <= c {
                                                p.mapping.columns.resize(c + 1, Field::Ignore);
                                            }
                                            p.mapping.columns[c] = f;
                                        }),
                                    );
                                }
                            }
                        >
                            {options}
                        </select>
                    </label>
                </th>
            }
        })
        .collect_view();
    let rows = sheet
        .first_rows(PREVIEW_ROWS.max(header_row + 4))
        .into_iter()
        .enumerate()
        .map(|(r, cells)| {
            let class = if r <= header_row {
                "xlsx-header-row"
            } else {
                ""
            };
            view! {
                <tr class=class>
                    <th scope="row" class="num">
                        {r + 1}
                    </th>
                    {cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="xlsx-preview" data-testid="xlsx-preview">
                <thead>
                    <tr>
                        <th scope="col">{t.xlsx.row}</th>
                        {head}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
