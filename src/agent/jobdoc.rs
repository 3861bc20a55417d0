//! Handling of a received job document (`processJobHandler` and what it calls).

use super::outbox::{JobEvent, Outbox};
use super::slot::{Arena, StoreError};
use super::wire::{self, TOPIC_MAX, Topic};
use super::{Agent, DataProtocol, Error, Result, signal};
use crate::bitmap::{Bitmap, bytes_for};
use crate::config;
use crate::job::status::JobStatus;
use crate::job::{self, DocParseError, JobDocument};
use crate::port::{Event, ImageState, Platform};
use crate::stream::cbor;

/// The client token of GetStream requests, as the C agent sends it.
const REQUEST_TOKEN: &[u8] = b"rdy";

/// `OtaJobParseErr_t` values reported in job status updates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i8)]
pub enum JobParseErr {
    /// `OtaJobParseErrUnknown`
    Unknown = -1,
    /// `OtaJobParseErrNone`
    None = 0,
    /// `OtaJobParseErrZeroFileSize`
    ZeroFileSize = 3,
    /// `OtaJobParseErrNonConformingJobDoc`
    NonConformingJobDoc = 4,
    /// `OtaJobParseErrBadModelInitParams`
    BadModelInitParams = 5,
}

/// Rejection of a job whose document is well formed but unusable.
enum Reject {
    /// Reported in the status as `(OtaErrJobParserError, <OtaJobParseErr_t>)`.
    Parse(JobParseErr),
    /// Reported as `(OtaErrJobParserError, <DocParseErr_t>)`.
    Doc(i32),
}

const SIG_KEY_MAX: usize = 32;

impl Agent {
    pub(super) fn process_job<P: Platform>(
        &mut self,
        p: &mut P,
        data: &mut [u8],
        out: &mut Outbox,
    ) -> Result {
        let mut key = [0u8; SIG_KEY_MAX];
        let key = {
            let k = p.signature_key();
            let n = crate::bytes::copy(&mut key, k);
            crate::bytes::prefix(&key, n)
        };
        match job::parse_job_document(data, key) {
            Ok(doc) => self.accept_job(p, &doc, data.len(), out),
            Err(DocParseError::EmptyJobDoc) => {
                out.push_plain(JobEvent::NoActiveJob);
                Err(Error::EmptyJobDocument)
            }
            Err(DocParseError::MalformedDoc) => self.custom_job(data, out),
            Err(e) => {
                ota_log_str!(
                    Error,
                    c"Rejecting the job document: %.*s",
                    e.description().as_bytes()
                );
                match job::find_custom_job(data) {
                    Some(c) if !c.job_id.is_empty() && c.job_id.len() < config::JOB_ID_MAX_SIZE => {
                        self.reject_job(p, c.job_id, Reject::Doc(e.code()));
                    }
                    _ => out.push_plain(JobEvent::NoActiveJob),
                }
                Err(Error::JobParserError)
            }
        }
    }

    /// A document without the `afr_ota` fields: offer it to the application
    /// (`OtaJobEventParseCustomJob`); [`Agent::custom_job_result`] finishes it.
    fn custom_job(&mut self, data: &[u8], out: &mut Outbox) -> Result {
        let Some(c) = job::find_custom_job(data) else {
            ota_log!(
                Info,
                c"No active job available in the received job document."
            );
            out.push_plain(JobEvent::NoActiveJob);
            return Err(Error::JobParserError);
        };
        if c.job_id.is_empty() || c.job_id.len() >= config::JOB_ID_MAX_SIZE {
            ota_log!(
                Error,
                c"Job id of %u bytes cannot be stored: job ignored.",
                c.job_id.len()
            );
            return Err(Error::JobParserError);
        }
        self.set_active_job(c.job_id);
        let start = (c.job_document.as_ptr() as usize).wrapping_sub(data.as_ptr() as usize);
        if let Some(doc) = out.push_doc(JobEvent::ParseCustomJob, c.job_id) {
            doc.job_id_length = c.job_id.len();
            doc.json = Some((start, c.job_document.len()));
            doc.parse_err = JobParseErr::Unknown as i8;
        }
        Err(Error::JobParserError)
    }

