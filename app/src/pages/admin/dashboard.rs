//! `/admin`: how many customers, how many new this week, how many in each
//! group, and the registrations of the last 90 days as a bar chart (with
//! the numbers as a table for those who cannot see it).

use crate::api::{DashboardView, DayCount, GroupCount};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::admin_dashboard;
use crate::components::chart::{Bar, SvgBarChart};

/// `1234567` as "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let dashboard = Resource::new(|| (), |_| admin_dashboard());
    view! {
        <Title text="Dashboard · Admin"/>
        <h1 class="admin-title">"Dashboard"</h1>
        <Suspense fallback=|| view! { <p class="muted" aria-busy="true">"Loading the figures…"</p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(view) => view! { <Overview view/> }.into_any(),
                    Err(e) => {
                        view! {
                            <div class="alert alert-error" role="alert">
                                {format!("We could not load the dashboard: {}", e.message())}
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(view: DashboardView) -> impl IntoView {
    let DashboardView {
        customers,
        new_this_week,
        by_group,
        registrations_per_day,
    } = view;
    view! {
        <dl class="figures" data-testid="figures">
            <div class="figure">
                <dt>"Customers"</dt>
                <dd>{thousands(customers)}</dd>
            </div>
            <div class="figure">
                <dt>"New this week"</dt>
                <dd>{thousands(new_this_week)}</dd>
            </div>
            <div class="figure">
                <dt>"Groups"</dt>
                <dd>{thousands(by_group.len() as u64)}</dd>
            </div>
        </dl>
        <Registrations days=registrations_per_day/>
        <ByGroup groups=by_group total=customers/>
    }
}

#[component]
fn Registrations(days: Vec<DayCount>) -> impl IntoView {
    let total: u64 = days.iter().map(|d| d.count).sum();
    let label = format!(
        "Registrations per day over the last {} days: {} in all",
        days.len(),
        thousands(total)
    );
    let bars = days
        .iter()
        .map(|d| Bar {
            label: d.day.clone(),
            value: d.count,
        })
        .collect();
    let rows = days
        .into_iter()
        .rev()
        .map(|d| {
            view! {
                <tr>
                    <th scope="row">{d.day}</th>
                    <td class="num">{thousands(d.count)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2 class="admin-section-title" id="registrations">"Registrations per day"</h2>
        <div class="chart-card">
            <SvgBarChart label bars unit="registrations" unit_one="registration"/>
        </div>
        <details class="chart-data">
            <summary>"Show the numbers"</summary>
            <div class="table-wrap">
                <table class="table">
                    <caption>"Registrations per day, newest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Day"</th>
                            <th scope="col" class="num">"Registrations"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
fn ByGroup(groups: Vec<GroupCount>, total: u64) -> impl IntoView {
    let rows = groups
        .into_iter()
        .map(|g| {
            // Whole per cent, rounded; of no customers, none.
            let share = match total {
                0 => 0,
                t => (g.members.saturating_mul(100) + t / 2) / t,
            };
            view! {
                <tr>
                    <th scope="row">{g.name}</th>
                    <td class="num">{thousands(g.members)}</td>
                    <td class="num">{format!("{share} %")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2 class="admin-section-title" id="by-group">"Customers by group"</h2>
        <div class="table-wrap">
            <table class="table" aria-labelledby="by-group">
                <thead>
                    <tr>
                        <th scope="col">"Group"</th>
                        <th scope="col" class="num">"Customers"</th>
                        <th scope="col" class="num">"Share"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_are_grouped_by_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
