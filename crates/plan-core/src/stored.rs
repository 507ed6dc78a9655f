//! How the app keeps a plan in a key–value store (the browser's
//! localStorage): one value per card and a small manifest, written last.
//!
//! A save writes the cards whose text changed under new names, then the
//! manifest (the plan's header text, the card names in order, a
//! generation); the names the manifest no longer lists are removed
//! afterwards (the app waits a little, for a tab that saved at the same
//! moment from the older manifest). Card values are never overwritten: a
//! reader that has the manifest before the write finds every card it
//! names, and one that has the manifest after it finds the new ones — it
//! never sees half a plan. A save that stops half way leaves the old
//! manifest, and cards nobody names (removed later).
//!
//! The stored plan's text is the manifest's `head`, the cards' texts joined
//! by commas, then `tail`: exactly the text the gate checked
//! ([`crate::gate::PassedParts`]), and the loader reads that text as it
//! reads a file. The manifest's generation tells another tab's write apart
//! from this page's own without reading the plan.
//!
//! Pure: the app's storage adapter does the reading and writing.

use std::collections::BTreeSet;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::gate::PassedParts;

/// What the manifest's first field says, so it is told apart from a plan
/// file stored whole (the form before) without parsing a 2 MB text.
pub const MANIFEST_TAG: &str = "shinchoku-stored-plan";
const MANIFEST_START: &str = "{\"stored\":\"shinchoku-stored-plan\"";

/// The value stored under a plan's key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`MANIFEST_TAG`]; first, so a glance at the text tells.
    pub stored: String,
    /// Changes at every write: another tab's write has another one.
    pub generation: String,
    /// The plan's text up to and including `"cards":[`.
    pub head: String,
    /// Card value names, in the plan's order.
    pub cards: Vec<String>,
    /// The plan's text from the cards' closing `]` on.
    pub tail: String,
}

/// What is stored under a plan's key: a manifest, or a whole plan text
/// (written by an earlier version, or by hand).
#[derive(Debug, Clone, PartialEq)]
pub enum StoredValue {
    Manifest(Manifest),
    Whole(String),
}

impl StoredValue {
    /// Reads a stored value. A text that starts like a manifest but is not
    /// one is a whole text (the loader will say what is wrong with it).
    pub fn parse(text: String) -> StoredValue {
        if text.starts_with(MANIFEST_START)
            && let Ok(m) = serde_json::from_str::<Manifest>(&text)
            && m.stored == MANIFEST_TAG
        {
            return StoredValue::Manifest(m);
        }
        StoredValue::Whole(text)
    }

    /// The manifest, if this value is one.
    pub fn manifest(self) -> Option<Manifest> {
        match self {
            StoredValue::Manifest(m) => Some(m),
            StoredValue::Whole(_) => None,
        }
    }
}

impl Manifest {
    /// The stored text, from the card values `get` finds (by name); with
    /// the cards' texts as read. Err names a card value that is missing.
    pub fn assemble(
        &self,
        mut get: impl FnMut(&str) -> Option<String>,
    ) -> Result<(String, Vec<Arc<str>>), String> {
        let mut texts: Vec<Arc<str>> = Vec::with_capacity(self.cards.len());
        for name in &self.cards {
            match get(name) {
                Some(t) => texts.push(t.into()),
                None => return Err(name.clone()),
            }
        }
        let len =
            self.head.len() + self.tail.len() + texts.iter().map(|t| t.len() + 1).sum::<usize>();
        let mut out = String::with_capacity(len);
        out.push_str(&self.head);
        for (i, t) in texts.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(t);
        }
        out.push_str(&self.tail);
        Ok((out, texts))
    }

    pub fn to_text(&self) -> String {
        // Strings and a list of strings always serialise.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The generation of a stored manifest, read off the start of its text
/// (no parsing: a save compares it with the one it knows). None for any
/// other text.
pub fn generation_of(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(MANIFEST_START)?;
    let rest = rest.strip_prefix(",\"generation\":\"")?;
    rest.split_once('"').map(|(g, _)| g)
}

/// What this page knows is stored under one plan key: the manifest and
/// which card text is stored under which name.
#[derive(Debug, Clone)]
pub struct Known {
    pub manifest: Manifest,
    /// Card text → name. Keyed by the text's address first: the gate hands
    /// the same shared text for a card that did not change, so a save finds
    /// 1,000 unchanged cards without hashing 2 MB. The `Arc` held here keeps
    /// the address from being reused for another text.
    by_address: FxHashMap<usize, (Arc<str>, String)>,
    by_text: FxHashMap<Arc<str>, String>,
}

fn address(text: &Arc<str>) -> usize {
    Arc::as_ptr(text) as *const u8 as usize
}

impl Known {
    /// Learns a manifest and the card texts read for it.
    pub fn of(manifest: &Manifest, texts: &[Arc<str>]) -> Known {
        Known {
            manifest: manifest.clone(),
            by_address: FxHashMap::default(),
            by_text: texts
                .iter()
                .cloned()
                .zip(manifest.cards.iter().cloned())
                .collect(),
        }
    }

    pub fn generation(&self) -> &str {
        &self.manifest.generation
    }

    fn name_of(&self, text: &Arc<str>) -> Option<&String> {
        match self.by_address.get(&address(text)) {
            Some((t, name)) if Arc::ptr_eq(t, text) => Some(name),
            _ => self.by_text.get(text),
        }
    }
}

/// What a browser counts for a string it stores (Chromium: a string whose
/// characters are all Latin-1 one byte a character, any other two bytes per
/// UTF-16 unit). Sizes of pieces add up to the size of the pieces joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// UTF-16 units.
    pub units: u64,
    /// Every character below U+0100.
    pub latin1: bool,
}

