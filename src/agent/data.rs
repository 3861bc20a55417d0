//! Control requests and the data planes: job requests, MQTT stream / HTTP range
//! requests, and ingest of received blocks.

use super::outbox::{JobEvent, Outbox};
use super::wire::{self, Op, Topic};
use super::{Agent, DataProtocol, Error, HTTP, MQTT, Result};
use crate::bitmap::Mark;
use crate::config;
use crate::job::status::{self, JobReason, JobStatus, StatusContext};
use crate::job::topic;
use crate::port::{Event, ImageState, PalStatus, Platform, Timer};
use crate::stream::{cbor, http};

/// Why a block ended the job (the C agent's `IngestResult_t` failures).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IngestFailure {
    SigCheckFail = -2,
    FileCloseFail = -3,
    BadFileHandle = -5,
    WriteBlockFailed = -9,
}

impl Agent {
    /// Subscribes to job notifications and asks for the next job (`requestJob_Mqtt`).
    pub(super) fn send_job_request<P: Platform>(&mut self, p: &mut P) -> Result {
        if !wire::mqtt(p, self.thing_name(), Topic::NotifyNext, Op::Subscribe(1)) {
            ota_log!(Error, c"Failed to subscribe to the job notification topic.");
            return Err(Error::RequestJobFailed);
        }
        let mut payload = [0u8; 96];
        let n = topic::next_get_payload(&mut payload, self.request_counter, self.thing_name())
            .map_err(|_| Error::RequestJobFailed)?;
        self.request_counter = self.request_counter.wrapping_add(1);
        let payload = payload.get(..n).unwrap_or(&[]);
        if !wire::mqtt(
            p,
            self.thing_name(),
            Topic::NextGet,
            Op::Publish(payload, 1),
        ) {
            ota_log!(Error, c"Failed to publish the job request.");
            return Err(Error::RequestJobFailed);
        }
        Ok(())
    }

    /// Starts the data plane of the current job (`initFileTransfer`).
    pub(super) fn init_file_transfer<P: Platform>(&mut self, p: &mut P) -> Result {
        match self.protocol {
            Some(DataProtocol::Mqtt) if MQTT => {
                let data = Topic::StreamData(self.file.stream.value());
                if !wire::mqtt(p, self.thing_name(), data, Op::Subscribe(0)) {
                    ota_log!(Error, c"Failed to subscribe to the stream data topic.");
                    return Err(Error::InitFileTransferFailed);
                }
                self.data_subscribed = true;
                Ok(())
            }
            Some(DataProtocol::Http) if HTTP => {
                let u = self.file.url.value_with_nul().unwrap_or(&[0]);
                if p.init(u) {
                    self.data_subscribed = true;
                    Ok(())
                } else {
                    ota_log!(Error, c"HTTP init failed for the update URL.");
                    Err(Error::InitFileTransferFailed)
                }
            }
            _ => Err(Error::InvalidDataProtocol),
        }
    }

