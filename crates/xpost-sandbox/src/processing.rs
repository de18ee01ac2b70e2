//! What X does with a GIF or a video after finalize, pure and clock-injected: `pending`,
//! then `in_progress` with a percentage, then `succeeded` (or `failed`, when a test asked
//! for it). The state advances only on STATUS polls made once `check_after_secs` has
//! passed; an early poll sees the same state again.

use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

/// Where a media item stands, from initialize to ready (or refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaState {
    /// Initialized by the chunked upload, taking segments, not yet finalized.
    Uploading,
    /// Finalized GIF or video, waiting for processing to start.
    Pending,
    /// Being processed: poll STATUS again after `check_after_secs`.
    InProgress,
    /// Ready to attach to a post: processing succeeded, or none was needed (images).
    Succeeded,
    /// Processing failed; the media id cannot be posted.
    Failed,
}

impl MediaState {
    /// X's name for the state in `processing_info.state`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            MediaState::Uploading => "uploading",
            MediaState::Pending => "pending",
            MediaState::InProgress => "in_progress",
            MediaState::Succeeded => "succeeded",
            MediaState::Failed => "failed",
        }
    }
}

/// The processing of one GIF or video.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Processing {
    state: MediaState,
    polls_needed: u32,
    polls_done: u32,
    check_after: Duration,
    next_check: SystemTime,
    failure: Option<String>,
}

impl Processing {
    /// Processing that succeeds (or, with `failure`, fails with that message) on the
    /// `polls_needed`th counted poll; with 0 polls it is already over at finalize.
    pub(crate) fn start(
        polls_needed: u32,
        check_after: Duration,
        failure: Option<String>,
        now: SystemTime,
    ) -> Self {
        let mut processing = Processing {
            state: MediaState::Pending,
            polls_needed,
            polls_done: 0,
            check_after,
            next_check: now + check_after,
            failure,
        };
        if polls_needed == 0 {
            processing.finish();
        }
        processing
    }

    fn finish(&mut self) {
        self.state = if self.failure.is_some() {
            MediaState::Failed
        } else {
            MediaState::Succeeded
        };
    }

    /// The current state.
    pub(crate) fn state(&self) -> MediaState {
        self.state
    }

    /// A STATUS poll: it counts only once `check_after_secs` has passed since the last
    /// counted one (or finalize).
    pub(crate) fn poll(&mut self, now: SystemTime) {
        let waiting = matches!(self.state, MediaState::Pending | MediaState::InProgress);
        if !waiting || now < self.next_check {
            return;
        }
        self.polls_done += 1;
        if self.polls_done >= self.polls_needed {
            self.finish();
        } else {
            self.state = MediaState::InProgress;
            self.next_check = now + self.check_after;
        }
    }

    fn progress_percent(&self) -> u32 {
        match self.state {
            MediaState::Succeeded => 100,
            _ if self.polls_needed == 0 => 0,
            // A failure stops where the last in_progress answer left off.
            MediaState::Failed => self.polls_done.saturating_sub(1) * 100 / self.polls_needed,
            _ => self.polls_done * 100 / self.polls_needed,
        }
    }

    /// X's `processing_info` object as of `now`.
    pub(crate) fn info(&self, now: SystemTime) -> Value {
        let mut info = json!({ "state": self.state.as_str() });
        match self.state {
            MediaState::Pending | MediaState::InProgress => {
                let wait = self.next_check.duration_since(now).unwrap_or_default();
                info["check_after_secs"] =
                    json!(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
                if self.state == MediaState::InProgress {
                    info["progress_percent"] = json!(self.progress_percent());
                }
            }
            MediaState::Succeeded => info["progress_percent"] = json!(100),
            MediaState::Failed => {
                info["progress_percent"] = json!(self.progress_percent());
                info["error"] = json!({
                    "code": 1,
                    "name": "InvalidMedia",
                    "message": self.failure.as_deref().unwrap_or("Unsupported media."),
                });
            }
            MediaState::Uploading => {}
        }
        info
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn t(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000 + secs)
    }

    const SEC: Duration = Duration::from_secs(1);

    #[test]
    fn pending_then_in_progress_then_succeeded_one_counted_poll_at_a_time() {
        let mut p = Processing::start(3, 5 * SEC, None, t(0));
        assert_eq!(
            p.info(t(0)),
            json!({"state":"pending","check_after_secs":5})
        );
        p.poll(t(5));
        assert_eq!(
            p.info(t(5)),
            json!({"state":"in_progress","check_after_secs":5,"progress_percent":33})
        );
        p.poll(t(10));
        assert_eq!(p.state(), MediaState::InProgress);
        assert_eq!(p.info(t(10))["progress_percent"], 66);
        p.poll(t(15));
        assert_eq!(
            p.info(t(15)),
            json!({"state":"succeeded","progress_percent":100})
        );
        p.poll(t(20));
        assert_eq!(p.state(), MediaState::Succeeded);
    }

    #[test]
    fn an_early_poll_does_not_advance() {
        let mut p = Processing::start(1, 10 * SEC, None, t(0));
        p.poll(t(3));
        assert_eq!(p.state(), MediaState::Pending);
        assert_eq!(p.info(t(3))["check_after_secs"], 7);
        p.poll(t(10));
        assert_eq!(p.state(), MediaState::Succeeded);
    }

    #[test]
    fn an_injected_failure_comes_instead_of_success_with_its_message() {
        let mut p = Processing::start(2, SEC, Some("Unsupported video codec.".into()), t(0));
        p.poll(t(1));
        assert_eq!(p.state(), MediaState::InProgress);
        p.poll(t(2));
        assert_eq!(
            p.info(t(2)),
            json!({"state":"failed","progress_percent":50,"error":{"code":1,"name":"InvalidMedia","message":"Unsupported video codec."}})
        );
    }

    #[test]
    fn zero_polls_means_done_at_finalize() {
        assert_eq!(
            Processing::start(0, SEC, None, t(0)).state(),
            MediaState::Succeeded
        );
        assert_eq!(
            Processing::start(0, SEC, Some("no".into()), t(0)).state(),
            MediaState::Failed
        );
    }
}
