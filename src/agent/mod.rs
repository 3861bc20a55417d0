//! The OTA agent: the C agent's state machine, event by event.
//!
//! [`Agent::handle`] takes one event, runs the handler the transition table selects
//! and moves to the next state only when the handler succeeds, as the C agent does.
//! Handlers call the platform through [`crate::port`] and never call the
//! application back directly: callbacks are collected in an [`Outbox`] that the
//! caller runs after the agent is released, so an application may call back into
//! the API (`OTA_SetImageState`, `OTA_ActivateNewImage`) from inside a callback.

mod data;
mod image;
mod jobdoc;
mod outbox;
mod slot;
mod stats;
mod wire;

pub use outbox::{Callback, CallbackDoc, JobEvent, Outbox};
pub use slot::{Arena, Slot};
pub use stats::Stats;

use crate::bitmap::Bitmap;
use crate::config;
use crate::port::{Event, FileInfo, ImageState, Platform, Timer};

/// Agent states, numbered as `OtaState_t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i8)]
pub enum State {
    /// `OtaAgentStateNoTransition`
    NoTransition = -1,
    /// `OtaAgentStateInit`
    Init = 0,
    /// `OtaAgentStateReady`
    Ready = 1,
    /// `OtaAgentStateRequestingJob`
    RequestingJob = 2,
    /// `OtaAgentStateWaitingForJob`
    WaitingForJob = 3,
    /// `OtaAgentStateCreatingFile`
    CreatingFile = 4,
    /// `OtaAgentStateRequestingFileBlock`
    RequestingFileBlock = 5,
    /// `OtaAgentStateWaitingForFileBlock`
    WaitingForFileBlock = 6,
    /// `OtaAgentStateClosingFile`
    ClosingFile = 7,
    /// `OtaAgentStateSuspended`
    Suspended = 8,
    /// `OtaAgentStateShuttingDown`
    ShuttingDown = 9,
    /// `OtaAgentStateStopped`
    Stopped = 10,
    /// `OtaAgentStateAll` (only in the transition table)
    All = 11,
}

/// Agent errors, numbered as `OtaErr_t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Error {
    /// `OtaErrUninitialized`
    Uninitialized = 1,
    /// `OtaErrPanic`
    Panic = 2,
    /// `OtaErrInvalidArg`
    InvalidArg = 3,
    /// `OtaErrAgentStopped`
    AgentStopped = 4,
    /// `OtaErrSignalEventFailed`
    SignalEventFailed = 5,
    /// `OtaErrRequestJobFailed`
    RequestJobFailed = 6,
    /// `OtaErrInitFileTransferFailed`
    InitFileTransferFailed = 7,
    /// `OtaErrRequestFileBlockFailed`
    RequestFileBlockFailed = 8,
    /// `OtaErrCleanupControlFailed`
    CleanupControlFailed = 9,
    /// `OtaErrCleanupDataFailed`
    CleanupDataFailed = 10,
    /// `OtaErrUpdateJobStatusFailed`
    UpdateJobStatusFailed = 11,
    /// `OtaErrJobParserError`
    JobParserError = 12,
    /// `OtaErrInvalidDataProtocol`
    InvalidDataProtocol = 13,
    /// `OtaErrMomentumAbort`
    MomentumAbort = 14,
    /// `OtaErrDowngradeNotAllowed`
    DowngradeNotAllowed = 15,
    /// `OtaErrSameFirmwareVersion`
    SameFirmwareVersion = 16,
    /// `OtaErrImageStateMismatch`
    ImageStateMismatch = 17,
    /// `OtaErrNoActiveJob`
    NoActiveJob = 18,
    /// `OtaErrUserAbort`
    UserAbort = 19,
    /// `OtaErrFailedToEncodeCbor`
    FailedToEncodeCbor = 20,
    /// `OtaErrFailedToDecodeCbor`
    FailedToDecodeCbor = 21,
    /// `OtaErrActivateFailed`
    ActivateFailed = 22,
    /// `OtaErrFileSizeOverflow`
    FileSizeOverflow = 23,
    /// `OtaErrEmptyJobDocument`
    EmptyJobDocument = 24,
}

/// Result of a handler: `Ok` moves the agent to the table's next state.
pub type Result<T = ()> = core::result::Result<T, Error>;

