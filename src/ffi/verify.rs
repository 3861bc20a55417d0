//! The exported signature helpers of `ota_signature.h`: SHA-256 over a
//! caller-allocated context, and ECDSA P-256 verification of a digest or a file.
//!
//! The SHA-256 state lives in the caller's `OtaSha256Context_t`: a tag word
//! followed by a [`Sha256`] value written there by `OTA_Sha256Init`. The tag makes
//! `Update`/`Final` on a context that was never initialised (or already
//! finalised) a harmless no-op instead of reading a garbage state.

#[cfg(ota_std)]
use core::ffi::c_char;
use core::mem::{align_of, size_of};
use core::ptr;

use super::types::OtaPalStatus_t;
use crate::verify::{self, DIGEST_LEN, Sha256, VerifyError};

/// Words of `OtaSha256Context_t.opaque` (`OTA_SHA256_CONTEXT_WORDS`).
pub const SHA256_CONTEXT_WORDS: usize = 16;

/// Mirror of `OtaSha256Context_t`.
#[repr(C)]
pub struct OtaSha256Context_t {
    pub opaque: [u64; SHA256_CONTEXT_WORDS],
}

/// What the opaque storage holds.
#[repr(C)]
struct Slot {
    tag: u64,
    state: Sha256,
}

/// Marks a context initialised by `OTA_Sha256Init` ("otaSHA256").
const TAG_LIVE: u64 = 0x6f74_6153_4841_3235;

// The state must fit the C type on every target (32- and 64-bit alike).
const _: () = assert!(size_of::<Slot>() <= size_of::<OtaSha256Context_t>());
const _: () = assert!(align_of::<Slot>() <= align_of::<OtaSha256Context_t>());
const _: () = assert!(size_of::<sha2::Sha256>() + 8 <= size_of::<OtaSha256Context_t>());
const _: () = assert!(align_of::<sha2::Sha256>() <= align_of::<u64>());

/// Status returned if a bug panicked inside a check (never expected).
const STATUS_INTERNAL: OtaPalStatus_t =
    verify::combine(verify::PAL_SIGNATURE_CHECK_FAILED, 0x00ff_ffff);

/// Runs `f`, turning a panic into `default` on hosted builds. Unlike the agent's
/// guard it does not touch the agent lock: these functions are called from PAL
/// code that may run while the agent holds it.
fn catch<R>(default: R, f: impl FnOnce() -> R) -> R {
    #[cfg(ota_std)]
    {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(default)
    }
    #[cfg(not(ota_std))]
    {
        let _ = default;
        f()
    }
}

/// The slot behind `ctx`, if the pointer is usable.
fn slot_ptr(ctx: *mut OtaSha256Context_t) -> Option<*mut Slot> {
    let p = ctx.cast::<Slot>();
    (!p.is_null() && p.is_aligned()).then_some(p)
}

/// Starts a SHA-256 computation in `pCtx` (any previous content is discarded).
///
/// # Safety
/// `pCtx` must be NULL or point to a writable `OtaSha256Context_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OTA_Sha256Init(pCtx: *mut OtaSha256Context_t) {
    catch((), || {
        if let Some(p) = slot_ptr(pCtx) {
            // SAFETY: non-NULL, aligned and large enough (const asserts above);
            // the old content is plain data and is overwritten without a drop.
            unsafe {
                ptr::write(
                    p,
                    Slot {
                        tag: TAG_LIVE,
                        state: Sha256::new(),
                    },
                )
            };
        }
    })
}

/// Adds `length` bytes at `pData` to the computation in `pCtx`. A context not
/// initialised by `OTA_Sha256Init`, or NULL data with a non-zero length, is
/// ignored.
///
/// # Safety
/// `pCtx` must be NULL or point to an `OtaSha256Context_t`; `pData` must be NULL
/// or point to `length` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OTA_Sha256Update(
    pCtx: *mut OtaSha256Context_t,
    pData: *const u8,
    length: usize,
) {
    catch((), || {
        let Some(p) = slot_ptr(pCtx) else { return };
        if length == 0 || pData.is_null() {
            return;
        }
        // SAFETY: `p` is valid for reads; the tag is a plain u64.
        if unsafe { ptr::read(&raw const (*p).tag) } != TAG_LIVE {
            return;
        }
        // SAFETY: the tag says OTA_Sha256Init wrote a `Sha256` here (or the
        // caller copied such a context, which is a plain value); the data range
        // is valid per the contract.
        unsafe {
            let data = core::slice::from_raw_parts(pData, length);
            (*p).state.update(data);
        }
    })
}

