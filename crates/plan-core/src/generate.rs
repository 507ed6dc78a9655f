//! Large, made-up plans for benchmarks and tests of the list and the
//! aggregates at scale. Deterministic for a seed (a tiny xorshift, no
//! `rand`), and valid (`validate::check_meaning` finds nothing).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::clock::VersionClock;
use crate::fiscal::days_in_month;
use crate::model::{
    Action, Card, CardYear, Direction, Extra, Goal, Indicator, LogEntry, Measure, Pillar, PlanFile,
    Quantity, Status, Vision, YearValue,
};

/// xorshift64*: small, fast and good enough for made-up data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // splitmix64 of the seed, so that 0, 1, 2 … start far apart.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0 ≤ n < bound.
    fn below(&mut self, bound: usize) -> usize {
        (((self.next() >> 32) * bound as u64) >> 32) as usize
    }

    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const START: i32 = 2024;
const END: i32 = 2026;

const DEPARTMENTS: [&str; 10] = [
    "市民課",
    "DX推進室",
    "税務課",
    "子育て支援課",
    "総務課",
    "財政課",
    "福祉課",
    "農林課",
    "観光課",
    "建設課",
];

/// (id, name, visions, measures)
const PILLARS: [(&str, &str, [&str; 2], [&str; 3]); 3] = [
    (
        "citizen",
        "市民サービスの向上",
        [
            "市民は、来庁せずに手続きを済ませることができます",
            "市民は、必要な情報をすぐに受け取ることができます",
        ],
        [
            "(1) 行政手続きのオンライン化の推進",
            "(2) 窓口サービスの改善",
            "(3) デジタルデバイド対策の推進",
        ],
    ),
    (
        "office",
        "行政事務の効率化",
        [
            "職員は、定型業務から解放され企画に力を注げます",
            "職員は、場所を選ばずに働くことができます",
        ],
        [
            "(1) 業務の電子化・ペーパーレス化",
            "(2) 定型業務の自動化（RPA・AIの活用）",
            "(3) 多様な働き方と情報セキュリティの確保",
        ],
    ),
    (
        "community",
        "地域社会のデジタル化",
        [
            "地域の産業がデジタル技術で活性化しています",
            "災害時にも情報が確実に届きます",
        ],
        [
            "(1) 地域産業のデジタル化支援",
            "(2) 防災・減災のデジタル化",
            "(3) オープンデータの推進",
        ],
    ),
];

const SUBJECTS: [&str; 16] = [
    "住民票の写しの交付",
    "保育所入所申請",
    "税証明の発行",
    "公共施設の予約",
    "会議資料",
    "給与・庶務事務",
    "文書管理",
    "防災情報の配信",
    "観光案内",
    "農地台帳",
    "道路占用許可",
    "介護保険の申請",
    "ごみ収集カレンダー",
    "図書の貸出",
    "水道料金の支払",
    "職員研修",
];

const METHODS: [&str; 12] = [
    "オンライン化",
    "ペーパーレス化",
    "RPAによる自動化",
    "ＡＩ－ＯＣＲの活用",
    "キャッシュレス化",
    "電子申請の拡充",
    "ｼｽﾃﾑの標準化",
    "クラウド移行",
    "ノーコードツールでの内製化",
    "チャットボットの導入",
    "オープンデータ化",
    "スマートフォン対応",
];

const CATEGORIES: [&str; 8] = [
    "窓口・届出",
    "子育て",
    "税・納付",
    "内部事務",
    "働き方・セキュリティ",
    "地域",
    "防災",
    "観光",
];

const ACTIONS: [&str; 10] = [
    "対象業務を各課に照会し、優先順位を付ける。",
    "事業者を選定し、契約を締結する。",
    "システムを構築し、試験運用を行う。",
    "職員向けの操作研修を行う。",
    "市民向けの案内をホームページと広報紙に掲載する。",
    "運用状況を検証し、改善点をまとめる。",
    "予算要求に向けて費用対効果を分析する。",
    "関係課と業務フローを見直す（BPR）。",
    "利用者アンケートを実施する。",
    "本格運用を開始する。",
];

const GOALS: [&str; 6] = [
    "対象手続きの半数をオンラインで受け付ける。",
    "紙の使用量を前年度比で2割減らす。",
    "業務時間を年間200時間削減する。",
    "利用者満足度80%以上を達成する。",
    "全課で運用を開始する。",
    "次年度予算を確保する。",
];

const NOTES: [&str; 5] = [
    "",
    "予定どおり進んでいる。",
    "事業者の選定が遅れた。",
    "国の仕様変更に合わせて計画を見直した。",
    "利用件数は目標を上回った。",
];

const COUNT_INDICATORS: [(&str, &str); 4] = [
    ("オンライン申請の利用件数", "件"),
    ("コンビニ交付の利用件数", "件"),
    ("電子決裁の件数", "件"),
    ("スマホ教室の参加者数", "人"),
];

const HOUR_UNITS: [&str; 4] = ["時間", "時間", "h", "時間/年"];