/// Data plane chosen for the current job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataProtocol {
    /// AWS IoT MQTT streams (CBOR).
    Mqtt,
    /// Pre-signed HTTP URL with range requests.
    Http,
}

/// The data planes the build serves. Each handler's arm for a plane is guarded by
/// its constant, so the code of a plane the configuration leaves out is not in
/// the build (and `select_protocol` never picks it).
const MQTT: bool = DataProtocol::Mqtt.enabled();
const HTTP: bool = DataProtocol::Http.enabled();

impl DataProtocol {
    /// Whether `configENABLED_DATA_PROTOCOLS` has this data plane. One that is
    /// not is never selected, and its code is left out of the build, as the C
    /// agent's `#if`s leave it out.
    pub const fn enabled(self) -> bool {
        let bit = match self {
            Self::Mqtt => config::DATA_OVER_MQTT,
            Self::Http => config::DATA_OVER_HTTP,
        };
        config::ENABLED_DATA_PROTOCOLS & bit != 0
    }
}

/// Application buffers handed to `OTA_Init` (`OtaAppBuffer_t`), as slices. A `None`
/// field means "the agent allocates through the OS interface".
#[derive(Default)]
pub struct AppBuffers {
    /// `pUpdateFilePath`
    pub file_path: Option<&'static mut [u8]>,
    /// `pCertFilePath`
    pub cert_file_path: Option<&'static mut [u8]>,
    /// `pStreamName`
    pub stream_name: Option<&'static mut [u8]>,
    /// `pFileBitmap`
    pub file_bitmap: Option<&'static mut [u8]>,
    /// `pUrl`
    pub url: Option<&'static mut [u8]>,
    /// `pAuthScheme`
    pub auth_scheme: Option<&'static mut [u8]>,
}

/// Per-file state (the safe counterpart of `OtaFileContext_t`).
pub struct FileState {
    path: Slot,
    cert: Slot,
    stream: Slot,
    url: Slot,
    auth: Slot,
    /// Storage of the receive bitmap while no download runs.
    bitmap_store: Slot,
    /// The receive bitmap of the running download.
    bitmap: Option<Bitmap<'static>>,
    /// The `$aws/.../get/cbor` topic of the job's stream, built once per job.
    get_topic: Slot,
    /// The job's GetStream request, encoded once per job; each request only
    /// refreshes the bitmap bytes in it.
    request: Slot,
    protocols: [u8; config::PROTOCOL_BUFFER_SIZE],
    protocols_len: usize,
    /// Start of the job's single allocation, which begins with the signature laid
    /// out as `Sig_t`; the strings, topic and bitmap that the application did not
    /// lend buffers for follow it.
    arena: Option<&'static mut [u8]>,
    file_size: u32,
    attributes: u32,
    server_file_id: u32,
    updater_version: u32,
    file_type: u32,
    in_self_test: bool,
}

impl FileState {
    /// An empty file context: zero bytes, so the agent is set up without
    /// building this on the stack and copying it (see [`FileState::lend`]).
    const EMPTY: FileState = FileState {
        path: Slot::EMPTY,
        cert: Slot::EMPTY,
        stream: Slot::EMPTY,
        url: Slot::EMPTY,
        auth: Slot::EMPTY,
        bitmap_store: Slot::EMPTY,
        bitmap: None,
        get_topic: Slot::EMPTY,
        request: Slot::EMPTY,
        protocols: [0; config::PROTOCOL_BUFFER_SIZE],
        protocols_len: 0,
        arena: None,
        file_size: 0,
        attributes: 0,
        server_file_id: 0,
        updater_version: 0,
        file_type: 0,
        in_self_test: false,
    };

    /// Takes the buffers the application lends (`OtaAppBuffer_t`).
    fn lend(&mut self, buffers: AppBuffers) {
        self.path = Slot::new(buffers.file_path);
        self.cert = Slot::new(buffers.cert_file_path);
        self.stream = Slot::new(buffers.stream_name);
        self.url = Slot::new(buffers.url);
        self.auth = Slot::new(buffers.auth_scheme);
        self.bitmap_store = Slot::new(buffers.file_bitmap);
    }

    fn blocks_remaining(&self) -> u32 {
        self.bitmap.as_ref().map_or(0, |b| b.remaining())
    }
}

/// A thing name is 1 to `otaconfigMAX_THINGNAME_LEN` bytes.
fn check_thing_name(name: &[u8]) -> Result {
    if name.is_empty() || name.len() > config::MAX_THINGNAME_LEN as usize {
        return Err(Error::Uninitialized);
    }
    Ok(())
}

