//! Prometheus metrics (`GET /metrics`, OpenMetrics text): requests by route and status, decision
//! latency, decisions by verdict, decision-log write latency and group size.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub route: String,
    pub method: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct VerdictLabels {
    /// `eligible`, `not_eligible` or `not_subject`.
    pub verdict: &'static str,
}

/// The service's metrics; cheap to clone (shared counters).
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    pub requests: Family<RequestLabels, Counter>,
    pub decisions: Family<VerdictLabels, Counter>,
    /// From the request's arrival to the answer being ready (the log commit included).
    pub decision_seconds: Histogram,
    pub log_write_seconds: Histogram,
    pub log_group_rows: Histogram,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("shenfu");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route, method and status",
            requests.clone(),
        );
        let decisions = Family::<VerdictLabels, Counter>::default();
        registry.register("decisions", "Decisions made, by verdict", decisions.clone());
        let decision_seconds = Histogram::new(exponential_buckets(0.000_05, 2.0, 18));
        registry.register(
            "decision_seconds",
            "Time to answer an assessment, the decision log's commit included",
            decision_seconds.clone(),
        );
        let log_write_seconds = Histogram::new(exponential_buckets(0.000_05, 2.0, 18));
        registry.register(
            "log_write_seconds",
            "Time to commit one group of decisions to the log",
            log_write_seconds.clone(),
        );
        let log_group_rows = Histogram::new(exponential_buckets(1.0, 2.0, 10));
        registry.register(
            "log_group_rows",
            "Decisions committed together in one transaction",
            log_group_rows.clone(),
        );
        Self {
            registry: Arc::new(registry),
            requests,
            decisions,
            decision_seconds,
            log_write_seconds,
            log_group_rows,
        }
    }
}

impl Metrics {
    /// The OpenMetrics text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }

    /// A hook for the log writer.
    pub fn on_commit(&self) -> crate::log::OnCommit {
        let (seconds, rows) = (self.log_write_seconds.clone(), self.log_group_rows.clone());
        Arc::new(move |elapsed: Duration, n: usize| {
            seconds.observe(elapsed.as_secs_f64());
            rows.observe(n as f64);
        })
    }
}