/// A valid plan of `cards` made-up cards: 3 pillars with visions and
/// measures, 10 departments, fiscal years 2024–2026, 2–4 actions a year due
/// inside the year, statuses of every kind, indicators in 時間 (hours saved)
/// and in 件 with totals, some cards listed again (再掲) under a second
/// pillar. The same seed gives the same plan.
pub fn large_plan(cards: usize, seed: u64) -> PlanFile {
    let mut rng = Rng::new(seed);
    let mut file = PlanFile::empty(
        "generated-large".to_string(),
        format!("さくら台市DX推進計画 アクションプラン（{cards}件）"),
        START,
        END,
    );
    file.plan.organization = Some("さくら台市".to_string());
    file.plan.departments = DEPARTMENTS.map(String::from).to_vec();
    file.plan.updated_at = Some("2024-04-01T09:00:00+09:00".to_string());
    file.plan.pillars = PILLARS
        .iter()
        .map(|(id, name, visions, measures)| Pillar {
            id: id.to_string(),
            name: name.to_string(),
            visions: visions
                .iter()
                .enumerate()
                .map(|(i, text)| Vision {
                    id: format!("{id}-v{}", i + 1),
                    text: text.to_string(),
                    extra: Extra::new(),
                })
                .collect(),
            measures: measures
                .iter()
                .enumerate()
                .map(|(i, name)| Measure {
                    id: format!("{id}-m{}", i + 1),
                    name: name.to_string(),
                    extra: Extra::new(),
                })
                .collect(),
            extra: Extra::new(),
        })
        .collect();
    file.cards = (0..cards).map(|i| Arc::new(card(&mut rng, i))).collect();
    file
}

/// `2025-07-14T10:30:00+09:00`
fn timestamp(rng: &mut Rng, year: i32, month: u32) -> String {
    let day = rng.range(1, days_in_month(year, month));
    let (h, m) = (rng.range(8, 19), rng.range(0, 59));
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:00+09:00")
}

/// Calendar (year, month) of the `index`th month (0 = April) of a fiscal year.
fn fiscal_month(year: i32, index: u32) -> (i32, u32) {
    let m = (index + 3) % 12 + 1;
    (if m >= 4 { year } else { year + 1 }, m)
}

