//! Storage for the job's strings and bitmap: the application's own buffer
//! (`OtaAppBuffer_t`), or a piece of the job's single allocation (see
//! [`Arena`]), or — only when a value grows during a job — an allocation of its own.

use crate::port::Os;

/// Where a slot's bytes come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// No storage.
    Empty,
    /// The application lent this buffer; kept for the agent's lifetime.
    Lent,
    /// A piece of the job arena; released with the arena.
    Piece,
    /// An allocation of its own; freed with the value.
    Heap,
}

/// Storage for one value of the file context.
pub struct Slot {
    buf: Option<&'static mut [u8]>,
    /// Length of the stored value (terminator excluded).
    len: u16,
    kind: Kind,
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
    /// No storage (zero bytes).
    pub const EMPTY: Slot = Slot {
        buf: None,
        len: 0,
        kind: Kind::Empty,
    };

    /// A slot over an optional application buffer (an empty one counts as none).
    // Out of line: the agent makes six at once.
    #[inline(never)]
    pub fn new(user: Option<&'static mut [u8]>) -> Slot {
        let buf = user.filter(|b| !b.is_empty());
        Slot {
            kind: if buf.is_some() {
                Kind::Lent
            } else {
                Kind::Empty
            },
            buf,
            len: 0,
        }
    }

    /// Bytes this slot needs from the arena for a value of `len` bytes (plus a
    /// terminator when `terminated`): none when the application lent a buffer.
    pub fn arena_need(&self, len: usize, terminated: bool) -> usize {
        if self.kind == Kind::Lent {
            0
        } else {
            len + usize::from(terminated)
        }
    }

    /// Makes room for `len` bytes (plus a terminator when `terminated`), taking a
    /// piece of `arena` unless the application lent a buffer, and returns the
    /// bytes, zeroed, for the caller to fill.
    pub fn reserve_in(
        &mut self,
        arena: &mut Arena,
        len: usize,
        terminated: bool,
    ) -> Result<&mut [u8], StoreError> {
        let need = len + usize::from(terminated);
        if self.kind != Kind::Lent {
            self.buf = Some(arena.take(need).ok_or(StoreError::OutOfMemory)?);
            self.kind = Kind::Piece;
        }
        let buf = self.buf.as_deref_mut().ok_or(StoreError::OutOfMemory)?;
        if buf.len() < need || len > usize::from(u16::MAX) {
            return Err(StoreError::TooSmall);
        }
        crate::bytes::zero(buf);
        self.len = len as u16;
        buf.get_mut(..len).ok_or(StoreError::TooSmall)
    }

    /// Stores `value` NUL-terminated in a piece of `arena` (or the lent buffer).
    pub fn store_in(&mut self, arena: &mut Arena, value: &[u8]) -> Result<(), StoreError> {
        crate::bytes::copy(self.reserve_in(arena, value.len(), true)?, value);
        Ok(())
    }

    /// Replaces the value during a job (e.g. a refreshed URL): in place when it
    /// fits, else in an allocation of its own.
    pub fn replace<O: Os + ?Sized>(&mut self, os: &mut O, value: &[u8]) -> Result<(), StoreError> {
        let need = value.len() + 1;
        let fits = self.buf.as_ref().is_some_and(|b| b.len() >= need);
        if !fits {
            if self.kind == Kind::Lent {
                return Err(StoreError::TooSmall);
            }
            self.clear(os);
            let b = os.alloc(need).ok_or(StoreError::OutOfMemory)?;
            self.buf = Some(b);
            self.kind = Kind::Heap;
        }
        let buf = self.buf.as_deref_mut().ok_or(StoreError::OutOfMemory)?;
        crate::bytes::zero(buf);
        self.len = crate::bytes::copy(buf, value) as u16;
        Ok(())
    }

    /// The stored value (terminator excluded); empty when nothing is stored.
    pub fn value(&self) -> &[u8] {
        match &self.buf {
            Some(b) => crate::bytes::prefix(b, usize::from(self.len)),
            None => &[],
        }
    }

    /// The stored value, writable in place (terminator excluded).
    pub fn value_mut(&mut self) -> &mut [u8] {
        match &mut self.buf {
            Some(b) => {
                let n = usize::from(self.len).min(b.len());
                b.get_mut(..n).unwrap_or(&mut [])
            }
            None => &mut [],
        }
    }

    /// The stored value with its NUL terminator, if one was stored.
    pub fn value_with_nul(&self) -> Option<&[u8]> {
        let b = self.buf.as_deref()?;
        b.get(..=usize::from(self.len))
            .filter(|v| v.last() == Some(&0))
    }

    /// True when a value is stored.
    pub fn is_set(&self) -> bool {
        self.len > 0
    }

    /// Takes the buffer out (for a structure that borrows it for a while).
    pub fn take(&mut self) -> Option<&'static mut [u8]> {
        self.buf.take()
    }

    /// Returns a buffer obtained from [`Slot::take`].
    pub fn put_back(&mut self, buf: &'static mut [u8]) {
        self.buf = Some(buf);
    }

    /// Forgets the value: zeroes a lent buffer, frees an own allocation, drops an
    /// arena piece (the arena itself is freed by its owner).
    pub fn clear<O: Os + ?Sized>(&mut self, os: &mut O) {
        match self.kind {
            Kind::Lent => {
                if let Some(b) = self.buf.as_deref_mut() {
                    crate::bytes::zero(b);
                }
            }
            Kind::Heap => {
                if let Some(b) = self.buf.take() {
                    os.free(b);
                }
                self.kind = Kind::Empty;
            }
            Kind::Piece | Kind::Empty => {
                self.buf = None;
                self.kind = Kind::Empty;
            }
        }
        self.len = 0;
    }
}

/// The rest of the job's single allocation, handed out piece by piece.
pub struct Arena {
    rest: &'static mut [u8],
}

impl Arena {
    /// An arena over `buf`.
    pub fn new(buf: &'static mut [u8]) -> Arena {
        Arena { rest: buf }
    }

    /// The next `len` bytes.
    pub fn take(&mut self, len: usize) -> Option<&'static mut [u8]> {
        if len > self.rest.len() {
            return None;
        }
        let (piece, rest) = core::mem::take(&mut self.rest).split_at_mut_checked(len)?;
        self.rest = rest;
        Some(piece)
    }
}