    /// Completes a custom job after the application's callback: if it set
    /// `parseErr` to `OtaJobParseErrNone`, its status is published; otherwise the job
    /// is failed as non-conforming.
    pub fn custom_job_result<P: Platform>(
        &mut self,
        p: &mut P,
        parse_err: i32,
        status: u32,
        reason: i32,
        sub_reason: i32,
    ) {
        if self.active_job_len == 0 {
            return;
        }
        if parse_err == JobParseErr::None as i32 {
            ota_log!(Info, c"Job document parsed by the application.");
            let st = JobStatus::from_code(status as i32).unwrap_or(JobStatus::Failed);
            self.update_job_status(p, st, reason, sub_reason);
            self.clear_active_job();
        } else {
            ota_log!(
                Error,
                c"Job document is neither an OTA job nor handled by the application."
            );
            self.update_job_status(
                p,
                JobStatus::FailedWithVal,
                Error::JobParserError as i32,
                JobParseErr::NonConformingJobDoc as i32,
            );
            self.clear_active_job();
            self.close(p);
        }
    }

    /// Reports a job the agent cannot run as FAILED, so it does not stay queued in
    /// the cloud forever (the C agent stayed silent for most of these).
    fn reject_job<P: Platform>(&mut self, p: &mut P, job_id: &[u8], why: Reject) {
        let sub = match why {
            Reject::Parse(e) => e as i32,
            Reject::Doc(code) => code,
        };
        if self.active_job_len > 0 {
            self.close(p);
        }
        self.set_active_job(job_id);
        self.update_job_status(
            p,
            JobStatus::FailedWithVal,
            Error::JobParserError as i32,
            sub,
        );
        self.clear_active_job();
    }

    fn accept_job<P: Platform>(
        &mut self,
        p: &mut P,
        doc: &JobDocument<'_>,
        doc_len: usize,
        out: &mut Outbox,
    ) -> Result {
        if doc.job_id.is_empty() || doc.job_id.len() >= config::JOB_ID_MAX_SIZE {
            ota_log!(
                Error,
                c"Job id of %u bytes is too long (72 at most): job ignored.",
                doc.job_id.len()
            );
            return Err(Error::JobParserError);
        }
        if let Err(why) = validate(doc) {
            self.reject_job(p, doc.job_id, why);
            return Err(Error::JobParserError);
        }

        if self.active_job_len > 0 {
            if crate::bytes::eq(self.active_job(), doc.job_id) {
                return self.refresh_current_job(p, doc);
            }
            ota_log!(
                Info,
                c"New job document received: aborting the current job."
            );
            p.set_image_state(ImageState::Aborted);
            p.abort();
            self.cleanup_data(p);
            self.release_file(p);
        }
        self.set_active_job(doc.job_id);
        self.file.server_file_id = doc.file_id;

        if let Err(e) = self.store_job(p, doc) {
            ota_log!(
                Error,
                c"Cannot store the job parameters: DocParseErr_t=%d.",
                e
            );
            self.release_file(p);
            self.clear_active_job();
            self.reject_job(p, doc.job_id, Reject::Doc(e));
            return Err(Error::JobParserError);
        }

        if self.file.in_self_test {
            self.self_test_job(p, out);
        }
        if let Some(cb) = out.push_doc(JobEvent::ReceivedJob, self.active_job()) {
            cb.json = Some((0, doc_len));
            cb.job_id_length = self.active_job_len + 1;
            cb.file_type = self.file.file_type;
        }

        if self.file.in_self_test {
            self.sync_pal(p);
            return if self.image_state == ImageState::Testing {
                signal(p, Event::StartSelfTest)
            } else {
                Err(Error::JobParserError)
            };
        }
        if self.platform_in_self_test(p) {
            ota_log!(
                Warn,
                c"Rejecting the new image and rebooting: the platform is in self-test but the job is not."
            );
            p.reset();
            return Err(Error::JobParserError);
        }
        self.start_download(p)
    }

