//! Application callbacks collected while the agent runs, delivered after it is
//! released (so the application may call the API from inside a callback).

use crate::config::JOB_ID_MAX_SIZE;

/// Callback events, numbered as `OtaJobEvent_t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum JobEvent {
    /// `OtaJobEventActivate`
    Activate = 0,
    /// `OtaJobEventFail`
    Fail = 1,
    /// `OtaJobEventStartTest`
    StartTest = 2,
    /// `OtaJobEventProcessed`
    Processed = 3,
    /// `OtaJobEventSelfTestFailed`
    SelfTestFailed = 4,
    /// `OtaJobEventParseCustomJob`
    ParseCustomJob = 5,
    /// `OtaJobEventReceivedJob`
    ReceivedJob = 6,
    /// `OtaJobEventUpdateComplete`
    UpdateComplete = 7,
    /// `OtaJobEventNoActiveJob`
    NoActiveJob = 8,
}

/// The job facts a callback receives (`OtaJobDocument_t`), by value. The JSON is a
/// byte range of the event buffer being handled.
#[derive(Clone, Copy, Debug)]
pub struct CallbackDoc {
    /// Job id, NUL-terminated within the array.
    pub job_id: [u8; JOB_ID_MAX_SIZE],
    /// `jobIdLength` as the C agent reports it.
    pub job_id_length: usize,
    /// Start and length of `pJobDocJson` in the event buffer, if any.
    pub json: Option<(usize, usize)>,
    /// `fileTypeId`
    pub file_type: u32,
    /// `parseErr`
    pub parse_err: i8,
    /// `status`
    pub status: u8,
    /// `reason`
    pub reason: i32,
    /// `subReason`
    pub sub_reason: i32,
}

impl CallbackDoc {
    /// Zero bytes: an outbox clears its document slot rather than copying one in.
    const EMPTY: CallbackDoc = CallbackDoc {
        job_id: [0; JOB_ID_MAX_SIZE],
        job_id_length: 0,
        json: None,
        file_type: 0,
        parse_err: 0,
        status: 0,
        reason: 0,
        sub_reason: 0,
    };
}

/// One pending callback, as [`Outbox::pop`] hands it out.
#[derive(Clone, Copy, Debug)]
pub enum Callback<'a> {
    /// `OtaJobEventProcessed` with the event buffer being handled.
    Processed,
    /// An event with no data (`pData == NULL`).
    Plain(JobEvent),
    /// An event with a job document, which stays in the outbox.
    Doc(JobEvent, &'a CallbackDoc),
}

/// What is queued; the job document of a `Doc` callback is kept aside (a handler
/// produces at most one), so an empty outbox is a few bytes to set up per event.
#[derive(Clone, Copy, Debug)]
enum Queued {
    Processed,
    Plain(JobEvent),
    Doc(JobEvent),
}

/// Pending callbacks, in order. A handler queues at most three, with at most one
/// job document; anything beyond is dropped with an error log rather than
/// overflowing. An outbox serves one event: its job document stays in it until
/// it is dropped.
#[derive(Default)]
pub struct Outbox {
    items: [Option<Queued>; 4],
    head: usize,
    len: usize,
    doc: Option<CallbackDoc>,
}

impl Outbox {
    /// An empty outbox.
    pub const fn new() -> Outbox {
        Outbox {
            items: [None; 4],
            head: 0,
            len: 0,
            doc: None,
        }
    }
    /// Queues `OtaJobEventProcessed` for the event buffer being handled.
    pub fn push_processed(&mut self) {
        self.enqueue(Queued::Processed);
    }

    /// Queues an event with no data.
    // Always inlined: at opt-level "z" the call costs more flash than the body.
    #[inline(always)]
    pub fn push_plain(&mut self, ev: JobEvent) {
        self.enqueue(Queued::Plain(ev));
    }

    /// Queues `ev` with a job document for job `id` and returns the document,
    /// for the caller to fill in; `None` (the callback is dropped and logged)
    /// when a document is already queued or the queue is full.
    pub fn push_doc(&mut self, ev: JobEvent, id: &[u8]) -> Option<&mut CallbackDoc> {
        if !self.enqueue_doc(ev) {
            return None;
        }
        // Filled in place: the document is too large to build and then move.
        let doc = self.doc.insert(CallbackDoc::EMPTY);
        // The last byte stays the terminator.
        let n = crate::bytes::copy(&mut doc.job_id[..JOB_ID_MAX_SIZE - 1], id);
        doc.job_id_length = n + 1;
        Some(doc)
    }

    /// Queues the `Doc` callback `ev` if its document has room (one per
    /// outbox); false (logged) otherwise.
    fn enqueue_doc(&mut self, ev: JobEvent) -> bool {
        if self.doc.is_some() {
            ota_log!(
                Error,
                c"Second job document in one event: callback dropped."
            );
            return false;
        }
        self.enqueue(Queued::Doc(ev))
    }

    /// Appends to the queue; false (logged) when it is full.
    fn enqueue(&mut self, queued: Queued) -> bool {
        let slot = (self.head + self.len) % self.items.len();
        match self.items.get_mut(slot) {
            Some(s) if self.len < 4 => {
                *s = Some(queued);
                self.len += 1;
                true
            }
            _ => {
                ota_log!(Error, c"Callback queue full: callback dropped.");
                false
            }
        }
    }

    /// Takes the next callback, in the order queued. A job document is lent,
    /// not moved out (the outbox holds one at most).
    pub fn pop(&mut self) -> Option<Callback<'_>> {
        if self.len == 0 {
            return None;
        }
        let queued = self.items.get_mut(self.head)?.take();
        self.head = (self.head + 1) % self.items.len();
        self.len -= 1;
        Some(match queued? {
            Queued::Processed => Callback::Processed,
            Queued::Plain(ev) => Callback::Plain(ev),
            Queued::Doc(ev) => Callback::Doc(ev, self.doc.as_ref()?),
        })
    }
}
