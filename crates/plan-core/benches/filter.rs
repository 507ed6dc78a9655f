//! How fast the card list answers a key stroke, and the aggregates build,
//! on a made-up plan of 1,000 cards. Figures: `benches/RESULTS.md`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use plan_core::generate::large_plan;
use plan_core::query::{Filter, SearchIndex, filter_cards};
use plan_core::stats::{departments, matrix};

const TODAY: (i32, u32) = (2026, 11);

fn benches(c: &mut Criterion) {
    let file = large_plan(1000, 7);
    let index = SearchIndex::new(&file);
    let text = Filter {
        text: "オンライン 申請".to_string(),
        ..Filter::default()
    };
    let combined = Filter {
        pillar: Some("office".to_string()),
        year: Some(2025),
        text: "ｼｽﾃﾑ".to_string(),
        ..Filter::default()
    };

    c.bench_function("index_build_1000", |b| {
        b.iter(|| SearchIndex::new(black_box(&file)))
    });
    c.bench_function("index_filter_text_1000", |b| {
        b.iter(|| {
            index
                .filter(black_box(&file), black_box(&text), TODAY)
                .len()
        })
    });
    c.bench_function("index_filter_combined_1000", |b| {
        b.iter(|| {
            index
                .filter(black_box(&file), black_box(&combined), TODAY)
                .len()
        })
    });
    c.bench_function("index_filter_none_1000", |b| {
        b.iter(|| {
            index
                .filter(black_box(&file), black_box(&Filter::default()), TODAY)
                .len()
        })
    });
    c.bench_function("filter_cards_text_no_index_1000", |b| {
        b.iter(|| filter_cards(black_box(&file), black_box(&text), TODAY).len())
    });
    c.bench_function("matrix_1000", |b| b.iter(|| matrix(black_box(&file))));
    c.bench_function("departments_1000", |b| {
        b.iter(|| departments(black_box(&file), 2025, TODAY))
    });
}

criterion_group!(filter, benches);
criterion_main!(filter);
