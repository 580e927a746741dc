//! Realistic message processing logs from a seed: spread over a number of flows (some busier
//! than others) and over a time window ending at a given instant, in chronological order (as a
//! runtime writes them), with weighted statuses, error texts, ids, custom headers, adapter
//! attributes, attachments and a run. The same seed and end give the same logs.

use std::sync::Arc;

use time::{Duration, OffsetDateTime};

use cpi_domain::monitoring::{
    MessageProcessingLog, MplAdapterAttribute, MplArtifact, MplAttachment, MplCustomHeader, MplError, MplRun,
    MplStatus, NewMpl, message_guid,
};

use super::catalog::{ATTACHMENTS, CUSTOMERS, ERRORS, SCENARIOS, Scenario};

/// Statuses and their weights per thousand.
const STATUS_WEIGHTS: [(MplStatus, u64); 8] = [
    (MplStatus::Completed, 900),
    (MplStatus::Failed, 50),
    (MplStatus::Retry, 15),
    (MplStatus::Escalated, 10),
    (MplStatus::Processing, 10),
    (MplStatus::Cancelled, 5),
    (MplStatus::Discarded, 5),
    (MplStatus::Abandoned, 5),
];
/// Shares, per thousand logs, of those with custom headers, adapter attributes, an
/// application message id and attachments.
const WITH_HEADERS: u64 = 400;
const WITH_ATTRIBUTES: u64 = 300;
const WITH_APPLICATION_ID: u64 = 600;
const WITH_ATTACHMENT: u64 = 50;
/// Messages still processing longer ago than this were abandoned.
const PROCESSING_HORIZON: Duration = Duration::hours(1);

/// What to generate.
#[derive(Debug, Clone)]
pub struct GeneratorConfig {
    /// How many logs.
    pub count: u64,
    /// How many flows (at least one).
    pub flows: u32,
    /// Length of the window the starts fall in.
    pub window: Duration,
    /// The end of that window.
    pub end: OffsetDateTime,
    /// The seed.
    pub seed: u64,
    /// Component name of this tenant (`CPI_<subdomain>`).
    pub component: String,
}

/// A deterministic pseudo-random sequence (SplitMix64): fast, and stable across versions.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn bytes16(&mut self) -> [u8; 16] {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A flow logs are written for.
#[derive(Debug)]
struct Flow {
    artifact: MplArtifact,
    scenario: &'static Scenario,
}

/// Produces the logs batch by batch.
#[derive(Debug)]
pub struct MplGenerator {
    config: GeneratorConfig,
    random: SplitMix64,
    flows: Arc<[Flow]>,
    start: OffsetDateTime,
    made: u64,
}

impl MplGenerator {
    /// A generator of `config.count` logs.
    pub fn new(config: GeneratorConfig) -> Self {
        let flows = (0..config.flows.max(1)).map(flow).collect();
        let start = config.end - config.window;
        MplGenerator { random: SplitMix64(config.seed), config, flows, start, made: 0 }
    }

    /// Logs not generated yet.
    pub fn remaining(&self) -> u64 {
        self.config.count - self.made
    }

    /// The next (at most) `size` logs, oldest first; empty when all are made.
    pub fn next_batch(&mut self, size: usize) -> Vec<NewMpl> {
        let size = (size as u64).min(self.remaining());
        (0..size).map(|_| self.next_mpl()).collect()
    }

    fn next_mpl(&mut self) -> NewMpl {
        let n = self.made;
        self.made += 1;
        let start = self.start_of(n);
        // Busier flows first: the square skews picks toward low numbers.
        let index = (self.random.unit().powi(2) * self.flows.len() as f64) as usize;
        let flows = Arc::clone(&self.flows);
        let flow = &flows[index.min(flows.len() - 1)];
        let status = self.status(start);
        let duration = Duration::milliseconds((5.0 * 1600f64.powf(self.random.unit())) as i64);
        let log = self.log(n, flow, status, start, start + duration);
        let customer = *self.random.pick(&CUSTOMERS);
        let mut mpl = NewMpl::bare(log);
        if self.random.chance(WITH_HEADERS) {
            mpl.custom_headers = vec![
                MplCustomHeader { name: "OrderNumber".to_owned(), value: format!("45{:08}", n % 100_000_000) },
                MplCustomHeader { name: "Customer".to_owned(), value: customer.to_owned() },
            ];
        }
        if self.random.chance(WITH_ATTRIBUTES) {
            mpl.adapter_attributes = vec![self.adapter_attribute(&mpl.log, flow)];
        }
        if self.random.chance(WITH_ATTACHMENT) {
            mpl.attachments = vec![self.attachment(n, customer, start + duration / 2)];
        }
        if matches!(status, MplStatus::Failed | MplStatus::Retry | MplStatus::Escalated) {
            mpl.error = Some(self.error(&mpl.log, n));
        }
        mpl.runs = vec![self.run(&mpl.log)];
        mpl
    }

