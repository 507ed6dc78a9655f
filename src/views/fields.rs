//! Form fields: a label, the input, and the problem next to it. Inputs are
//! created once and follow the state through `prop:value`, so typing never
//! loses focus when the plan re-renders around them.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use plan_core::edit::move_item;
use plan_core::{Action, Card, Goal, Indicator, Measure, Pillar, PlanFile, Vision};

use super::texts;
use crate::state::AppState;

/// The format's longest text, as the browser's `maxlength` (it counts UTF-16
/// units, so the loader's limit in characters is never passed by typing).
const MAX_CHARS: usize = plan_core::limits::MAX_STRING_CHARS;

/// A fresh element id for a field, and the id of its problem line.
fn field_ids(prefix: &str) -> (String, String) {
    static N: AtomicUsize = AtomicUsize::new(0);
    let id = format!("{prefix}-{}", N.fetch_add(1, Ordering::Relaxed));
    let err_id = format!("{id}-err");
    (id, err_id)
}

/// The problem (if any) shown under a field, tied to it for screen readers.
#[component]
fn FieldError(id: String, error: Option<Signal<Option<String>>>) -> impl IntoView {
    view! {
        <p class="field-error" id=id role="alert">
            {move || error.and_then(|e| e.get())}
        </p>
    }
}

#[component]
pub fn TextField(
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] error: Option<Signal<Option<String>>>,
    /// The id of a datalist offering choices.
    #[prop(optional_no_strip)]
    list: Option<&'static str>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let (id, err_id) = field_ids("f");
    // Through a memo: the input's value is set again only when the text
    // changed, not each time the state around it changes (setting a long
    // text costs a copy to JavaScript and a relayout).
    let value = Memo::new(move |_| value.get());
    let invalid = move || error.is_some_and(|e| e.with(Option::is_some));
    // What the one-line and the multi-line input share.
    let common = view! {
        <{..}
            id=id.clone()
            maxlength=MAX_CHARS
            data-testid=testid
            aria-invalid=move || invalid().to_string()
            aria-describedby=err_id.clone()
            prop:value=move || value.get()
            on:input=move |ev| on_input.run(event_target_value(&ev))
        />
    };
    let input = if multiline {
        view! { <textarea {..common} rows="3"></textarea> }.into_any()
    } else {
        view! { <input {..common} type="text" list=list /> }.into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {input}
            <FieldError id=err_id error=error />
        </div>
    }
}