/// Writes the SHA-256 digest of everything added to `pCtx` into `pDigest` and
/// ends the computation (a later Update or Final needs a new Init). A context
/// that was not initialised yields 32 zero bytes.
///
/// # Safety
/// `pCtx` must be NULL or point to an `OtaSha256Context_t`; `pDigest` must be NULL
/// or point to 32 writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OTA_Sha256Final(pCtx: *mut OtaSha256Context_t, pDigest: *mut u8) {
    catch((), || {
        let mut out = [0u8; DIGEST_LEN];
        if let Some(p) = slot_ptr(pCtx) {
            // SAFETY: as in OTA_Sha256Update; the state is moved out and the tag
            // cleared so the slot is no longer used as a live state.
            unsafe {
                if ptr::read(&raw const (*p).tag) == TAG_LIVE {
                    let state = ptr::read(&raw const (*p).state);
                    ptr::write(&raw mut (*p).tag, 0);
                    out = state.finalize();
                }
            }
        }
        if !pDigest.is_null() {
            // SAFETY: `pDigest` points to 32 writable bytes per the contract.
            unsafe { ptr::copy_nonoverlapping(out.as_ptr(), pDigest, DIGEST_LEN) };
        }
    })
}

/// Borrows `len` bytes at `p`, or `None` for NULL / empty.
///
/// # Safety
/// `p` must be NULL or point to `len` readable bytes that outlive the borrow.
unsafe fn bytes<'a>(p: *const u8, len: usize) -> Option<&'a [u8]> {
    if p.is_null() || len == 0 {
        None
    } else {
        // SAFETY: per the function contract.
        Some(unsafe { core::slice::from_raw_parts(p, len) })
    }
}

/// Checks an ECDSA P-256 signature over a SHA-256 digest. See `ota_signature.h`.
///
/// # Safety
/// Each pointer must be NULL or point to the stated number of readable bytes
/// (`pDigest`: 32).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OTA_VerifySignatureP256(
    pKey: *const u8,
    keyLength: usize,
    pDigest: *const u8,
    pSignature: *const u8,
    signatureLength: usize,
) -> OtaPalStatus_t {
    catch(STATUS_INTERNAL, || {
        // SAFETY: forwarded contract.
        let Some(key) = (unsafe { bytes(pKey, keyLength) }) else {
            return VerifyError::KeyMissing.pal_status();
        };
        if pDigest.is_null() {
            return VerifyError::DigestMissing.pal_status();
        }
        // SAFETY: non-NULL; 32 readable bytes per the contract (alignment 1).
        let digest: &[u8; DIGEST_LEN] = unsafe { &*pDigest.cast::<[u8; DIGEST_LEN]>() };
        // SAFETY: forwarded contract.
        let Some(signature) = (unsafe { bytes(pSignature, signatureLength) }) else {
            return VerifyError::SignatureMissing.pal_status();
        };
        verify::pal_status(verify::verify_p256(key, digest, signature))
    })
}

/// A C path as a `Path`.
///
/// # Safety
/// `p` must be a NUL-terminated string.
#[cfg(ota_std)]
unsafe fn c_path<'a>(p: *const c_char) -> Option<&'a std::path::Path> {
    // SAFETY: per the function contract.
    let s = unsafe { core::ffi::CStr::from_ptr(p) };
    if s.is_empty() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        Some(std::path::Path::new(std::ffi::OsStr::from_bytes(
            s.to_bytes(),
        )))
    }
    #[cfg(not(unix))]
    {
        s.to_str().ok().map(std::path::Path::new)
    }
}

