//! A bar chart drawn as plain SVG in the view: no chart library and no
//! script, so it is the same HTML from the server and after hydration, and
//! it shows without JavaScript. Every coordinate is computed here with fixed
//! precision, so server and browser write the same numbers.

use leptos::prelude::*;

/// One bar: its label (a day, `YYYY-MM-DD`, for the registrations) and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
}

// The drawing's own units (the SVG scales to its box): room on the left for
// the value axis, below for the labels.
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;
/// Value-axis lines: zero and this many above it.
const TICKS: u64 = 4;

/// The top of the value axis: the smallest [`TICKS`] times a "round" step
/// (1, 2, 2.5 or 5 times a power of ten, whole) at or above `max`, so the
/// ticks are whole and easy to read. At least [`TICKS`], so an empty chart
/// still has an axis.
pub fn axis_max(max: u64) -> u64 {
    let mut magnitude = 1_u64;
    loop {
        let quarter = (magnitude >= 10).then(|| (magnitude / 2).saturating_mul(5));
        let steps = [
            Some(magnitude),
            Some(magnitude.saturating_mul(2)),
            quarter,
            Some(magnitude.saturating_mul(5)),
        ];
        for step in steps.into_iter().flatten() {
            let top = step.saturating_mul(TICKS);
            if top >= max {
                return top;
            }
        }
        magnitude = match magnitude.checked_mul(10) {
            Some(m) => m,
            None => return max,
        };
    }
}

/// A day `YYYY-MM-DD` as "3 Mar"; anything else as it is.
pub fn short_day(day: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = day.splitn(3, '-');
    let (_, month, dom) = (parts.next(), parts.next(), parts.next());
    let month = month
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| m.checked_sub(1))
        .and_then(|m| MONTHS.get(m));
    let dom = dom.and_then(|d| d.parse::<u32>().ok());
    match (month, dom) {
        (Some(month), Some(dom)) => format!("{dom} {month}"),
        _ => day.to_string(),
    }
}

/// A coordinate with one decimal, the same on every platform.
fn num(v: f64) -> String {
    format!("{v:.1}")
}

/// A bar chart. `label` names the chart for assistive technology (the
/// drawing is one image to them); each bar's `<title>` gives its value to
/// a pointer. Every `label_every`th bar's label is written under the axis.
#[component]
pub fn SvgBarChart(
    /// What the chart shows, read out as the image's name.
    #[prop(into)]
    label: String,
    bars: Vec<Bar>,
    /// The word after a value in a bar's title ("registrations").
    unit: &'static str,
    /// The singular of `unit`, for a value of 1.
    unit_one: &'static str,
    #[prop(default = 15)] label_every: usize,
) -> impl IntoView {
    let top = axis_max(bars.iter().map(|b| b.value).max().unwrap_or(0));
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;
    let slot = plot_w / bars.len().max(1) as f64;
    let bar_w = (slot * 0.72).max(1.0);
    let y_of = move |v: u64| base - plot_h * v as f64 / top as f64;

    let grid = (0..=TICKS)
        .map(|i| {
            let value = top / TICKS * i;
            let y = num(y_of(value));
            view! {
                <g class="chart-tick">
                    <line x1=num(LEFT) x2=num(WIDTH - RIGHT) y1=y.clone() y2=y.clone()></line>
                    <text x=num(LEFT - 6.0) y=y dy="0.32em" text-anchor="end">{value.to_string()}</text>
                </g>
            }
        })
        .collect_view();

    let rects = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
            let y = y_of(bar.value);
            let word = if bar.value == 1 { unit_one } else { unit };
            let title = format!("{}: {} {word}", bar.label, bar.value);
            view! {
                <rect class="chart-bar" x=num(x) y=num(y) width=num(bar_w) height=num(base - y)>
                    <title>{title}</title>
                </rect>
            }
        })
        .collect_view();

    let labels = bars
        .iter()
        .enumerate()
        .filter(|(i, _)| label_every > 0 && i % label_every == 0)
        .map(|(i, bar)| {
            let x = LEFT + slot * (i as f64 + 0.5);
            view! {
                <text class="chart-label" x=num(x) y=num(base + 18.0) text-anchor="middle">
                    {short_day(&bar.label)}
                </text>
            }
        })
        .collect_view();

    view! {
        <svg
            class="chart"
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            role="img"
            aria-label=label
        >
            {grid}
            <line class="chart-axis" x1=num(LEFT) x2=num(WIDTH - RIGHT) y1=num(base) y2=num(base)></line>
            {rects}
            {labels}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_ends_on_a_round_number_at_or_above_the_highest_bar() {
        assert_eq!(axis_max(0), 4);
        assert_eq!(axis_max(3), 4);
        assert_eq!(axis_max(4), 4);
        assert_eq!(axis_max(5), 8);
        assert_eq!(axis_max(17), 20);
        assert_eq!(axis_max(21), 40);
        assert_eq!(axis_max(99), 100);
        assert_eq!(axis_max(101), 200);
        assert_eq!(axis_max(1234), 2000);
        assert_eq!(axis_max(u64::MAX), u64::MAX);
    }

    #[cfg(feature = "ssr")]
    fn days(counts: &[u64]) -> Vec<Bar> {
        counts
            .iter()
            .enumerate()
            .map(|(i, &value)| Bar {
                label: format!("2026-03-{:02}", i + 1),
                value,
            })
            .collect()
    }

    #[cfg(feature = "ssr")]
    fn render(bars: Vec<Bar>) -> String {
        let owner = Owner::new();
        owner.with(|| {
            view! {
                <SvgBarChart label="Registrations" bars unit="registrations" unit_one="registration" label_every=10/>
            }
            .to_html()
        })
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_chart_is_one_labelled_image_with_a_title_per_bar() {
        let html = render(days(&[0, 1, 3, 0, 2]));
        assert!(html.starts_with("<svg"), "{html}");
        assert!(html.contains(r#"role="img""#) && html.contains(r#"aria-label="Registrations""#));
        assert!(html.contains(r#"viewBox="0 0 720 240""#), "{html}");
        assert_eq!(html.matches("<rect").count(), 5);
        assert!(
            html.contains("<title>2026-03-02: 1 registration</title>"),
            "{html}"
        );
        assert!(
            html.contains("<title>2026-03-03: 3 registrations</title>"),
            "{html}"
        );
        assert!(
            html.contains("<title>2026-03-01: 0 registrations</title>"),
            "{html}"
        );
        // The value axis: 0 to 4 in steps of 1; one day label every ten.
        for tick in ["0", "1", "2", "3", "4"] {
            assert!(
                html.contains(&format!(">{tick}</text>")),
                "tick {tick}: {html}"
            );
        }
        assert!(
            html.contains(">1 Mar</text>") && !html.contains(">2 Mar</text>"),
            "{html}"
        );
        // The highest bar reaches three quarters of the way up.
        assert!(html.contains(r#"height="150.0""#), "{html}");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn an_empty_chart_still_draws_its_axis() {
        let html = render(Vec::new());
        assert_eq!(html.matches("<rect").count(), 0);
        assert!(
            html.contains(">4</text>") && html.contains("chart-axis"),
            "{html}"
        );
    }

    #[test]
    fn days_read_as_day_and_month() {
        assert_eq!(short_day("2026-03-03"), "3 Mar");
        assert_eq!(short_day("2026-12-31"), "31 Dec");
        assert_eq!(short_day("2026-13-01"), "2026-13-01");
        assert_eq!(short_day("soon"), "soon");
    }
}