    /// Asks for the next blocks (`requestFileBlock`).
    pub(super) fn request_file_block<P: Platform>(&mut self, p: &mut P) -> Result {
        if self.file.bitmap.is_none() {
            return Ok(());
        }
        match self.protocol {
            Some(DataProtocol::Mqtt) if MQTT => {
                // Encoded once per job (see store_job): refresh the bitmap and send.
                let f = &mut self.file;
                let sent = match (f.get_topic.value_with_nul(), f.bitmap.as_ref()) {
                    (Some(topic), Some(bitmap)) => {
                        let bits = bitmap.bytes();
                        let msg = f.request.value_mut();
                        let at = cbor::get_stream_bitmap_start(
                            msg.len(),
                            bits.len(),
                            config::MAX_NUM_BLOCKS_REQUEST,
                        );
                        // A missing or mis-sized request is not sent.
                        let filled = msg.get_mut(at..).map(|m| crate::bytes::copy(m, bits));
                        !msg.is_empty()
                            && filled == Some(bits.len())
                            && p.publish(topic, f.request.value(), 0)
                    }
                    _ => false,
                };
                self.blocks_to_receive = config::MAX_NUM_BLOCKS_REQUEST;
                if sent {
                    Ok(())
                } else {
                    ota_log!(Error, c"Failed to publish the stream request.");
                    Err(Error::RequestFileBlockFailed)
                }
            }
            Some(DataProtocol::Http) if HTTP => {
                let block = self
                    .file
                    .bitmap
                    .as_ref()
                    .and_then(|b| b.first_needed())
                    .ok_or(Error::RequestFileBlockFailed)?;
                let (start, end) =
                    http::range_for_block(block, config::FILE_BLOCK_SIZE, self.file.file_size)
                        .ok_or(Error::RequestFileBlockFailed)?;
                self.blocks_to_receive = 1;
                if p.request(start, end) {
                    Ok(())
                } else {
                    ota_log!(Error, c"HTTP range request failed.");
                    Err(Error::RequestFileBlockFailed)
                }
            }
            _ => Err(Error::InvalidDataProtocol),
        }
    }

    /// Stops the data plane (`cleanupData`).
    pub(super) fn cleanup_data<P: Platform>(&mut self, p: &mut P) {
        if !self.data_subscribed {
            return;
        }
        self.data_subscribed = false;
        match self.protocol {
            Some(DataProtocol::Mqtt) if MQTT && self.unsubscribe_on_shutdown => {
                let data = Topic::StreamData(self.file.stream.value());
                wire::mqtt(p, self.thing_name(), data, Op::Unsubscribe(1));
            }
            Some(DataProtocol::Http) if HTTP => {
                p.deinit();
            }
            _ => {}
        }
    }

    /// Handles a received block (`processDataHandler`).
    pub(super) fn process_data<P: Platform>(
        &mut self,
        p: &mut P,
        data: &mut [u8],
        out: &mut Outbox,
    ) -> Result {
        if self.file.blocks_remaining() == 0 {
            // A stray block (a duplicate queued behind the final one, or one for a
            // job already closed). The C agent failed the job here; it is harmless.
            ota_log!(
                Warn,
                c"Received a block while no download is active: ignored."
            );
            self.stats.dropped();
            return Ok(());
        }
        // Something arrived: the request timer restarts. When this message ends
        // the request's window, the next request follows at once and restarts
        // it itself, so that one start is saved (the default window is 1).
        if self.blocks_to_receive > 1 {
            p.start_timer(Timer::Request, config::FILE_REQUEST_WAIT_MS);
        }

        let Some((index, offset, len)) = self.locate_block(data) else {
            // Malformed or out-of-range blocks are dropped and counted; the bitmap
            // still asks for the block, so a good copy fixes it. The C agent failed
            // the whole job on one bad message.
            self.stats.dropped();
            return self.after_block(p);
        };

        if !self
            .file
            .bitmap
            .as_ref()
            .is_some_and(|b| b.is_needed(index))
        {
            ota_log!(Debug, c"Duplicate block %u ignored.", index);
            return Ok(());
        }
        if p.sequential_writes()
            && self.file.bitmap.as_ref().and_then(|b| b.first_needed()) != Some(index)
        {
            // The PAL writes in order only: take this block again later.
            ota_log!(
                Debug,
                c"Block %u arrived out of order: asked for again.",
                index
            );
            return self.after_block(p);
        }
        if !p.has_file() {
            ota_log!(Error, c"The PAL has no open file: rejecting the update.");
            return self.fail_job(p, IngestFailure::BadFileHandle, None, out);
        }
        // Writers of flash often need aligned sources: a payload that is not
        // aligned as the PAL needs is moved to the start of the event buffer (no
        // extra decode buffer is needed); an aligned one is written in place.
        let Some(payload) = crate::bytes::aligned_payload(data, offset, len, p.block_alignment())
        else {
            return self.fail_job(p, IngestFailure::WriteBlockFailed, None, out);
        };
        let written = p.write_block(index.saturating_mul(config::FILE_BLOCK_SIZE), payload);
        if written < 0 || written as usize != len {
            ota_log!(
                Error,
                c"Failed to write block %u: the PAL wrote %d of %u bytes.",
                index,
                written,
                len
            );
            return self.fail_job(p, IngestFailure::WriteBlockFailed, None, out);
        }
        if let Some(b) = self.file.bitmap.as_mut()
            && b.mark_received(index) != Mark::Accepted
        {
            return Ok(());
        }
        self.stats.processed();
        let remaining = self.file.blocks_remaining();
        if remaining == 0 {
            return self.complete_file(p, out);
        }
        self.momentum = 0;
        self.publish_progress(p);
        self.after_block(p)
    }