    /// Starts spread evenly over the window, jittered within each slot: chronological order.
    fn start_of(&mut self, n: u64) -> OffsetDateTime {
        let window_ms = self.config.window.whole_milliseconds().max(1) as f64;
        let slot = window_ms / self.config.count.max(1) as f64;
        let offset = n as f64 * slot + self.random.unit() * slot;
        self.start + Duration::milliseconds(offset as i64)
    }

    fn status(&mut self, start: OffsetDateTime) -> MplStatus {
        let mut roll = self.random.below(1000);
        let mut status = MplStatus::Completed;
        for (candidate, weight) in STATUS_WEIGHTS {
            if roll < weight {
                status = candidate;
                break;
            }
            roll -= weight;
        }
        if status == MplStatus::Processing && self.config.end - start > PROCESSING_HORIZON {
            MplStatus::Abandoned
        } else {
            status
        }
    }

    fn log(
        &mut self,
        n: u64,
        flow: &Flow,
        status: MplStatus,
        start: OffsetDateTime,
        end: OffsetDateTime,
    ) -> MessageProcessingLog {
        let scenario = flow.scenario;
        let application_message_id = self.random.chance(WITH_APPLICATION_ID).then(|| format!("{:016}", 1_000_000 + n));
        MessageProcessingLog {
            message_guid: message_guid(start, self.random.bytes16()),
            correlation_id: Some(message_guid(start, self.random.bytes16())),
            application_message_id,
            predecessor_message_guid: None,
            application_message_type: Some(scenario.message_type.to_owned()),
            log_start: start,
            log_end: Some(end),
            sender: Some(scenario.sender.to_owned()),
            receiver: Some(scenario.receiver.to_owned()),
            status,
            alternate_web_link: None,
            log_level: Some(if self.random.chance(20) { "DEBUG" } else { "INFO" }.to_owned()),
            custom_status: Some(status.as_str().to_owned()),
            archiving_status: Some("NOT_RELEVANT".to_owned()),
            transaction_id: Some(hex(&self.random.bytes16())),
            previous_component_name: Some(self.config.component.clone()),
            local_component_name: Some(self.config.component.clone()),
            origin_component_name: Some(self.config.component.clone()),
            artifact: flow.artifact.clone(),
        }
    }

    fn adapter_attribute(&mut self, log: &MessageProcessingLog, flow: &Flow) -> MplAdapterAttribute {
        MplAdapterAttribute {
            adapter_id: format!("{} Sender", flow.scenario.adapter),
            adapter_message_id: Some(format!("<{}@{}>", hex(&self.random.bytes16()), flow.scenario.sender)),
            name: "SAP_MplCorrelationId".to_owned(),
            value: log.correlation_id.clone().unwrap_or_default(),
        }
    }

    fn attachment(&mut self, n: u64, customer: &str, at: OffsetDateTime) -> MplAttachment {
        let (name, content_type, template) = *self.random.pick(&ATTACHMENTS);
        let id = uuid_text(self.random.bytes16());
        MplAttachment {
            // SAP's shape: `sap-it-res:msg:<hex>:<uuid>`; the hex part is the start in
            // milliseconds, so reruns of one seed at other times do not collide.
            id: format!("sap-it-res:msg:{:x}:{id}", at.unix_timestamp_nanos() / 1_000_000),
            name: name.to_owned(),
            content_type: content_type.to_owned(),
            timestamp: at,
            payload: template
                .replace("{n}", &format!("45{:08}", n % 100_000_000))
                .replace("{customer}", customer)
                .into_bytes(),
        }
    }