    /// Same job again (e.g. after `OTA_CheckForUpdate` to refresh a pre-signed URL):
    /// keep the received blocks, take the new URL, restart the data plane.
    fn refresh_current_job<P: Platform>(&mut self, p: &mut P, doc: &JobDocument<'_>) -> Result {
        ota_log!(
            Info,
            c"Job document for the current job: updating the URL and resuming."
        );
        if let Some(url) = doc.update_data_url
            && self.file.url.replace(p, url).is_err()
        {
            ota_log!(Error, c"Cannot store the refreshed URL.");
        }
        self.sync_pal(p);
        self.select_protocol(p)?;
        signal(p, Event::CreateFile)
    }

    /// Copies the job parameters into the file context, in one allocation for
    /// everything the application did not lend a buffer for (signature, strings,
    /// the stream request topic, the bitmap). Errors are `DocParseErr_t`.
    fn store_job<P: Platform>(
        &mut self,
        p: &mut P,
        doc: &JobDocument<'_>,
    ) -> core::result::Result<(), i32> {
        let map = |e: StoreError| match e {
            StoreError::TooSmall => DocParseError::UserBufferInsufficient.code(),
            StoreError::OutOfMemory => DocParseError::OutOfMemory.code(),
        };
        if self.file.arena.is_some() {
            self.release_file(p);
        }
        let protocols = doc.protocols;
        if protocols.len() >= config::PROTOCOL_BUFFER_SIZE {
            return Err(DocParseError::UserBufferInsufficient.code());
        }
        let mut topic_buf = [0u8; TOPIC_MAX];
        let topic = match doc.stream_name {
            Some(s) => wire::topic(&mut topic_buf, self.thing_name(), Topic::StreamGet(s))
                .map(|t| crate::bytes::prefix(t, t.len().saturating_sub(1))),
            None => None,
        };
        let blocks = doc.file_size.div_ceil(config::FILE_BLOCK_SIZE);
        let bitmap_bytes = if doc.self_test { 0 } else { bytes_for(blocks) };

        let f = &mut self.file;
        let mut strings = [
            (&mut f.path, doc.file_path),
            (&mut f.cert, doc.cert_file),
            (&mut f.stream, doc.stream_name),
            (&mut f.url, doc.update_data_url),
            (&mut f.auth, doc.auth_scheme),
            (&mut f.get_topic, topic),
        ];
        // The GetStream request is encoded once here; each request then only
        // refreshes its bitmap bytes.
        let request_len = match topic {
            Some(_) if bitmap_bytes > 0 => cbor::get_stream_request_len(
                REQUEST_TOKEN.len(),
                doc.file_id,
                config::FILE_BLOCK_SIZE,
                0,
                bitmap_bytes,
                config::MAX_NUM_BLOCKS_REQUEST,
            )
            .unwrap_or(0),
            _ => 0,
        };
        let mut total = crate::port::SIGNATURE_IMAGE_LEN
            + f.bitmap_store.arena_need(bitmap_bytes, false)
            + request_len;
        for (slot, value) in &strings {
            total += value.map_or(0, |v| slot.arena_need(v.len(), true));
        }
        let block = p.alloc(total).ok_or(DocParseError::OutOfMemory.code())?;
        crate::bytes::zero(block);
        let mut arena = Arena::new(block);
        let head = arena
            .take(crate::port::SIGNATURE_IMAGE_LEN)
            .ok_or(DocParseError::OutOfMemory.code())?;
        // Owned by the file state from here on: any error below is cleaned up by
        // the caller's `release_file`, which frees the whole allocation.
        let head = f.arena.insert(head);
        if let Some(sig) = doc.signature {
            let (size, data) = head.split_at_mut(2);
            let n = job::base64::base64_decode(data, sig)
                .map_err(|_| DocParseError::Base64Decode.code())?;
            crate::bytes::copy(size, &(n as u16).to_ne_bytes());
        }
        // In place: moving the array into the loop would copy it.
        for (slot, value) in &mut strings {
            match value {
                Some(v) => slot.store_in(&mut arena, v).map_err(map)?,
                None => slot.clear(p),
            }
        }
        if bitmap_bytes > 0 {
            f.bitmap_store
                .reserve_in(&mut arena, bitmap_bytes, false)
                .map_err(map)?;
            let buf = f
                .bitmap_store
                .take()
                .ok_or(DocParseError::OutOfMemory.code())?;
            match Bitmap::init(buf, blocks) {
                Ok(b) => f.bitmap = Some(b),
                Err(_) => return Err(DocParseError::UserBufferInsufficient.code()),
            }
        }
        if let (Some(bitmap), true) = (f.bitmap.as_ref(), request_len > 0) {
            let msg = f
                .request
                .reserve_in(&mut arena, request_len, false)
                .map_err(map)?;
            cbor::encode_get_stream_request(
                msg,
                REQUEST_TOKEN,
                doc.file_id,
                config::FILE_BLOCK_SIZE,
                0,
                bitmap.bytes(),
                config::MAX_NUM_BLOCKS_REQUEST,
            )
            .map_err(|_| DocParseError::OutOfMemory.code())?;
        }
        f.protocols = [0; config::PROTOCOL_BUFFER_SIZE];
        crate::bytes::copy(&mut f.protocols, protocols);
        f.protocols_len = protocols.len();
        f.file_size = doc.file_size;
        f.attributes = doc.file_attributes.unwrap_or(0);
        f.file_type = doc.file_type.unwrap_or(0);
        f.updater_version = doc.updated_by.unwrap_or(0);
        f.in_self_test = doc.self_test;
        Ok(())
    }