impl Default for Size {
    fn default() -> Size {
        Size {
            units: 0,
            latin1: true,
        }
    }
}

impl Size {
    /// The size of `text`, in one walk through it.
    pub fn of(text: &str) -> Size {
        let mut size = Size::default();
        for c in text.chars() {
            size.units += c.len_utf16() as u64;
            size.latin1 &= (c as u32) < 256;
        }
        size
    }

    /// The size of `self`'s text followed by `other`'s.
    pub fn join(self, other: Size) -> Size {
        Size {
            units: self.units + other.units,
            latin1: self.latin1 && other.latin1,
        }
    }

    /// Bytes as the browser counts them.
    pub fn bytes(self) -> u64 {
        if self.latin1 {
            self.units
        } else {
            2 * self.units
        }
    }
}

/// One save, as writes: the card values to write (new names only), then
/// the manifest, then the names to remove.
#[derive(Debug, Clone)]
pub struct Writes {
    pub cards: Vec<(String, Arc<str>)>,
    /// Names the replaced manifest listed and the new one does not.
    pub removed: Vec<String>,
    /// What is known once the writes are done, the manifest to write among
    /// it.
    pub known: Known,
}

impl Writes {
    /// The manifest to write after the cards.
    pub fn manifest(&self) -> &Manifest {
        &self.known.manifest
    }
}

/// Plans the writes that store `parts` in place of `now` (the manifest
/// stored under the plan's key as read just before, if it is one).
///
/// A card text already stored under a name is not written again, but only
/// when `known` describes `now` itself (same generation): then every name
/// it gives is still there. `new_name` makes a name no value has.
pub fn plan_writes(
    parts: &PassedParts,
    now: Option<&Manifest>,
    known: Option<&Known>,
    generation: String,
    mut new_name: impl FnMut() -> String,
) -> Writes {
    let reuse = match (now, known) {
        (Some(m), Some(k)) if k.generation() == m.generation => Some(k),
        _ => None,
    };
    let mut by_address: FxHashMap<usize, (Arc<str>, String)> = FxHashMap::default();
    let mut cards = Vec::new();
    let mut names = Vec::with_capacity(parts.cards.len());
    for text in &parts.cards {
        let known_name = reuse.and_then(|k| k.name_of(text));
        let name = match known_name {
            Some(n) => n.clone(),
            None => {
                // Two cards with one text cannot be (ids differ); a repeated
                // text gets a name of its own all the same.
                let n = new_name();
                cards.push((n.clone(), Arc::clone(text)));
                n
            }
        };
        by_address.insert(address(text), (Arc::clone(text), name.clone()));
        names.push(name);
    }
    let kept: FxHashSet<&str> = names.iter().map(String::as_str).collect();
    let removed = now
        .map(|m| {
            m.cards
                .iter()
                .filter(|n| !kept.contains(n.as_str()))
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        })
        .unwrap_or_default();
    let manifest = Manifest {
        stored: MANIFEST_TAG.to_string(),
        generation,
        head: parts.head.clone(),
        cards: names,
        tail: parts.tail.clone(),
    };
    let known = Known {
        manifest,
        by_address,
        by_text: FxHashMap::default(),
    };
    Writes {
        cards,
        removed,
        known,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_plan_text_is_not_taken_for_a_manifest() {
        let whole = r#"{"format":"shinchoku-plan","stored":"shinchoku-stored-plan"}"#;
        assert_eq!(
            StoredValue::parse(whole.to_string()),
            StoredValue::Whole(whole.to_string())
        );
        // Starts like one, is not one: the loader will say why.
        let broken = r#"{"stored":"shinchoku-stored-plan","generation":1}"#;
        assert!(matches!(
            StoredValue::parse(broken.to_string()),
            StoredValue::Whole(_)
        ));
    }

    #[test]
    fn the_generation_is_read_off_the_start() {
        let m = Manifest {
            stored: MANIFEST_TAG.into(),
            generation: "0a1b".into(),
            head: "{\"cards\":[".into(),
            cards: vec!["x".into()],
            tail: "]}".into(),
        };
        assert_eq!(generation_of(&m.to_text()), Some("0a1b"));
        assert_eq!(generation_of("{\"format\":\"x\"}"), None);
    }
}