/// Half-width digits from what a Japanese keyboard may type (１２．５, 1,234).
pub fn parse_number(text: &str) -> Option<f64> {
    let normal: String = text
        .trim()
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' => Some('.'),
            '－' | 'ー' | '−' => Some('-'),
            ',' | '，' => None,
            c => Some(c),
        })
        .collect();
    normal.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn show_number(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// What is wrong with the text of a number field itself, before the plan
/// sees it.
#[derive(Clone, PartialEq)]
enum NumberText {
    Fine,
    NotANumber,
    /// A number the format cannot hold (beyond ±2^53): never applied, so
    /// the stored plan can always be loaded.
    OutOfRange,
}

/// A number typed as text: empty means none; what does not read as a
/// number, or is beyond what the format holds, is shown as a problem and
/// not applied. `error` shows the plan's own problem for this field (e.g. a
/// total of 0), from the gate.
#[component]
pub fn NumberField(
    label: &'static str,
    #[prop(into)] value: Signal<Option<f64>>,
    on_input: Callback<Option<f64>>,
    #[prop(optional)] testid: &'static str,
    /// In a table whose header names the column: label for screen readers only.
    #[prop(optional)]
    compact: bool,
    #[prop(optional)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let (id, err_id) = field_ids("n");
    let label_class = if compact { "visually-hidden" } else { "" };
    let raw = RwSignal::new(show_number(value.get_untracked()));
    let bad = RwSignal::new(NumberText::Fine);
    // Follow outside changes (undo, another tab) unless the text already
    // means that number.
    Effect::new(move |_| {
        let v = value.get();
        if raw.with_untracked(|r| parse_number(r)) != v {
            raw.set(show_number(v));
            bad.set(NumberText::Fine);
        }
    });
    let error = Signal::derive(move || match bad.get() {
        NumberText::NotANumber => Some(texts().input.not_a_number.to_string()),
        NumberText::OutOfRange => Some(texts().input.number_too_large.to_string()),
        NumberText::Fine => error.and_then(|e| e.get()),
    });
    view! {
        <div class="field field-number">
            <label for=id.clone() class=label_class>
                {label}
            </label>
            <input
                type="text"
                inputmode="decimal"
                id=id
                data-testid=testid
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=err_id.clone()
                prop:value=move || raw.get()
                on:input:target=move |ev| {
                    let text = ev.target().value();
                    raw.set(text.clone());
                    if text.trim().is_empty() {
                        bad.set(NumberText::Fine);
                        on_input.run(None);
                    } else if let Some(v) = parse_number(&text) {
                        if plan_core::limits::check_number(v).is_ok() {
                            bad.set(NumberText::Fine);
                            on_input.run(Some(v));
                        } else {
                            bad.set(NumberText::OutOfRange);
                        }
                    } else {
                        bad.set(NumberText::NotANumber);
                    }
                }
            />
            <FieldError id=err_id error=Some(error) />
        </div>
    }
}

/// `<input type="month">`: `YYYY-MM` or none.
#[component]
pub fn MonthField(
    label: &'static str,
    #[prop(into)] value: Signal<Option<String>>,
    on_input: Callback<Option<String>>,
    #[prop(optional)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let (id, err_id) = field_ids("m");
    let value = Memo::new(move |_| value.get());
    view! {
        <div class="field field-month">
            <label for=id.clone()>{label}</label>
            <input
                type="month"
                id=id
                aria-describedby=err_id.clone()
                prop:value=move || value.get().unwrap_or_default()
                on:input:target=move |ev| {
                    let v = ev.target().value();
                    on_input.run((!v.is_empty()).then_some(v));
                }
            />
            <FieldError id=err_id error=error />
        </div>
    }
}

/// A select over (value, label) options.
#[component]
pub fn SelectField(
    label: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(optional)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let (id, err_id) = field_ids("s");
    // Memos: the options are built again only when they or the choice
    // changed.
    let value = Memo::new(move |_| value.get());
    let options = Memo::new(move |_| options.get());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id
                data-testid=testid
                aria-describedby=err_id.clone()
                prop:value=move || value.get()
                on:change:target=move |ev| on_change.run(ev.target().value())
            >
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = v == current;
                            view! {
                                <option value=v selected=selected>
                                    {l}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <FieldError id=err_id error=error />
        </div>
    }
}

/// The fiscal year a screen shows: the current one, kept inside the plan.
pub fn current_fiscal_year(state: crate::state::AppState) -> RwSignal<i32> {
    let (y, m, _) = state.ui.today;
    let this_year = plan_core::fiscal::fiscal_year_of(y, m);
    RwSignal::new(
        state
            .doc
            .with_plan(|p| this_year.clamp(p.plan.start_year, p.plan.end_year))
            .unwrap_or(this_year),
    )
}

/// A select of the plan's fiscal years.
#[component]
pub fn FiscalYearSelect(year: RwSignal<i32>) -> impl IntoView {
    let state = super::use_state();
    let t = texts();
    let options = Signal::derive(move || {
        state
            .doc
            .with_plan(|p| {
                p.fiscal_years()
                    .map(|y| (y.to_string(), (t.common.fiscal_year)(y)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    view! {
        <SelectField
            label=t.fields.year
            options=options
            value=Signal::derive(move || year.get().to_string())
            on_change=Callback::new(move |v: String| {
                if let Ok(y) = v.parse() {
                    year.set(y);
                }
            })
        />
    }
}

/// An item of an editable list, as `<For>` keys it: by its id, or (a plain
/// string, which has none) by a key of the list's own that moves with it.
pub trait ListItem: Send + Sync + 'static {
    fn id(&self) -> Option<&str>;
}

impl ListItem for String {
    fn id(&self) -> Option<&str> {
        None
    }
}

macro_rules! list_items_with_ids {
    ($($t:ty),*) => {
        $(impl ListItem for $t {
            fn id(&self) -> Option<&str> {
                Some(&self.id)
            }
        })*
    };
}
list_items_with_ids!(Action, Goal, Indicator, Pillar, Vision, Measure);

/// Hands the list (None once it is gone) to the function given, reading it
/// tracked from where it lives: the plan, or a memo of one card.
type Reach<T> = Arc<dyn Fn(&mut dyn FnMut(Option<&Vec<T>>)) + Send + Sync>;
type ReachMut<T> = Arc<dyn for<'a> Fn(&'a mut PlanFile) -> Option<&'a mut Vec<T>> + Send + Sync>;

/// Where a list lives in the working copy: how to reach it for reading
/// (tracked) and for changing it (each change one undo step, or one per
/// `key` while typing). Every editable list of the editors is one of these.
pub struct ListAt<T: 'static> {
    state: AppState,
    read: StoredValue<Reach<T>>,
    write: StoredValue<ReachMut<T>>,
}

impl<T> Clone for ListAt<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ListAt<T> {}

impl<T: ListItem> ListAt<T> {
    pub fn new(
        state: AppState,
        read: impl for<'a> Fn(&'a PlanFile) -> Option<&'a Vec<T>> + Send + Sync + 'static,
        write: impl for<'a> Fn(&'a mut PlanFile) -> Option<&'a mut Vec<T>> + Send + Sync + 'static,
    ) -> Self {
        let plan = state.doc.plan;
        let reach: Reach<T> = Arc::new(move |k: &mut dyn FnMut(Option<&Vec<T>>)| {
            plan.with(|p| k(p.as_ref().and_then(&read)))
        });
        ListAt {
            state,
            read: StoredValue::new(reach),
            write: StoredValue::new(Arc::new(write)),
        }
    }

    /// A list of the card with id `key`, read through `card`, a memo of that
    /// card ([`crate::state::Document::card_memo`]): edits of other cards
    /// do not wake it.
    pub fn in_card(
        state: AppState,
        key: StoredValue<String>,
        card: Memo<Option<Arc<Card>>>,
        read: impl for<'a> Fn(&'a Card) -> Option<&'a Vec<T>> + Send + Sync + 'static,
        write: impl for<'a> Fn(&'a mut Card) -> Option<&'a mut Vec<T>> + Send + Sync + 'static,
    ) -> Self {
        let reach: Reach<T> = Arc::new(move |k: &mut dyn FnMut(Option<&Vec<T>>)| {
            card.with(|c| k(c.as_deref().and_then(&read)))
        });
        ListAt {
            state,
            read: StoredValue::new(reach),
            write: StoredValue::new(Arc::new(move |p: &mut PlanFile| {
                p.card_mut(&key.read_value()).and_then(&write)
            })),
        }
    }

    /// Reads the list (tracked); None once it is gone.
    pub fn with<R>(&self, f: impl FnOnce(&Vec<T>) -> R) -> Option<R> {
        let mut f = Some(f);
        let mut out = None;
        self.read.with_value(|r| {
            r(&mut |v| {
                if let (Some(v), Some(f)) = (v, f.take()) {
                    out = Some(f(v));
                }
            })
        });
        out
    }

    /// Changes the list (nothing once it is gone).
    pub fn edit(&self, key: Option<&str>, f: impl FnOnce(&mut Vec<T>)) {
        self.state.edit(key, |p| {
            self.write.with_value(|w| {
                if let Some(v) = w(p) {
                    f(v);
                }
            })
        });
    }

    /// Reads the item with id `id` (tracked).
    pub fn with_item<R>(&self, id: &str, f: impl FnOnce(&T) -> R) -> Option<R> {
        self.with(|v| v.iter().find(|x| x.id() == Some(id)).map(f))
            .flatten()
    }

    /// Changes the item with id `id`, if it is still there.
    pub fn edit_item(&self, id: &str, key: Option<&str>, f: impl FnOnce(&mut T)) {
        self.edit(key, |v| {
            if let Some(x) = v.iter_mut().find(|x| x.id() == Some(id)) {
                f(x);
            }
        });
    }

    /// The item with id `id`, as a memo (None once it is gone).
    pub fn item(self, id: StoredValue<String>) -> Memo<Option<T>>
    where
        T: Clone + PartialEq,
    {
        Memo::new(move |_| self.with_item(&id.read_value(), T::clone))
    }

    /// Reads the item at position `i` (tracked): for plain strings.
    pub fn with_at<R>(&self, i: usize, f: impl FnOnce(&T) -> R) -> Option<R> {
        self.with(|v| v.get(i).map(f)).flatten()
    }

    /// Changes the item at position `i`, if there is one.
    pub fn edit_at(&self, i: usize, key: Option<&str>, f: impl FnOnce(&mut T)) {
        self.edit(key, |v| {
            if let Some(x) = v.get_mut(i) {
                f(x);
            }
        });
    }
}