    /// Version checks of the self-test phase (`handleSelfTestJobDoc`).
    fn self_test_job<P: Platform>(&mut self, p: &mut P, out: &mut Outbox) {
        ota_log!(Info, c"In self test mode.");
        let current = p.firmware_version();
        let check = if self.file.server_file_id == 0
            && self.file.file_type == config::FIRMWARE_UPDATE_FILE_TYPE_ID
        {
            if self.file.updater_version == current {
                ota_log!(
                    Warn,
                    c"The new image has the same version as the one that downloaded it."
                );
                Err(Error::SameFirmwareVersion)
            } else if self.file.updater_version > current {
                ota_log!(
                    Warn,
                    c"The new image has a lower version than the one that downloaded it."
                );
                Err(Error::DowngradeNotAllowed)
            } else {
                Ok(())
            }
        } else {
            Ok(())
        };
        let reason = check.err().map_or(0, |e| e as u32);
        if config::ALLOW_DOWNGRADE == 1 || check.is_ok() {
            ota_log!(Info, c"Image version is valid: beginning the self-test.");
            let _ = self.set_image_state_with_reason(p, ImageState::Testing, reason);
        } else {
            let _ = self.set_image_state_with_reason(p, ImageState::Rejected, reason);
            out.push_plain(JobEvent::SelfTestFailed);
            p.reset();
        }
    }

    /// Picks the data plane from the job's `protocols` (`setDataInterface`).
    fn select_protocol<P: Platform>(&mut self, p: &mut P) -> Result {
        let text = crate::bytes::prefix(&self.file.protocols, self.file.protocols_len);
        let has = |needle: &[u8]| {
            text.windows(needle.len())
                .any(|w| crate::bytes::eq(w, needle))
        };
        let mqtt = DataProtocol::Mqtt.enabled() && has(b"\"MQTT\"");
        let http = DataProtocol::Http.enabled() && has(b"\"HTTP\"");
        self.protocol = match (mqtt, http) {
            (true, true) if config::PRIMARY_DATA_PROTOCOL == config::DATA_OVER_HTTP => {
                Some(DataProtocol::Http)
            }
            (true, _) => Some(DataProtocol::Mqtt),
            (false, true) => Some(DataProtocol::Http),
            (false, false) => None,
        };
        if self.protocol == Some(DataProtocol::Http) && !self.file.url.is_set() {
            self.protocol = None;
        }
        if self.protocol.is_none() {
            ota_log!(
                Error,
                c"No enabled data protocol in the job: aborting the update."
            );
            let _ = self.set_image_state_with_reason(
                p,
                ImageState::Aborted,
                Error::InvalidDataProtocol as u32,
            );
            self.close(p);
            return Err(Error::InvalidDataProtocol);
        }
        Ok(())
    }

