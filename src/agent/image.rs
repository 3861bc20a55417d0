//! Image state, self-test and the API calls that act on them.

use super::outbox::{JobEvent, Outbox};
use super::{Agent, Error, Result};
use crate::job::status::{JobReason, JobStatus};
use crate::port::{ImageState, PalStatus, Platform, Timer};

impl Agent {
    /// Sets the image state in the PAL and reports it for the active job
    /// (`setImageStateWithReason`). A PAL failure turns anything but `Aborted`
    /// into `Rejected`.
    pub fn set_image_state_with_reason<P: Platform>(
        &mut self,
        p: &mut P,
        state: ImageState,
        reason: u32,
    ) -> Result {
        let pal = p.set_image_state(state);
        let mut state = state;
        let mut reason = reason;
        if !pal.is_ok() && state != ImageState::Aborted {
            ota_log!(
                Warn,
                c"The PAL failed to set image state %u (status 0x%08x): rejecting.",
                state as u8,
                pal.0
            );
            state = ImageState::Rejected;
            if reason == 0 {
                reason = pal.0;
            }
        }
        self.image_state = state;
        if self.active_job_len == 0 {
            return Err(Error::NoActiveJob);
        }
        let (status, why, sub) = match state {
            ImageState::Testing => (JobStatus::InProgress, JobReason::SelfTestActive, 0),
            ImageState::Accepted => (
                JobStatus::Succeeded,
                JobReason::Accepted,
                p.firmware_version() as i32,
            ),
            ImageState::Rejected => (JobStatus::Failed, JobReason::Rejected, reason as i32),
            ImageState::Aborted | ImageState::Unknown => {
                (JobStatus::Failed, JobReason::Aborted, reason as i32)
            }
        };
        let published = self.update_job_status(p, status, why as i32, sub);
        if state != ImageState::Testing {
            self.clear_active_job();
        }
        if published {
            Ok(())
        } else {
            Err(Error::UpdateJobStatusFailed)
        }
    }

    /// `inSelfTestHandler`: the platform must be in self-test too, else the job is
    /// an attack on the image state and the image is rejected.
    pub(super) fn in_self_test<P: Platform>(&mut self, p: &mut P, out: &mut Outbox) -> Result {
        ota_log!(Info, c"Beginning self-test.");
        if self.platform_in_self_test(p) {
            out.push_plain(JobEvent::StartTest);
            self.file.in_self_test = false;
            p.stop_timer(Timer::SelfTest);
            Ok(())
        } else {
            ota_log!(
                Warn,
                c"Rejecting the new image and rebooting: the job is in self-test but the platform is not."
            );
            let r = self.set_image_state_with_reason(
                p,
                ImageState::Rejected,
                Error::ImageStateMismatch as u32,
            );
            p.reset();
            r
        }
    }

    /// `OTA_SetImageState` for `Accepted` and `Rejected` (run in the caller's
    /// context, as the C agent does).
    pub fn set_image_state_api<P: Platform>(&mut self, p: &mut P, state: ImageState) -> Result {
        self.set_image_state_with_reason(p, state, 0)
    }

    /// `OTA_ActivateNewImage`.
    pub fn activate<P: Platform>(&mut self, p: &mut P) -> Result {
        let status: PalStatus = p.activate();
        ota_log!(
            Error,
            c"Failed to activate the new image: PAL status 0x%08x.",
            status.0
        );
        if status.is_ok() {
            Ok(())
        } else {
            Err(Error::ActivateFailed)
        }
    }
}