/// The agent.
pub struct Agent {
    state: State,
    thing: [u8; config::MAX_THINGNAME_LEN as usize + 1],
    thing_len: usize,
    file: FileState,
    active_job: [u8; config::JOB_ID_MAX_SIZE],
    active_job_len: usize,
    image_state: ImageState,
    momentum: u32,
    blocks_to_receive: u32,
    protocol: Option<DataProtocol>,
    data_subscribed: bool,
    unsubscribe_on_shutdown: bool,
    request_counter: u32,
    stats: &'static Stats,
}

impl Agent {
    /// Creates an agent in the `Init` state for `thing_name` (1 to
    /// `otaconfigMAX_THINGNAME_LEN` bytes, else `Error::Uninitialized`).
    pub fn new(thing_name: &[u8], buffers: AppBuffers, stats: &'static Stats) -> Result<Agent> {
        check_thing_name(thing_name)?;
        let mut agent = Agent::build(thing_name.len(), stats);
        crate::bytes::copy(&mut agent.thing, thing_name);
        agent.file.lend(buffers);
        Ok(agent)
    }

    /// [`Agent::new`] written straight into `slot`, for a static agent: no
    /// copy of the whole agent passes through the stack. On error `slot` is
    /// left as it was.
    pub fn init_in<'s>(
        slot: &'s mut core::mem::MaybeUninit<Agent>,
        thing_name: &[u8],
        buffers: AppBuffers,
        stats: &'static Stats,
    ) -> Result<&'s mut Agent> {
        check_thing_name(thing_name)?;
        let agent = slot.write(Agent::build(thing_name.len(), stats));
        crate::bytes::copy(&mut agent.thing, thing_name);
        agent.file.lend(buffers);
        Ok(agent)
    }

    /// The new agent, with a thing name of `thing_len` bytes and the lent
    /// buffers still to be put in (so that neither is built on the stack first).
    #[inline(always)]
    fn build(thing_len: usize, stats: &'static Stats) -> Agent {
        stats.reset();
        Agent {
            state: State::Init,
            thing: [0; config::MAX_THINGNAME_LEN as usize + 1],
            thing_len,
            file: FileState::EMPTY,
            active_job: [0; config::JOB_ID_MAX_SIZE],
            active_job_len: 0,
            image_state: ImageState::Unknown,
            momentum: 0,
            blocks_to_receive: config::MAX_NUM_BLOCKS_REQUEST,
            protocol: None,
            data_subscribed: false,
            unsubscribe_on_shutdown: true,
            request_counter: 0,
            stats,
        }
    }

    /// Current state.
    pub fn state(&self) -> State {
        self.state
    }

    /// Forces the state (used by the driver for `Init` → `Ready`).
    pub fn set_state(&mut self, state: State) {
        self.state = state;
    }

    /// Image state as last set (`OTA_GetImageState`).
    pub fn image_state(&self) -> ImageState {
        self.image_state
    }

    /// Chooses whether shutdown unsubscribes from the topics.
    pub fn set_unsubscribe_on_shutdown(&mut self, yes: bool) {
        self.unsubscribe_on_shutdown = yes;
    }

    /// Thing name.
    pub fn thing_name(&self) -> &[u8] {
        crate::bytes::prefix(&self.thing, self.thing_len)
    }

    /// Active job id, empty when there is none.
    pub fn active_job(&self) -> &[u8] {
        crate::bytes::prefix(&self.active_job, self.active_job_len)
    }

    // Out of line, like `clear_active_job`: both have several callers.
    #[inline(never)]
    fn set_active_job(&mut self, id: &[u8]) {
        crate::bytes::zero(&mut self.active_job);
        // The last byte stays the terminator.
        self.active_job_len =
            crate::bytes::copy(&mut self.active_job[..config::JOB_ID_MAX_SIZE - 1], id);
    }

    #[inline(never)]
    fn clear_active_job(&mut self) {
        crate::bytes::zero(&mut self.active_job);
        self.active_job_len = 0;
    }

    /// Handles one event from the queue. `data` is the event buffer's payload
    /// (job document or data block), borrowed for this call only. Callbacks for the
    /// application are appended to `out`.
    pub fn handle<P: Platform>(
        &mut self,
        p: &mut P,
        event: Event,
        data: Option<&mut [u8]>,
        out: &mut Outbox,
    ) {
        let Some((handler, next)) = route(self.state, event) else {
            self.unexpected(event, data.is_some(), out);
            return;
        };
        let result = self.run_handler(p, handler, data, out);
        let before = self.state;
        match result {
            Ok(()) => {
                self.state = next;
                ota_log!(
                    Debug,
                    c"Event %u: state %u -> %u",
                    event as u8,
                    before as i8 as i32,
                    next as i8 as i32
                );
            }
            Err(Error::EmptyJobDocument) => {
                ota_log!(Info, c"No active job: the job document is empty.");
            }
            Err(e) => {
                ota_log!(
                    Debug,
                    c"Handler for event %u in state %u failed: OtaErr_t=%u",
                    event as u8,
                    before as i8 as i32,
                    e as u8
                );
            }
        }
    }

    fn run_handler<P: Platform>(
        &mut self,
        p: &mut P,
        handler: Handler,
        data: Option<&mut [u8]>,
        out: &mut Outbox,
    ) -> Result {
        match handler {
            Handler::Shutdown => self.shutdown(p),
            Handler::Suspend => {
                ota_log!(Info, c"OTA Agent is suspended.");
                Ok(())
            }
            Handler::UserAbort => self.user_abort(p),
            Handler::Start => self.start(p),
            Handler::Resume => signal(p, Event::RequestJobDocument),
            Handler::RequestJob => self.request_job(p),
            Handler::ProcessJob => {
                let r = match data {
                    Some(d) => self.process_job(p, d, out),
                    None => Err(Error::JobParserError),
                };
                out.push_processed();
                r
            }
            Handler::JobNotification => {
                // A new job document while downloading: the service changed the job
                // (cancelled or replaced). Drop the download and ask again. The C
                // agent never released this buffer; we do.
                out.push_processed();
                self.job_notification(p)
            }
            Handler::InSelfTest => self.in_self_test(p, out),
            Handler::InitFile => self.init_file(p),
            Handler::RequestData => self.request_data(p),
            Handler::ProcessData => {
                let r = match data {
                    Some(d) => self.process_data(p, d, out),
                    None => Ok(()),
                };
                out.push_processed();
                r
            }
            Handler::CloseFile => {
                ota_log!(Info, c"Closing file.");
                self.close(p);
                Ok(())
            }
        }
    }

    fn unexpected(&mut self, event: Event, has_data: bool, out: &mut Outbox) {
        ota_log!(
            Warn,
            c"Unexpected event %u in state %u: ignored.",
            event as u8,
            self.state as i8 as i32
        );
        match event {
            Event::ReceivedJobDocument if has_data => out.push_processed(),
            Event::ReceivedFileBlock => {
                self.stats.dropped();
                if has_data {
                    out.push_processed();
                }
            }
            _ => {}
        }
    }

    fn start<P: Platform>(&mut self, p: &mut P) -> Result {
        if self.platform_in_self_test(p) {
            p.start_timer(Timer::SelfTest, config::SELF_TEST_RESPONSE_WAIT_MS);
        }
        signal(p, Event::RequestJobDocument)
    }

    fn platform_in_self_test<P: Platform>(&mut self, p: &mut P) -> bool {
        p.get_image_state() == crate::port::PalImageState::PendingCommit
    }

    /// Retries through the request timer until the momentum runs out, then shuts
    /// the agent down, as the C agent does for job and file-transfer requests.
    fn retry_or_shutdown<P: Platform>(&mut self, p: &mut P, err: Error) -> Result {
        if self.momentum < config::MAX_NUM_REQUEST_MOMENTUM {
            if !p.start_timer(Timer::Request, config::FILE_REQUEST_WAIT_MS) {
                ota_log!(Error, c"Failed to start the request timer.");
                return Err(err);
            }
            self.momentum += 1;
            Err(err)
        } else {
            p.stop_timer(Timer::Request);
            ota_log!(
                Error,
                c"Giving up after %u attempts without progress: shutting down.",
                self.momentum
            );
            signal(p, Event::Shutdown)?;
            Err(Error::MomentumAbort)
        }
    }

    fn request_job<P: Platform>(&mut self, p: &mut P) -> Result {
        match self.send_job_request(p) {
            Ok(()) => {
                p.stop_timer(Timer::Request);
                self.momentum = 0;
                Ok(())
            }
            Err(e) => self.retry_or_shutdown(p, e),
        }
    }

    fn init_file<P: Platform>(&mut self, p: &mut P) -> Result {
        match self.init_file_transfer(p) {
            Ok(()) => {
                self.momentum = 0;
                self.stats.reset();
                signal(p, Event::RequestFileBlock)
            }
            Err(e) => self.retry_or_shutdown(p, e),
        }
    }

    fn request_data<P: Platform>(&mut self, p: &mut P) -> Result {
        if self.file.blocks_remaining() == 0 {
            return Ok(());
        }
        let timer_ok = p.start_timer(Timer::Request, config::FILE_REQUEST_WAIT_MS);
        if timer_ok && self.momentum < config::MAX_NUM_REQUEST_MOMENTUM {
            let r = self.request_file_block(p);
            self.momentum += 1;
            r
        } else {
            p.stop_timer(Timer::Request);
            ota_log!(
                Error,
                c"No data after %u requests: aborting the update.",
                self.momentum
            );
            let _ = self.set_image_state_with_reason(p, ImageState::Aborted, 0);
            signal(p, Event::Shutdown)?;
            self.momentum = 0;
            Err(Error::MomentumAbort)
        }
    }

    fn user_abort<P: Platform>(&mut self, p: &mut P) -> Result {
        if self.active_job_len == 0 {
            return Err(Error::NoActiveJob);
        }
        self.set_image_state_with_reason(p, ImageState::Aborted, Error::UserAbort as u32)?;
        self.close(p);
        Ok(())
    }

    fn job_notification<P: Platform>(&mut self, p: &mut P) -> Result {
        p.stop_timer(Timer::Request);
        ota_log!(
            Info,
            c"Job document received while downloading: aborting the download."
        );
        p.set_image_state(ImageState::Aborted);
        self.close(p);
        self.clear_active_job();
        signal(p, Event::RequestJobDocument)
    }

    fn shutdown<P: Platform>(&mut self, p: &mut P) -> Result {
        ota_log!(Info, c"OTA Agent is shutting down.");
        self.state = State::ShuttingDown;
        p.stop_timer(Timer::Request);
        p.delete_timer(Timer::Request);
        p.stop_timer(Timer::SelfTest);
        p.delete_timer(Timer::SelfTest);
        if self.unsubscribe_on_shutdown {
            let notify = wire::Topic::NotifyNext;
            wire::mqtt(p, self.thing_name(), notify, wire::Op::Unsubscribe(0));
        }
        self.close(p);
        self.clear_active_job();
        self.stats.reset();
        self.momentum = 0;
        self.blocks_to_receive = 0;
        self.image_state = ImageState::Unknown;
        self.file.server_file_id = 0;
        self.unsubscribe_on_shutdown = false;
        Ok(())
    }

    /// Data-plane cleanup, PAL abort and release of the per-file buffers
    /// (`otaClose`).
    fn close<P: Platform>(&mut self, p: &mut P) {
        self.cleanup_data(p);
        p.abort();
        self.release_file(p);
    }

    fn release_file<P: Platform>(&mut self, p: &mut P) {
        if let Some(b) = self.file.bitmap.take() {
            self.file.bitmap_store.put_back(b.into_inner());
        }
        let f = &mut self.file;
        for s in [
            &mut f.path,
            &mut f.cert,
            &mut f.stream,
            &mut f.url,
            &mut f.auth,
            &mut f.bitmap_store,
            &mut f.get_topic,
            &mut f.request,
        ] {
            s.clear(p);
        }
        // Every piece was dropped above; now the allocation itself goes.
        if let Some(head) = f.arena.take() {
            p.free(head);
        }
        self.sync_pal(p);
    }

    /// Publishes the PAL's view of the file.
    fn sync_pal<P: Platform>(&mut self, p: &mut P) {
        let f = &self.file;
        let info = FileInfo {
            path: f.path.value(),
            cert: f.cert.value(),
            stream: f.stream.value(),
            url: f.url.value(),
            auth: f.auth.value(),
            protocols: &f.protocols,
            job_name: &self.active_job,
            signature: f.arena.as_deref().map_or(&[], |a| {
                crate::bytes::prefix(a, crate::port::SIGNATURE_IMAGE_LEN)
            }),
            bitmap: f.bitmap.as_ref().map_or(&[], |b| b.bytes()),
            file_size: f.file_size,
            blocks_remaining: f.blocks_remaining(),
            attributes: f.attributes,
            server_file_id: f.server_file_id,
            updater_version: f.updater_version,
            file_type: f.file_type,
            in_self_test: f.in_self_test,
        };
        p.sync(&info);
    }
}

