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
    /// A document for job `id`.
    // Out of line: several handlers build one.
    #[inline(never)]
    pub fn new(id: &[u8]) -> CallbackDoc {
        let mut job_id = [0u8; JOB_ID_MAX_SIZE];
        // The last byte stays the terminator.
        let n = crate::bytes::copy(&mut job_id[..JOB_ID_MAX_SIZE - 1], id);
        CallbackDoc {
            job_id,
            job_id_length: n + 1,
            json: None,
            file_type: 0,
            parse_err: 0,
            status: 0,
            reason: 0,
            sub_reason: 0,
        }
    }
}

/// One pending callback.
#[derive(Clone, Copy, Debug)]
pub enum Callback {
    /// `OtaJobEventProcessed` with the event buffer being handled.
    Processed,
    /// An event with no data (`pData == NULL`).
    Plain(JobEvent),
    /// An event with a job document.
    Doc(JobEvent, CallbackDoc),
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
/// overflowing.
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
    /// Queues a callback. A job document callback is better queued with
    /// [`Outbox::push_doc`], which fills the document in place.
    pub fn push(&mut self, cb: Callback) {
        match cb {
            Callback::Processed => {
                self.enqueue(Queued::Processed);
            }
            Callback::Plain(ev) => {
                self.enqueue(Queued::Plain(ev));
            }
            Callback::Doc(ev, doc) => {
                if self.enqueue_doc(ev) {
                    self.doc = Some(doc);
                }
            }
        }
    }

    /// Queues `ev` with a job document for job `id` and returns the document,
    /// for the caller to fill in; `None` (the callback is dropped and logged)
    /// when a document is already queued or the queue is full.
    pub fn push_doc(&mut self, ev: JobEvent, id: &[u8]) -> Option<&mut CallbackDoc> {
        if !self.enqueue_doc(ev) {
            return None;
        }
        Some(self.doc.insert(CallbackDoc::new(id)))
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

    /// Takes the next callback, in the order queued.
    pub fn pop(&mut self) -> Option<Callback> {
        if self.len == 0 {
            return None;
        }
        let queued = self.items.get_mut(self.head)?.take();
        self.head = (self.head + 1) % self.items.len();
        self.len -= 1;
        Some(match queued? {
            Queued::Processed => Callback::Processed,
            Queued::Plain(ev) => Callback::Plain(ev),
            Queued::Doc(ev) => Callback::Doc(ev, self.doc.take()?),
        })
    }
}