fn card(rng: &mut Rng, i: usize) -> Card {
    let n = i + 1;
    let pi = rng.below(PILLARS.len());
    let (pillar_id, _, _, measures) = PILLARS[pi];
    let mut pillars = vec![pillar_id.to_string()];
    if rng.chance(12) {
        let other = (pi + 1 + rng.below(PILLARS.len() - 1)) % PILLARS.len();
        pillars.push(PILLARS[other].0.to_string());
    }
    let measure =
        (!rng.chance(20)).then(|| format!("{pillar_id}-m{}", rng.below(measures.len()) + 1));
    let mut visions = vec![format!("{pillar_id}-v{}", rng.below(2) + 1)];
    if rng.chance(30) {
        let other = if visions[0].ends_with('1') { 2 } else { 1 };
        visions.push(format!("{pillar_id}-v{other}"));
    }

    let lead = rng.below(DEPARTMENTS.len());
    let mut departments = vec![DEPARTMENTS[lead].to_string()];
    for _ in 0..rng.below(3) {
        let d = DEPARTMENTS[rng.below(DEPARTMENTS.len())].to_string();
        if !departments.contains(&d) {
            departments.push(d);
        }
    }

    let subject = *rng.pick(&SUBJECTS);
    let method = *rng.pick(&METHODS);
    let title = format!("{subject}の{method}");
    let first = START + rng.below(2) as i32;
    let last = if rng.chance(15) {
        first
    } else {
        END.min(first + 1 + rng.below(2) as i32)
    };

    let mut years = Vec::new();
    let mut indicators = Vec::new();
    for year in first..=last {
        let actions = (0..rng.range(2, 4))
            .map(|ai| {
                let (y, m) = fiscal_month(year, rng.range(0, 11));
                // Work before autumn 2026 is mostly done; later work mostly not.
                let done = if (y, m) < (2026, 10) {
                    rng.chance(85)
                } else {
                    rng.chance(10)
                };
                let due = (!rng.chance(5)).then(|| format!("{y:04}-{m:02}"));
                let done_on = done.then(|| {
                    let day = rng.range(1, days_in_month(y, m));
                    format!("{y:04}-{m:02}-{day:02}")
                });
                Action {
                    id: format!("a{ai}"),
                    text: rng.pick(&ACTIONS).to_string(),
                    due,
                    done,
                    done_on,
                    extra: Extra::new(),
                }
            })
            .collect();
        let status = *rng.pick(&[
            Status::OnTrack,
            Status::OnTrack,
            Status::OnTrack,
            Status::Achieved,
            Status::Achieved,
            Status::Delayed,
            Status::Missed,
            Status::NotStarted,
            Status::Withdrawn,
        ]);
        let corrective_action = if matches!(status, Status::Delayed | Status::Missed) {
            "関係課と協議し、次年度の早い時期に遅れを取り戻す。".to_string()
        } else {
            String::new()
        };
        let goals = (0..rng.range(1, 2))
            .map(|gi| Goal {
                id: format!("g{gi}"),
                text: rng.pick(&GOALS).to_string(),
                achieved: status == Status::Achieved,
                target: None,
                actual: rng.chance(20).then(|| Quantity {
                    value: f64::from(rng.range(1, 50)),
                    unit: "件".to_string(),
                    extra: Extra::new(),
                }),
                extra: Extra::new(),
            })
            .collect();
        years.push(CardYear {
            year,
            status,
            actions,
            goals,
            note: rng.pick(&NOTES).to_string(),
            corrective_action,
            extra: Extra::new(),
        });
    }

    // Indicators: hours saved on about a third of the cards, counts with
    // totals (rates) on about a quarter.
    let measured: Vec<i32> = (first..=last).filter(|y| *y < END).collect();
    if rng.chance(35) {
        indicators.push(Indicator {
            id: format!("i{}", indicators.len() + 1),
            name: format!("業務時間の削減時間（{subject}）"),
            unit: rng.pick(&HOUR_UNITS).to_string(),
            direction: Direction::Up,
            baseline: None,
            targets: (first..=last)
                .map(|year| year_value(year, f64::from(rng.range(5, 60) * 10), None))
                .collect(),
            actuals: measured
                .iter()
                .map(|&year| year_value(year, f64::from(rng.range(10, 6000)) / 10.0, None))
                .collect(),
            extra: Extra::new(),
        });
    }
    if rng.chance(25) {
        let (name, unit) = *rng.pick(&COUNT_INDICATORS);
        indicators.push(Indicator {
            id: format!("i{}", indicators.len() + 1),
            name: name.to_string(),
            unit: unit.to_string(),
            direction: Direction::Up,
            baseline: Some(year_value(START - 1, f64::from(rng.range(10, 500)), None)),
            targets: (first..=last)
                .map(|year| year_value(year, f64::from(rng.range(100, 2000)), None))
                .collect(),
            actuals: measured
                .iter()
                .map(|&year| {
                    let total = rng.range(2000, 20000);
                    let value = rng.range(0, total);
                    year_value(year, f64::from(value), Some(f64::from(total)))
                })
                .collect(),
            extra: Extra::new(),
        });
    }
    if rng.chance(5) {
        // A processing time that should go down: hours, but no saving.
        indicators.push(Indicator {
            id: format!("i{}", indicators.len() + 1),
            name: "申請1件当たりの平均処理時間".to_string(),
            unit: "時間".to_string(),
            direction: Direction::Down,
            baseline: None,
            targets: Vec::new(),
            actuals: measured
                .iter()
                .map(|&year| year_value(year, f64::from(rng.range(1, 40)) / 10.0, None))
                .collect(),
            extra: Extra::new(),
        });
    }

    let (uy, um) = fiscal_month(2024 + rng.below(3) as i32, rng.range(0, 11));
    let (uy, um) = if (uy, um) > (2026, 11) {
        (2026, 11)
    } else {
        (uy, um)
    };
    let updated_at = timestamp(rng, uy, um);
    let log = (0..rng.below(3))
        .map(|_| LogEntry {
            at: timestamp(rng, uy, um),
            by: departments[0].clone(),
            text: "進捗を更新した。".to_string(),
            extra: Extra::new(),
        })
        .collect();
    let mut clock = BTreeMap::new();
    clock.insert("generated".to_string(), 1 + rng.below(9) as u64);

    Card {
        id: format!("gen-{n:05}"),
        number: n.to_string(),
        title,
        category: rng.pick(&CATEGORIES).to_string(),
        departments,
        pillars,
        measure,
        visions,
        overview: format!(
            "{subject}について{method}を進め、市民の利便性の向上と職員の業務時間の削減を図る。"
        ),
        background: format!("{subject}は紙と来庁が前提で、繁忙期には窓口が混雑している。"),
        outcomes: vec![format!("{subject}の手続きが来庁せずに完結する。")],
        years,
        indicators,
        log,
        updated_at,
        clock: VersionClock(clock),
        extra: Extra::new(),
    }
}

fn year_value(year: i32, value: f64, total: Option<f64>) -> YearValue {
    YearValue {
        year,
        value,
        total,
        extra: Extra::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_stays_in_range() {
        let mut rng = Rng::new(0);
        for bound in 1..50 {
            for _ in 0..100 {
                assert!(rng.below(bound) < bound);
            }
        }
    }

    #[test]
    fn fiscal_months_run_april_to_march() {
        assert_eq!(fiscal_month(2024, 0), (2024, 4));
        assert_eq!(fiscal_month(2024, 8), (2024, 12));
        assert_eq!(fiscal_month(2024, 9), (2025, 1));
        assert_eq!(fiscal_month(2024, 11), (2025, 3));
    }
}