    /// Decodes the block and checks it against the file: `(index, payload offset,
    /// payload length)` of a block that belongs to this file.
    fn locate_block(&self, data: &[u8]) -> Option<(u32, usize, usize)> {
        let (index, size, offset, len) = match self.protocol? {
            DataProtocol::Mqtt if MQTT => {
                let block = match cbor::decode_data_block(data) {
                    Ok(b) => b,
                    Err(e) => {
                        ota_log_str!(
                            Warn,
                            c"Dropped a malformed data block: %.*s",
                            e.description().as_bytes()
                        );
                        return None;
                    }
                };
                if block.file_id != self.file.server_file_id {
                    ota_log!(
                        Warn,
                        c"Dropped a block of file %u: this job receives file %u.",
                        block.file_id,
                        self.file.server_file_id
                    );
                    return None;
                }
                let offset = (block.payload.as_ptr() as usize).wrapping_sub(data.as_ptr() as usize);
                (
                    block.block_id,
                    block.block_size,
                    offset,
                    block.payload.len(),
                )
            }
            DataProtocol::Http if HTTP => {
                let index = self.file.bitmap.as_ref()?.first_needed()?;
                (index, data.len() as u32, 0, data.len())
            }
            // A data plane left out of the build is never selected.
            _ => return None,
        };
        let blocks = self.file.bitmap.as_ref()?.num_blocks();
        let last = blocks.checked_sub(1)?;
        let expected = if index < last {
            config::FILE_BLOCK_SIZE
        } else if index == last {
            self.file.file_size - last * config::FILE_BLOCK_SIZE
        } else {
            ota_log!(
                Warn,
                c"Dropped block %u: the file has %u blocks.",
                index,
                blocks
            );
            return None;
        };
        if size != expected || len != expected as usize || offset.checked_add(len)? > data.len() {
            ota_log!(
                Warn,
                c"Dropped block %u: size %u, expected %u.",
                index,
                len,
                expected
            );
            return None;
        }
        Some((index, offset, len))
    }

    /// After a block: ask for more once the expected batch is in.
    fn after_block<P: Platform>(&mut self, p: &mut P) -> Result {
        if self.blocks_to_receive > 1 {
            self.blocks_to_receive -= 1;
        } else {
            // The request handler restarts the request timer once the request
            // is out.
            if !p.signal(Event::RequestFileBlock) {
                ota_log!(Warn, c"Failed to signal the next block request.");
            }
        }
        Ok(())
    }

    fn publish_progress<P: Platform>(&mut self, p: &mut P) {
        let Some(b) = self.file.bitmap.as_ref() else {
            return;
        };
        let total = b.num_blocks();
        let received = total - b.remaining();
        if status::progress_due(received, config::OTA_UPDATE_STATUS_FREQUENCY) {
            let mut buf = [0u8; 128];
            if let Ok(n) = status::format_progress(&mut buf, received, total) {
                self.publish_status(p, buf.get(..n).unwrap_or(&[]), 0);
            }
        }
    }

