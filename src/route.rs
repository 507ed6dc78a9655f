//! Screens addressed by the URL hash (`#/card/card-01`), so that a link or a
//! bookmark reopens them on file:// and under any sub-path of a server.

use plan_core::text::percent_encode as encode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Start screen: create, sample, open a file, stored plans.
    Start,
    /// The current plan's cards grouped by pillar.
    Overview,
    /// One card, by id: its sheet with progress ticking.
    Card(String),
    /// The plan header: title, period, pillars, departments.
    EditPlan,
    /// Every field of one card.
    EditCard(String),
    /// Export, import (with the merge preview) and the import history.
    Exchange,
    /// The card list with filters; the filter as a URL query (`pillar=…&q=…`).
    List(String),
    /// Status per card and fiscal year, grouped pillar → measure.
    Matrix,
    /// Per department: cards, actions done / total, overdue, last update.
    Departments,
    /// Charts.
    Dashboard,
    /// Mapping the columns of an Excel workbook to plan fields.
    XlsxImport,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        if let Some(rest) = path.strip_prefix("list")
            && (rest.is_empty() || rest.starts_with('?'))
        {
            return Route::List(rest.trim_start_matches('?').to_string());
        }
        let mut parts = path.splitn(2, '/');
        match (parts.next().unwrap_or(""), parts.next()) {
            ("plan", Some("edit")) => Route::EditPlan,
            ("exchange", _) => Route::Exchange,
            ("matrix", _) => Route::Matrix,
            ("departments", _) => Route::Departments,
            ("dashboard", _) => Route::Dashboard,
            ("xlsx-import", _) => Route::XlsxImport,
            ("plan", _) => Route::Overview,
            ("card", Some(rest)) => match rest.strip_suffix("/edit") {
                Some(id) if !id.is_empty() => Route::EditCard(decode(id)),
                _ if !rest.is_empty() => Route::Card(decode(rest)),
                _ => Route::Start,
            },
            _ => Route::Start,
        }
    }

    /// The screen this route shows: the list's filter is state inside one
    /// screen, so typing a filter does not rebuild the page.
    pub fn screen(&self) -> Route {
        match self {
            Route::List(_) => Route::List(String::new()),
            other => other.clone(),
        }
    }

    pub fn to_hash(&self) -> String {
        match self {
            Route::Start => "#/".to_string(),
            Route::Overview => "#/plan".to_string(),
            Route::Card(id) => format!("#/card/{}", encode(id)),
            Route::EditPlan => "#/plan/edit".to_string(),
            Route::EditCard(id) => format!("#/card/{}/edit", encode(id)),
            Route::Exchange => "#/exchange".to_string(),
            Route::List(q) if q.is_empty() => "#/list".to_string(),
            Route::List(q) => format!("#/list?{q}"),
            Route::Matrix => "#/matrix".to_string(),
            Route::Departments => "#/departments".to_string(),
            Route::Dashboard => "#/dashboard".to_string(),
            Route::XlsxImport => "#/xlsx-import".to_string(),
        }
    }
}

/// An id from the URL; text that does not decode to UTF-8 is taken as it is.
fn decode(s: &str) -> String {
    plan_core::text::percent_decode(s).unwrap_or_else(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip_through_the_hash() {
        for r in [
            Route::Start,
            Route::Overview,
            Route::Card("card-01".into()),
            Route::Card("カード/1 #x".into()),
            Route::EditPlan,
            Route::Exchange,
            Route::List(String::new()),
            Route::List("pillar=office&q=%E9%9B%BB".into()),
            Route::Matrix,
            Route::Departments,
            Route::Dashboard,
            Route::XlsxImport,
            Route::EditCard("card-01".into()),
            Route::EditCard("a/edit".into()),
        ] {
            assert_eq!(Route::parse(&r.to_hash()), r);
        }
        assert_eq!(Route::parse(""), Route::Start);
        assert_eq!(Route::parse("#/card/"), Route::Start);
        assert_eq!(Route::parse("#/unknown"), Route::Start);
    }
}
