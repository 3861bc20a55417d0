//! A string or bitmap buffer: the application's own (`OtaAppBuffer_t`), or one the
//! agent allocates through the OS interface when the application lent none.

use crate::port::Os;

/// Storage for one value of the file context.
pub struct Slot {
    /// Buffer lent by the application; kept for the agent's lifetime.
    user: Option<&'static mut [u8]>,
    /// Buffer allocated for the current job.
    heap: Option<&'static mut [u8]>,
    /// Length of the stored value (terminator excluded).
    len: usize,
    /// The application lent a buffer for this value.
    lent: bool,
}

/// The application buffer is too small for a value (`DocParseErrUserBufferInsufficient`),
/// or the allocation failed (`DocParseErrOutOfMemory`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The lent buffer cannot hold the value and its terminator.
    TooSmall,
    /// The OS interface returned no memory.
    OutOfMemory,
}

impl Slot {
    /// A slot over an optional application buffer (an empty one counts as none).
    pub fn new(user: Option<&'static mut [u8]>) -> Slot {
        let user = user.filter(|b| !b.is_empty());
        Slot {
            lent: user.is_some(),
            user,
            heap: None,
            len: 0,
        }
    }

    /// Reserves `len` bytes (plus a terminator when `terminated`) and returns them,
    /// zeroed, for the caller to fill.
    pub fn reserve<O: Os + ?Sized>(
        &mut self,
        os: &mut O,
        len: usize,
        terminated: bool,
    ) -> Result<&mut [u8], StoreError> {
        let need = len + usize::from(terminated);
        self.clear(os);
        let buf: &mut [u8] = match &mut self.user {
            Some(u) => {
                if u.len() < need {
                    return Err(StoreError::TooSmall);
                }
                u
            }
            None => {
                let b = os.alloc(need.max(1)).ok_or(StoreError::OutOfMemory)?;
                b.fill(0);
                self.heap.insert(b)
            }
        };
        self.len = len;
        buf.get_mut(..len).ok_or(StoreError::TooSmall)
    }

    /// Stores `value` followed by a NUL terminator.
    pub fn store<O: Os + ?Sized>(&mut self, os: &mut O, value: &[u8]) -> Result<(), StoreError> {
        crate::bytes::copy(self.reserve(os, value.len(), true)?, value);
        Ok(())
    }

    /// The stored value (terminator excluded); empty when nothing is stored.
    pub fn value(&self) -> &[u8] {
        let buf: &[u8] = match (&self.heap, &self.user) {
            (Some(h), _) => h,
            (None, Some(u)) => u,
            _ => &[],
        };
        buf.get(..self.len).unwrap_or(&[])
    }

    /// The stored value with its NUL terminator, if one was stored.
    pub fn value_with_nul(&self) -> Option<&[u8]> {
        let buf: &[u8] = match (&self.heap, &self.user) {
            (Some(h), _) => h,
            (None, Some(u)) => u,
            _ => return None,
        };
        buf.get(..=self.len).filter(|v| v.last() == Some(&0))
    }

    /// True when a value is stored.
    pub fn is_set(&self) -> bool {
        self.len > 0
    }

    /// Takes the reserved buffer out (for a structure that borrows it for a while).
    pub fn take(&mut self) -> Option<&'static mut [u8]> {
        if self.lent {
            self.user.take()
        } else {
            self.heap.take()
        }
    }

    /// Returns a buffer obtained from [`Slot::take`].
    pub fn put_back(&mut self, buf: &'static mut [u8]) {
        if self.lent {
            self.user = Some(buf);
        } else {
            self.heap = Some(buf);
        }
    }

    /// Forgets the value: zeroes a lent buffer, frees an allocated one.
    pub fn clear<O: Os + ?Sized>(&mut self, os: &mut O) {
        if let Some(h) = self.heap.take() {
            os.free(h);
        }
        if let Some(u) = &mut self.user {
            u.fill(0);
        }
        self.len = 0;
    }
}