    /// The last block is in: close (the PAL checks the signature) and report.
    fn complete_file<P: Platform>(&mut self, p: &mut P, out: &mut Outbox) -> Result {
        p.stop_timer(Timer::Request);
        ota_log!(Info, c"Received the final block of the update.");
        let close = p.close_file();
        if !close.is_ok() {
            ota_log!(
                Error,
                c"Failed to close the file: PAL status 0x%02x, sub-code 0x%06x.",
                close.main(),
                close.sub()
            );
            let why = if close.main() == PalStatus::SIGNATURE_CHECK_FAILED {
                IngestFailure::SigCheckFail
            } else {
                IngestFailure::FileCloseFail
            };
            return self.fail_job(p, why, Some(close), out);
        }
        ota_log!(
            Info,
            c"Received the entire update and validated the signature."
        );
        if self.file.file_type == config::FIRMWARE_UPDATE_FILE_TYPE_ID {
            self.finish_job(
                p,
                out,
                JobEvent::Activate,
                JobStatus::InProgress,
                JobReason::SigCheckPassed as i32,
                0,
            );
        } else {
            let file_type = self.file.file_type as i32;
            self.finish_job(
                p,
                out,
                JobEvent::UpdateComplete,
                JobStatus::Succeeded,
                JobReason::Accepted as i32,
                file_type,
            );
        }
        Ok(())
    }

    /// Publishes the job's last status, signals closing the file and queues
    /// `event` for the application with the same status values; the job is
    /// then over.
    fn finish_job<P: Platform>(
        &mut self,
        p: &mut P,
        out: &mut Outbox,
        event: JobEvent,
        status: JobStatus,
        reason: i32,
        sub_reason: i32,
    ) {
        self.update_job_status(p, status, reason, sub_reason);
        if !p.signal(Event::CloseFile) {
            ota_log!(Warn, c"Failed to signal closing the file.");
        }
        if let Some(doc) = out.push_doc(event, self.active_job()) {
            doc.file_type = self.file.file_type;
            doc.status = status as u8;
            doc.reason = reason;
            doc.sub_reason = sub_reason;
        }
        self.clear_active_job();
    }

    /// Ends the job after a failed block or close (`IngestResult_t` < -1).
    fn fail_job<P: Platform>(
        &mut self,
        p: &mut P,
        why: IngestFailure,
        close: Option<PalStatus>,
        out: &mut Outbox,
    ) -> Result {
        ota_log!(
            Error,
            c"Rejecting the image: ingest failed with %d.",
            why as i32
        );
        p.set_image_state(ImageState::Rejected);
        let close = close.unwrap_or(PalStatus::combine(PalStatus::UNINITIALIZED, 0));
        p.stop_timer(Timer::Request);
        self.finish_job(
            p,
            out,
            JobEvent::Fail,
            JobStatus::FailedWithVal,
            i32::from(close.main()),
            close.sub() as i32,
        );
        Ok(())
    }

    /// Publishes a job status update for the active job (`updateJobStatus_Mqtt`).
    pub(super) fn update_job_status<P: Platform>(
        &mut self,
        p: &mut P,
        job_status: JobStatus,
        reason: i32,
        sub_reason: i32,
    ) -> bool {
        let mut buf = [0u8; 160];
        let ctx = StatusContext {
            blocks_received: 0,
            blocks_total: 0,
            app_version: p.firmware_version(),
            updater_version: self.file.updater_version,
        };
        let n = match status::format_job_status(&mut buf, job_status, reason, sub_reason, &ctx) {
            Ok(n) => n,
            Err(_) => {
                ota_log!(Error, c"Cannot format the job status (reason %d).", reason);
                return false;
            }
        };
        let qos = status::status_qos(job_status, reason);
        self.publish_status(p, buf.get(..n).unwrap_or(&[]), qos)
    }

    fn publish_status<P: Platform>(&mut self, p: &mut P, payload: &[u8], qos: u8) -> bool {
        let update = Topic::JobUpdate(self.active_job());
        let ok = wire::mqtt(p, self.thing_name(), update, Op::Publish(payload, qos));
        if !ok {
            ota_log!(Error, c"Failed to publish a job status update.");
        }
        ok
    }
}