/// Checks the ECDSA P-256 signature of a file with the key or certificate in
/// another file (hosted builds only). See `ota_signature.h`.
///
/// # Safety
/// The paths must be NULL or NUL-terminated strings; `pSignature` must be NULL or
/// point to `signatureLength` readable bytes.
#[cfg(ota_std)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OTA_VerifyFileSignatureP256(
    pFilePath: *const c_char,
    pKeyFilePath: *const c_char,
    pSignature: *const u8,
    signatureLength: usize,
) -> OtaPalStatus_t {
    catch(STATUS_INTERNAL, || {
        if pKeyFilePath.is_null() {
            return VerifyError::KeyMissing.pal_status();
        }
        // SAFETY: non-NULL C string per the contract.
        let Some(key_path) = (unsafe { c_path(pKeyFilePath) }) else {
            return VerifyError::KeyMissing.pal_status();
        };
        // SAFETY: forwarded contract.
        let Some(signature) = (unsafe { bytes(pSignature, signatureLength) }) else {
            return VerifyError::SignatureMissing.pal_status();
        };
        if pFilePath.is_null() {
            return VerifyError::FileOpen.pal_status();
        }
        // SAFETY: non-NULL C string per the contract.
        let Some(path) = (unsafe { c_path(pFilePath) }) else {
            return VerifyError::FileOpen.pal_status();
        };
        verify::pal_status(verify::verify_file(path, key_path, signature))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_through_the_c_functions() {
        let mut ctx = OtaSha256Context_t {
            opaque: [0xa5a5_a5a5_a5a5_a5a5; SHA256_CONTEXT_WORDS],
        };
        let mut digest = [0u8; 32];
        // SAFETY: valid pointers and lengths.
        unsafe {
            // Never initialised: ignored, zero digest.
            OTA_Sha256Update(&mut ctx, b"abc".as_ptr(), 3);
            OTA_Sha256Final(&mut ctx, digest.as_mut_ptr());
            assert_eq!(digest, [0u8; 32]);

            OTA_Sha256Init(&mut ctx);
            OTA_Sha256Update(&mut ctx, b"a".as_ptr(), 1);
            OTA_Sha256Update(&mut ctx, ptr::null(), 0);
            OTA_Sha256Update(&mut ctx, b"bc".as_ptr(), 2);
            OTA_Sha256Final(&mut ctx, digest.as_mut_ptr());
        }
        assert_eq!(digest, verify::sha256(b"abc"));
        // Finalised: further use is ignored.
        // SAFETY: as above.
        unsafe {
            OTA_Sha256Update(&mut ctx, b"x".as_ptr(), 1);
            OTA_Sha256Final(&mut ctx, digest.as_mut_ptr());
        }
        assert_eq!(digest, [0u8; 32]);
        // NULL pointers are ignored.
        // SAFETY: NULL is allowed.
        unsafe {
            OTA_Sha256Init(ptr::null_mut());
            OTA_Sha256Update(ptr::null_mut(), b"x".as_ptr(), 1);
            OTA_Sha256Final(ptr::null_mut(), ptr::null_mut());
        }
    }

    #[test]
    fn verify_rejects_null_arguments_in_order() {
        let key = [4u8; 65];
        let d = [0u8; 32];
        let sig = [1u8; 64];
        // SAFETY: NULL or valid pointers with matching lengths.
        unsafe {
            assert_eq!(
                OTA_VerifySignatureP256(ptr::null(), 65, d.as_ptr(), sig.as_ptr(), 64),
                VerifyError::KeyMissing.pal_status()
            );
            assert_eq!(
                OTA_VerifySignatureP256(key.as_ptr(), 65, ptr::null(), sig.as_ptr(), 64),
                VerifyError::DigestMissing.pal_status()
            );
            assert_eq!(
                OTA_VerifySignatureP256(key.as_ptr(), 65, d.as_ptr(), ptr::null(), 64),
                VerifyError::SignatureMissing.pal_status()
            );
            assert_eq!(
                OTA_VerifyFileSignatureP256(ptr::null(), ptr::null(), ptr::null(), 0),
                VerifyError::KeyMissing.pal_status()
            );
        }
    }
}