    /// Prepares the bitmap, creates the file and starts the transfer.
    fn start_download<P: Platform>(&mut self, p: &mut P) -> Result {
        let blocks = self.file.file_size.div_ceil(config::FILE_BLOCK_SIZE);
        if self.file.bitmap.is_none() {
            ota_log!(Error, c"No block bitmap for %u blocks.", blocks);
            let _ = self.set_image_state_with_reason(p, ImageState::Aborted, 0);
            self.close(p);
            return Err(Error::JobParserError);
        }
        self.sync_pal(p);
        let status = p.create_file();
        if !status.is_ok() {
            ota_log!(
                Error,
                c"The PAL could not create the file: status 0x%08x.",
                status.0
            );
            let _ = self.set_image_state_with_reason(p, ImageState::Aborted, status.0);
            self.close(p);
            return Err(Error::JobParserError);
        }
        let resumed = self.resume_from(p, blocks);
        self.select_protocol(p)?;
        ota_log!(
            Info,
            c"Job accepted: receiving %u blocks (%u already stored).",
            blocks - resumed,
            resumed
        );
        signal(p, Event::CreateFile)
    }
}

impl Agent {
    /// Marks the whole blocks the PAL reports as already stored; the last block is
    /// always fetched so the file is closed (and verified) through the usual path.
    fn resume_from<P: Platform>(&mut self, p: &mut P, blocks: u32) -> u32 {
        let stored = (p.resume_offset() / config::FILE_BLOCK_SIZE).min(blocks.saturating_sub(1));
        if let Some(b) = self.file.bitmap.as_mut() {
            for i in 0..stored {
                let _ = b.mark_received(i);
            }
        }
        if stored > 0 {
            self.sync_pal(p);
        }
        stored
    }
}

/// Checks the parsed document before anything is stored.
fn validate(doc: &JobDocument<'_>) -> core::result::Result<(), Reject> {
    if doc.file_size == 0 {
        ota_log!(Error, c"Job rejected: the file size is 0.");
        return Err(Reject::Parse(JobParseErr::ZeroFileSize));
    }
    if doc.file_size > config::MAX_FILE_SIZE {
        ota_log!(
            Error,
            c"Job rejected: file size %u is too large.",
            doc.file_size
        );
        return Err(Reject::Parse(JobParseErr::BadModelInitParams));
    }
    let blocks = doc.file_size.div_ceil(config::FILE_BLOCK_SIZE);
    if blocks > config::MAX_BLOCK_BITMAP_SIZE * 8 {
        ota_log!(
            Error,
            c"Job rejected: %u blocks exceed the bitmap capacity of %u (otaconfigMAX_BLOCK_BITMAP_SIZE).",
            blocks,
            config::MAX_BLOCK_BITMAP_SIZE * 8
        );
        return Err(Reject::Parse(JobParseErr::BadModelInitParams));
    }
    if let Some(path) = doc.file_path
        && !path_is_safe(path)
    {
        ota_log_str!(Error, c"Job rejected: unsafe file path \"%.*s\".", path);
        return Err(Reject::Parse(JobParseErr::NonConformingJobDoc));
    }
    Ok(())
}

/// A file path may not climb out of where the PAL puts it (`..` components), and
/// may not carry control bytes or escapes that a PAL would read differently.
pub fn path_is_safe(path: &[u8]) -> bool {
    !path.iter().any(|&c| c < 0x20 || c == 0x7f || c == b'\\')
        && !path.split(|&c| c == b'/').any(|seg| seg == b"..")
}