/// The handlers of the C agent's transition table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Handler {
    Start,
    RequestJob,
    ProcessJob,
    InSelfTest,
    InitFile,
    RequestData,
    ProcessData,
    JobNotification,
    CloseFile,
    Resume,
    Suspend,
    UserAbort,
    Shutdown,
}

/// The transition table of the C agent (`otaTransitionTable`), as data: in a
/// state (`All` matches any), on an event, the handler to run and the state to
/// move to when it succeeds. Four bytes a row take less flash than a `match`.
/// Searched in order: the two rows every block goes through come first, the
/// rows for any state last.
const ROUTES: [(State, Event, Handler, State); 19] = {
    use Event as E;
    use Handler as H;
    use State as S;
    [
        (
            S::WaitingForFileBlock,
            E::ReceivedFileBlock,
            H::ProcessData,
            S::WaitingForFileBlock,
        ),
        (
            S::WaitingForFileBlock,
            E::RequestFileBlock,
            H::RequestData,
            S::WaitingForFileBlock,
        ),
        (
            S::WaitingForFileBlock,
            E::RequestTimer,
            H::RequestData,
            S::WaitingForFileBlock,
        ),
        (S::Ready, E::Start, H::Start, S::RequestingJob),
        (
            S::RequestingJob,
            E::RequestJobDocument,
            H::RequestJob,
            S::WaitingForJob,
        ),
        (
            S::RequestingJob,
            E::RequestTimer,
            H::RequestJob,
            S::WaitingForJob,
        ),
        (
            S::WaitingForJob,
            E::ReceivedJobDocument,
            H::ProcessJob,
            S::CreatingFile,
        ),
        (
            S::CreatingFile,
            E::StartSelfTest,
            H::InSelfTest,
            S::WaitingForJob,
        ),
        (
            S::CreatingFile,
            E::CreateFile,
            H::InitFile,
            S::RequestingFileBlock,
        ),
        (
            S::CreatingFile,
            E::RequestTimer,
            H::InitFile,
            S::RequestingFileBlock,
        ),
        (
            S::RequestingFileBlock,
            E::RequestFileBlock,
            H::RequestData,
            S::WaitingForFileBlock,
        ),
        (
            S::RequestingFileBlock,
            E::RequestTimer,
            H::RequestData,
            S::WaitingForFileBlock,
        ),
        (
            S::WaitingForFileBlock,
            E::RequestJobDocument,
            H::RequestJob,
            S::WaitingForJob,
        ),
        (
            S::WaitingForFileBlock,
            E::ReceivedJobDocument,
            H::JobNotification,
            S::RequestingJob,
        ),
        (
            S::WaitingForFileBlock,
            E::CloseFile,
            H::CloseFile,
            S::WaitingForJob,
        ),
        (S::Suspended, E::Resume, H::Resume, S::RequestingJob),
        (S::All, E::Suspend, H::Suspend, S::Suspended),
        (S::All, E::UserAbort, H::UserAbort, S::WaitingForJob),
        (S::All, E::Shutdown, H::Shutdown, S::Stopped),
    ]
};

/// The handler to run for `event` in `state` and the state to move to when it
/// succeeds; `None` means the event is unexpected in this state.
fn route(state: State, event: Event) -> Option<(Handler, State)> {
    ROUTES
        .iter()
        .find(|&&(s, e, _, _)| e == event && (s == state || s == State::All))
        .map(|&(_, _, h, next)| (h, next))
}

/// The state the transition table moves to on success; `None` means the event is
/// unexpected in this state.
pub fn transition(state: State, event: Event) -> Option<State> {
    route(state, event).map(|(_, next)| next)
}

fn signal<P: Platform>(p: &mut P, event: Event) -> Result {
    if p.signal(event) {
        Ok(())
    } else {
        ota_log!(
            Error,
            c"Failed to signal event %u: the event queue is full.",
            event as u8
        );
        Err(Error::SignalEventFailed)
    }
}

#[cfg(test)]
mod tests;