    fn error(&mut self, log: &MessageProcessingLog, n: u64) -> MplError {
        let (template, step) = *self.random.pick(&ERRORS);
        let text = template
            .replace("{guid}", &log.message_guid)
            .replace("{n}", &n.to_string())
            .replace("{flow}", &log.artifact.id);
        MplError { kind: "text/plain".to_owned(), last_error_model_step_id: Some(step.to_owned()), text }
    }

    fn run(&mut self, log: &MessageProcessingLog) -> MplRun {
        MplRun {
            id: message_guid(log.log_start, self.random.bytes16()),
            run_start: log.log_start,
            run_stop: log.log_end,
            log_level: log.log_level.clone(),
            overall_state: Some(log.status.as_str().to_owned()),
            process_id: Some(format!("{:012x}", self.random.below(1 << 48))),
        }
    }
}

/// Flow `n`: the scenarios in turn, numbered (`Orders_Inbound_0`, `Invoices_Outbound_1`, …).
fn flow(n: u32) -> Flow {
    let scenario = &SCENARIOS[n as usize % SCENARIOS.len()];
    Flow {
        artifact: MplArtifact {
            id: format!("{}_{n}", scenario.flow),
            name: format!("{} {n}", scenario.title),
            kind: "INTEGRATION_FLOW".to_owned(),
            package_id: Some(scenario.package_id.to_owned()),
            package_name: Some(scenario.package_name.to_owned()),
        },
        scenario,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn uuid_text(bytes: [u8; 16]) -> String {
    let h = hex(&bytes);
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn config(count: u64, seed: u64) -> GeneratorConfig {
        GeneratorConfig {
            count,
            flows: 10,
            window: Duration::days(7),
            end: datetime!(2026-03-01 12:00 UTC),
            seed,
            component: "CPI_local".to_owned(),
        }
    }

    fn all(config: GeneratorConfig) -> Vec<NewMpl> {
        let mut generator = MplGenerator::new(config);
        let mut logs = Vec::new();
        loop {
            let batch = generator.next_batch(700);
            if batch.is_empty() {
                return logs;
            }
            logs.extend(batch);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_logs_and_another_seed_others() {
        let first = all(config(2_000, 7));
        assert_eq!(first.len(), 2_000);
        assert_eq!(first, all(config(2_000, 7)));
        assert_ne!(first[0].log.message_guid, all(config(2_000, 8))[0].log.message_guid);
    }

    #[test]
    fn logs_fall_in_the_window_in_order_with_realistic_shares() {
        let logs = all(config(10_000, 1));
        let (from, to) = (datetime!(2026-02-22 12:00 UTC), datetime!(2026-03-01 12:00 UTC));
        assert!(logs.windows(2).all(|w| w[0].log.log_start <= w[1].log.log_start), "chronological");
        assert!(logs.iter().all(|m| m.log.log_start >= from && m.log.log_start < to), "within the window");
        let count = |f: &dyn Fn(&NewMpl) -> bool| logs.iter().filter(|m| f(m)).count();
        let completed = count(&|m| m.log.status == MplStatus::Completed);
        assert!((8_700..9_300).contains(&completed), "mostly completed: {completed}");
        assert!(count(&|m| m.log.status == MplStatus::Failed) > 300, "some failed");
        let errors = count(&|m| m.error.is_some());
        let erring = count(&|m| matches!(m.log.status, MplStatus::Failed | MplStatus::Retry | MplStatus::Escalated));
        assert_eq!(errors, erring, "failed, retried and escalated messages carry an error");
        assert!((3_500..4_500).contains(&count(&|m| !m.custom_headers.is_empty())), "custom headers on a share");
        assert!((300..700).contains(&count(&|m| !m.attachments.is_empty())), "attachments on a share");
        let recent = to - PROCESSING_HORIZON;
        assert!(logs.iter().all(|m| m.log.status != MplStatus::Processing || m.log.log_start >= recent));
        let guids: std::collections::HashSet<_> = logs.iter().map(|m| &m.log.message_guid).collect();
        assert_eq!(guids.len(), logs.len(), "unique guids");
        let flows: std::collections::HashSet<_> = logs.iter().map(|m| &m.log.artifact.id).collect();
        assert_eq!(flows.len(), 10, "every flow gets messages");
        assert!(flows.contains(&"Orders_Inbound_8".to_owned()), "{flows:?}");
    }
}