/// The keys `<For>` follows for a list: each item's id, and for items with
/// none a key of the list's own per position that moves with its item when
/// the list's buttons move or remove it (so an input keeps its element,
/// and its focus, and typing never remounts it).
#[derive(Clone, Copy)]
struct ListKeys {
    own: StoredValue<Vec<String>>,
    next: StoredValue<u64>,
}

impl ListKeys {
    fn new() -> Self {
        ListKeys {
            own: StoredValue::new(Vec::new()),
            next: StoredValue::new(0),
        }
    }

    fn keys<T: ListItem>(self, list: ListAt<T>) -> Vec<String> {
        let ids = list
            .with(|v| {
                v.iter()
                    .map(|x| x.id().map(str::to_owned))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        self.own.update_value(|own| {
            own.truncate(ids.len());
            while own.len() < ids.len() {
                let n = self.next.get_value();
                self.next.set_value(n + 1);
                own.push(format!("#{n}"));
            }
        });
        self.own.with_value(|own| {
            ids.into_iter()
                .zip(own)
                .map(|(id, own)| id.unwrap_or_else(|| own.clone()))
                .collect()
        })
    }
}

/// An editable list: each item with its up, down and remove buttons, and an
/// add button below, keyed by id (see [`ListKeys`]). `item` renders one
/// item from its key and its current position; `new_item` gives the item
/// that add appends to the list as it is (None: nothing to add).
#[component]
pub fn EditableList<T, F, V, N>(
    list: ListAt<T>,
    item: F,
    new_item: N,
    /// What one item is, for the buttons' accessible names.
    what: &'static str,
    add_label: &'static str,
    #[prop(default = "small")] add_class: &'static str,
    #[prop(optional_no_strip)] add_testid: Option<&'static str>,
    #[prop(default = "list-item")] item_class: &'static str,
) -> impl IntoView
where
    T: ListItem,
    F: Fn(String, Signal<usize>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    N: Fn(&[T]) -> Option<T> + Send + Sync + 'static,
{
    let own = ListKeys::new();
    let keys = Memo::new(move |_| own.keys(list));
    let len = Signal::derive(move || keys.with(Vec::len));
    let on_move = Callback::new(move |(a, b): (usize, usize)| {
        own.own.update_value(|k| {
            move_item(k, a, b);
        });
        list.edit(None, |v| {
            move_item(v, a, b);
        });
    });
    let on_remove = Callback::new(move |i: usize| {
        own.own.update_value(|k| remove_at(k, i));
        list.edit(None, |v| remove_at(v, i));
    });
    let add = move |_| {
        list.edit(None, |v| {
            if let Some(x) = new_item(v) {
                v.push(x);
            }
        })
    };
    view! {
        <For each=move || keys.get() key=|k| k.clone() let:k>
            {
                let index = {
                    let k = k.clone();
                    Signal::derive(move || {
                        keys.with(|ks| ks.iter().position(|x| *x == k)).unwrap_or(0)
                    })
                };
                view! {
                    <div class=item_class>
                        {item(k, index)}
                        <ItemButtons
                            index=index
                            len=len
                            what=what
                            on_move=on_move
                            on_remove=on_remove
                        />
                    </div>
                }
            }
        </For>
        <button type="button" class=add_class data-testid=add_testid on:click=add>
            {add_label}
        </button>
    }
}

/// An editable list of plain texts (departments, outcomes), a text field
/// each, offering the choices of the datalist `datalist` if given.
#[component]
pub fn TextList(
    list: ListAt<String>,
    label: &'static str,
    add_label: &'static str,
    #[prop(optional)] multiline: bool,
    #[prop(optional_no_strip)] datalist: Option<&'static str>,
    #[prop(default = "small")] add_class: &'static str,
) -> impl IntoView {
    view! {
        <EditableList
            list=list
            what=label
            item={move |key: String, i: Signal<usize>| {
                view! {
                    <TextField
                        label=label
                        multiline=multiline
                        list=datalist
                        value=Signal::derive(move || {
                            list.with_at(i.get(), String::clone).unwrap_or_default()
                        })
                        on_input=Callback::new(move |v| {
                            list.edit_at(
                                i.get_untracked(),
                                Some(&format!("{label}-{key}")),
                                |s| *s = v,
                            )
                        })
                    />
                }
            }}
            new_item=|_: &[String]| Some(String::new())
            add_label=add_label
            add_class=add_class
        />
    }
}

/// Removes item `i` if it is still there (a click may come after a change).
fn remove_at<T>(list: &mut Vec<T>, i: usize) {
    if i < list.len() {
        list.remove(i);
    }
}

/// Up, down and remove buttons for one item of an editable list.
#[component]
fn ItemButtons(
    index: Signal<usize>,
    len: Signal<usize>,
    on_move: Callback<(usize, usize)>,
    on_remove: Callback<usize>,
    #[prop(into)] what: String,
) -> impl IntoView {
    let t = texts();
    let what_up = format!("{}: {what}", t.common.move_up);
    let what_down = format!("{}: {what}", t.common.move_down);
    let what_remove = format!("{}: {what}", t.common.remove);
    view! {
        <span class="item-buttons">
            <button
                type="button"
                class="small"
                aria-label=what_up
                disabled=move || index.get() == 0
                on:click=move |_| {
                    let i = index.get_untracked();
                    if i > 0 {
                        on_move.run((i, i - 1));
                    }
                }
            >
                "↑"
            </button>
            <button
                type="button"
                class="small"
                aria-label=what_down
                disabled={move || index.get() + 1 >= len.get()}
                on:click=move |_| {
                    let i = index.get_untracked();
                    on_move.run((i, i + 1));
                }
            >
                "↓"
            </button>
            <button
                type="button"
                class="small danger"
                aria-label=what_remove
                on:click=move |_| on_remove.run(index.get_untracked())
            >
                "×"
            </button>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    #[test]
    fn numbers_typed_in_full_width_or_with_commas_are_read() {
        assert_eq!(parse_number("1,234"), Some(1234.0));
        assert_eq!(parse_number("１２．５"), Some(12.5));
        assert_eq!(parse_number(" -3 "), Some(-3.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("inf"), None);
    }
}
