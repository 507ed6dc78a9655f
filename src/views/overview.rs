//! The plan overview: cards grouped by pillar (and measure), with a status
//! mark per fiscal year.

use leptos::prelude::*;
use plan_core::{Card, PlanFile};

use super::status::StatusMark;
use super::{texts, use_state};
use crate::clock_adapter::now_rfc3339;
use crate::route::Route;

/// A measure heading (None: cards without one) and its cards, each with
/// whether it is listed again (再掲) here.
type Section = (Option<String>, Vec<(Card, bool)>);

#[component]
pub fn OverviewPage() -> impl IntoView {
    let state = use_state();
    move || state.plan.get().map(|p| view! { <Overview plan=p /> })
}

/// The next free card number: one more than the largest plain number.
fn next_number(plan: &PlanFile) -> String {
    let max = plan
        .cards
        .iter()
        .filter_map(|c| c.number.trim().parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    (max + 1).to_string()
}

#[component]
fn Overview(plan: PlanFile) -> impl IntoView {
    let t = texts();
    let years: Vec<i32> = plan.fiscal_years().collect();
    let period = (t.period)(
        &(t.fiscal_year)(plan.plan.start_year),
        &(t.fiscal_year)(plan.plan.end_year),
    );
    let groups = plan
        .cards_by_pillar()
        .into_iter()
        .map(|g| {
            let title = g.pillar.map_or(t.no_pillar.to_string(), |p| p.name.clone());
            // Sub-groups by measure, in the pillar's measure order; cards
            // without a measure (or listed again) come first.
            let mut sections: Vec<Section> = vec![(None, Vec::new())];
            if let Some(p) = g.pillar {
                sections.extend(
                    p.measures
                        .iter()
                        .map(|m| (Some(m.name.clone()), Vec::new())),
                );
            }
            for e in &g.entries {
                let measure_name = (!e.relisted)
                    .then(|| e.card.measure.as_deref().and_then(|m| plan.measure_name(m)))
                    .flatten();
                let idx = sections
                    .iter()
                    .position(|(name, _)| name.as_deref() == measure_name)
                    .unwrap_or(0);
                sections[idx].1.push((e.card.clone(), e.relisted));
            }
            sections.retain(|(_, cards)| !cards.is_empty());
            (title, sections)
        })
        .collect::<Vec<_>>();
    let count = plan.cards.len();
    let state = use_state();
    let add_card = move |_| {
        let id = uuid::Uuid::new_v4().to_string();
        let t = texts();
        state.edit(None, |p| {
            let mut card = Card::new(
                id.clone(),
                next_number(p),
                t.new_card_title.to_string(),
                &now_rfc3339(),
            );
            if let Some(first) = p.plan.pillars.first() {
                card.pillars.push(first.id.clone());
            }
            card.departments.extend(p.plan.departments.first().cloned());
            p.cards.push(card);
        });
        state.navigate(Route::EditCard(id));
    };
    let edit_plan = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        state.navigate(Route::EditPlan);
    };
    view! {
        <section class="overview">
            <div class="overview-head">
                <h1>{plan.plan.title.clone()}</h1>
                <p class="muted">
                    {plan.plan.organization.clone().unwrap_or_default()}" "{period}
                </p>
                <p class="card-count" data-testid="card-count">{(t.card_count)(count)}</p>
                <div class="toolbar no-print">
                    <button type="button" data-testid="new-card" on:click=add_card>{t.new_card}</button>
                    <a class="button" href="#/plan/edit" data-testid="edit-plan" on:click=edit_plan>{t.edit_plan}</a>
                </div>
            </div>
            {(count == 0).then(|| view! { <p class="empty">{t.no_cards}</p> })}
            {groups
                .into_iter()
                .map(|(title, sections)| {
                    let years = years.clone();
                    view! {
                        <section class="pillar-group">
                            <h2>{title}</h2>
                            {sections
                                .into_iter()
                                .map(|(measure, cards)| {
                                    view! {
                                        {measure.map(|m| view! { <h3 class="measure">{m}</h3> })}
                                        <CardTable cards=cards years=years.clone() />
                                    }
                                })
                                .collect_view()}
                        </section>
                    }
                })
                .collect_view()}
        </section>
    }
}

#[component]
fn CardTable(cards: Vec<(Card, bool)>, years: Vec<i32>) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let today = (state.today.0, state.today.1);
    view! {
        <table class="card-table">
            <thead>
                <tr>
                    <th class="num">{t.col_number}</th>
                    <th>{t.col_title}</th>
                    <th>{t.col_lead}</th>
                    {years.iter().map(|y| view! { <th class="year">{(t.fiscal_year)(*y)}</th> }).collect_view()}
                    <th class="no-print"><span class="visually-hidden">{t.plan_actions}</span></th>
                </tr>
            </thead>
            <tbody>
                {cards
                    .into_iter()
                    .map(|(card, relisted)| {
                        let id = card.id.clone();
                        let overdue = card
                            .years
                            .iter()
                            .flat_map(|y| &y.actions)
                            .filter(|a| a.is_overdue(today))
                            .count();
                        view! {
                            <tr class="card-row" data-card-id=card.id.clone()>
                                <td class="num">{card.number.clone()}</td>
                                <td>
                                    <a href=Route::Card(card.id.clone()).to_hash() on:click=move |ev| {
                                        ev.prevent_default();
                                        state.navigate(Route::Card(id.clone()));
                                    }>{card.title.clone()}</a>
                                    {relisted.then(|| view! { <span class="tag">{t.relisted}</span> })}
                                    {(overdue > 0).then(|| view! { <span class="tag tag-overdue">{t.overdue}" "{overdue}</span> })}
                                </td>
                                <td>{card.lead_department().unwrap_or_default().to_string()}</td>
                                {years
                                    .iter()
                                    .map(|y| {
                                        view! {
                                            <td class="year">
                                                {card.year(*y).map(|cy| view! { <StatusMark status=cy.status /> })}
                                            </td>
                                        }
                                    })
                                    .collect_view()}
                                <td class="no-print row-buttons">
                                    {(!relisted).then(|| {
                                        let (up, down) = (card.id.clone(), card.id.clone());
                                        let title = card.title.clone();
                                        view! {
                                            <button type="button" class="small" aria-label=format!("{}: {title}", t.move_up)
                                                on:click=move |_| state.edit(None, |p| {
                                                    if let Some(i) = p.cards.iter().position(|c| c.id == up) {
                                                        p.move_card(&up, i.saturating_sub(1));
                                                    }
                                                })>"↑"</button>
                                            <button type="button" class="small" aria-label=format!("{}: {title}", t.move_down)
                                                on:click=move |_| state.edit(None, |p| {
                                                    if let Some(i) = p.cards.iter().position(|c| c.id == down) {
                                                        p.move_card(&down, i + 1);
                                                    }
                                                })>"↓"</button>
                                        }
                                    })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
