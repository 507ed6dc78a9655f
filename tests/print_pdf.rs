//! Paper: Chromium's print-to-PDF of one card, of the status matrix and of
//! the whole sample plan, read back with poppler (pdfinfo, pdftotext) and
//! turned into PNG pages (pdftoppm) under target/print/ to look at.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

use plan_core::report::{Parts, html_document};

fn out_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/print");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Prints an HTML document to PDF with headless Chromium; returns the PDF.
fn print_to_pdf(name: &str, html: &str) -> PathBuf {
    let dir = out_dir();
    let page = dir.join(format!("{name}.html"));
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&page, html).unwrap();
    let _ = std::fs::remove_file(&pdf);
    let profile =
        std::env::temp_dir().join(format!("shinchoku-print-{}-{name}", std::process::id()));
    let status = Command::new("/usr/bin/chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("chromium");
    let _ = std::fs::remove_dir_all(&profile);
    assert!(
        status.success() && pdf.exists(),
        "print-to-pdf failed for {name}"
    );
    // PNG pages for a person to look at.
    let png = Command::new("pdftoppm")
        .args(["-png", "-r", "60"])
        .arg(&pdf)
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(png.success());
    pdf
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {text}"))
}

fn page_text(pdf: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// A table cell's text wraps and interleaves with its neighbours in the
/// extracted text, so check that its first and last characters are there.
fn has_both_ends(page: &str, text: &str) -> bool {
    let t: Vec<char> = squash(text).chars().collect();
    let head: String = t.iter().take(7).collect();
    let tail: String = t[t.len().saturating_sub(5)..].iter().collect();
    page.contains(&head) && page.contains(&tail)
}

/// pdftotext breaks lines and spaces CJK text; compare without white space.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

const APP_CHROME: [&str; 6] = [
    "PNGで保存",
    "元に戻す",
    "このカードを編集",
    "記録を追加",
    "ファイルに書き出す",
    "次年度へ継続",
];

fn landscape(pdf: &Path) -> bool {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let size = text
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or_default()
        .to_string();
    let nums: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    nums.len() >= 2 && nums[0] > nums[1]
}

#[test]
fn one_card_prints_on_one_landscape_page_with_everything_and_no_buttons() {
    let sample = plan_core::sample_plan();
    let card = sample.card("card-02").unwrap();
    let one = plan_core::export::subset_by_ids(&sample, std::slice::from_ref(&card.id));
    let pdf = print_to_pdf(
        "card",
        &html_document(&one, (2026, 11, 21), "2026-11-21", Parts::CARDS_ONLY),
    );
    assert_eq!(pages(&pdf), 1, "one card, one page");
    assert!(landscape(&pdf), "A4 landscape");
    let text = squash(&page_text(&pdf, 1));
    for must in [
        &card.title,
        "事業名",
        "担当課",
        "将来の姿",
        "事業概要",
        "取組の背景",
        "取組事項（KPI）",
        "年次目標（KGI）",
        "達成目標",
    ] {
        assert!(text.contains(&squash(must)), "missing {must}");
    }
    // Nothing cut off: the last action of the last year and the last outcome.
    let last_action = &card.years.last().unwrap().actions.last().unwrap().text;
    assert!(has_both_ends(&text, last_action), "cut: {last_action}");
    assert!(has_both_ends(&text, card.outcomes.last().unwrap()));
    for chrome in APP_CHROME {
        assert!(!text.contains(chrome), "app chrome on paper: {chrome}");
    }
}

#[test]
fn the_matrix_prints_as_a_progress_report_with_legend_and_headline() {
    let sample = plan_core::sample_plan();
    let pdf = print_to_pdf(
        "matrix",
        &html_document(&sample, (2026, 11, 21), "2026-11-21", Parts::MATRIX),
    );
    let all: String = (1..=pages(&pdf))
        .map(|p| squash(&page_text(&pdf, p)))
        .collect();
    assert!(all.contains("凡例"));
    assert!(all.contains("時間削減"), "headline hours");
    for c in &sample.cards {
        assert!(all.contains(&squash(&c.title)), "matrix lacks {}", c.title);
    }
    for chrome in APP_CHROME {
        assert!(!all.contains(chrome));
    }
}

#[test]
fn the_whole_plan_prints_with_a_cover_and_one_card_per_page() {
    let sample = plan_core::sample_plan();
    let pdf = print_to_pdf(
        "plan",
        &html_document(
            &sample,
            (2026, 11, 21),
            "2026-11-21",
            Parts::CARDS_WITH_COVER,
        ),
    );
    let n = pages(&pdf);
    let texts: Vec<String> = (1..=n).map(|p| squash(&page_text(&pdf, p))).collect();
    assert!(
        texts[0].contains(&squash(&sample.plan.title)),
        "cover first"
    );
    // Each card starts on a page of its own, in order, and no two share one.
    let mut starts = Vec::new();
    for c in &sample.cards {
        let heading = squash(&format!("{}{}", c.number, c.title));
        let page = texts
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, t)| t.contains(&squash(&c.title)) && t.contains("事業名"))
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("card {heading} not found on its own page"));
        starts.push(page);
    }
    let mut sorted = starts.clone();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        sample.cards.len(),
        "two cards on one page: {starts:?}"
    );
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    assert!(n > sample.cards.len());
    for t in &texts {
        for chrome in APP_CHROME {
            assert!(!t.contains(chrome));
        }
    }
}
