/*
 * SPDX-License-Identifier: MIT
 *
 * ota_pal_posix.h - a file-backed OTA platform abstraction layer (PAL) for
 * POSIX hosts.
 *
 * The functions have the names and signatures of the upstream POSIX PAL and
 * of the OtaPal*_t typedefs in ota_platform_interface.h, so they can be put
 * straight into an OtaPalInterface_t:
 *
 *     OtaPalInterface_t pal = {
 *         otaPal_Abort, otaPal_CreateFileForRx, otaPal_CloseFile,
 *         otaPal_WriteBlock, otaPal_ActivateNewImage, otaPal_ResetDevice,
 *         otaPal_SetPlatformImageState, otaPal_GetPlatformImageState
 *     };
 *
 * What it does:
 * - The received file is written to pFileContext->pFilePath (created or
 *   truncated), block by block at the block's offset, in any order.
 * - otaPal_CloseFile checks the job's ECDSA P-256 / SHA-256 signature
 *   ("sig-sha256-ecdsa") with the key or certificate in the file named by
 *   the job's "certfile" (pFileContext->pCertFilepath), using
 *   OTA_VerifyFileSignatureP256 from libota.a. A file that fails is deleted.
 * - The platform image state survives a process restart (the "reboot") in a
 *   small state file; see otaPal_SetStateFilePath.
 * - Activation and reset do what a host cannot do by itself through hooks
 *   the application sets (otaPal_SetActivateHook, otaPal_SetResetHook).
 *
 * It tracks image states only: it keeps no copy of the previous image. An
 * application that wants a real rollback keeps its old executable and starts
 * it again when the state says the new one was rejected (see the reset hook).
 *
 * This PAL defines OTA_JsonFileSignatureKey as "sig-sha256-ecdsa".
 */

#ifndef OTA_PAL_POSIX_H
#define OTA_PAL_POSIX_H

#include <stdbool.h>
#include <stdint.h>

/* OtaFileContext_t, OtaImageState_t, OtaPalImageState_t, OtaPalStatus_t. */
#include "ota.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/** @brief Longest path (NUL included) this PAL handles. */
#define OTA_PAL_POSIX_PATH_MAX              512U

/**
 * @brief Environment variable naming the state file, used when
 * otaPal_SetStateFilePath was not called.
 */
#define OTA_PAL_POSIX_STATE_FILE_ENV        "OTA_PAL_STATE_FILE"

/**
 * @brief State file used when neither otaPal_SetStateFilePath nor
 * OTA_PAL_STATE_FILE names one: relative to the working directory.
 */
#define OTA_PAL_POSIX_DEFAULT_STATE_FILE    "ota_image_state"

/**
 * @brief Called by otaPal_ActivateNewImage after the new image was marked
 * pending-commit.
 *
 * On a device, activation is a reset into the new image. A host program does
 * the same by starting the new image, for example by exec'ing it (after
 * making it executable); such a hook does not return. If it returns, the
 * activation is still reported as successful (the hook may arrange a restart
 * later, e.g. by telling the main loop to exit and re-exec).
 *
 * Runs in the thread that called OTA_ActivateNewImage (usually the OTA agent
 * task, inside the application callback for OtaJobEventActivate).
 *
 * @param[in] pImagePath Path of the verified new image.
 */
typedef void ( * OtaPalActivateHook_t )( const char * pImagePath );

/**
 * @brief Called by otaPal_ResetDevice, after the image state was updated.
 *
 * The agent resets the device to roll back: when the self-test timer expires
 * before the new image is accepted (this runs in the OS port's timer thread),
 * or when a non-self-test job arrives while the new image is still pending.
 * A host program typically restarts itself here, choosing the old or new
 * executable from otaPal_GetPlatformImageState( NULL ): after a reset of a
 * pending image the state reads Invalid, so the old one is started.
 */
typedef void ( * OtaPalResetHook_t )( void );

/**
 * @brief Set the activation hook (NULL: none; activation then only marks the
 * image). May be called at any time.
 */
void otaPal_SetActivateHook( OtaPalActivateHook_t hook );

/**
 * @brief Set the reset hook (NULL: none; a reset then only updates the
 * image state and returns success). May be called at any time.
 */
void otaPal_SetResetHook( OtaPalResetHook_t hook );

/**
 * @brief Choose where the platform image state is kept.
 *
 * The state must be found again after a restart, before any job names the
 * image, so its location is fixed per installation rather than derived from
 * the job: set it before OTA_Init (for example to "<image path>.state").
 * Without a call, the environment variable OTA_PAL_STATE_FILE is used if set
 * and non-empty, else OTA_PAL_POSIX_DEFAULT_STATE_FILE.
 *
 * The file holds one word: PendingCommit, Valid or Invalid. A missing file
 * means Valid (a factory image); an unreadable one means Invalid. It is
 * replaced atomically (write to "<path>.tmp", then rename).
 *
 * @param[in] pPath Path, or NULL to go back to the default.
 * @return false if the path is too long (the setting is then unchanged).
 */
bool otaPal_SetStateFilePath( const char * pPath );

/**
 * @brief Abandon the file being received: close it if open and delete the
 * partial file. Succeeds with pFile == NULL (nothing open), which is how the
 * agent calls it after a successful close.
 *
 * @return OtaPalSuccess, or OtaPalFileAbort with errno as sub code.
 */
OtaPalStatus_t otaPal_Abort( OtaFileContext_t * const pFileContext );

/**
 * @brief Create (or truncate) the receive file at pFileContext->pFilePath
 * and set pFileContext->pFile. A file still open in the context is closed
 * first.
 *
 * @return OtaPalSuccess, or OtaPalRxFileCreateFailed (sub code: errno, or
 * EINVAL for a NULL context or a NULL / empty path).
 */
OtaPalStatus_t otaPal_CreateFileForRx( OtaFileContext_t * const pFileContext );

/**
 * @brief Flush the file, verify its signature, close it.
 *
 * The file is closed in every case and pFile set to NULL. On any failure the
 * file is deleted. On success its path is remembered as the image to
 * activate.
 *
 * @return OtaPalSuccess;
 * OtaPalSignatureCheckFailed or OtaPalBadSignerCert with an OTA_SIG_ERR_*
 * sub code (ota_signature.h);
 * OtaPalFileClose (sub code errno, or EINVAL without an open file).
 */
OtaPalStatus_t otaPal_CloseFile( OtaFileContext_t * const pFileContext );

/**
 * @brief Write blockSize bytes at offset. Blocks may come in any order.
 *
 * @return blockSize, or -1 on error (also for blocks larger than INT16_MAX,
 * whose size the return type cannot carry).
 */
int16_t otaPal_WriteBlock( OtaFileContext_t * const pFileContext,
                           uint32_t offset,
                           uint8_t * const pData,
                           uint32_t blockSize );

/**
 * @brief Mark the last verified image pending-commit, then call the
 * activation hook with its path.
 *
 * @return OtaPalSuccess, or OtaPalActivateFailed (sub code EINVAL if no
 * image was verified by this process, or errno if the state could not be
 * written).
 */
OtaPalStatus_t otaPal_ActivateNewImage( OtaFileContext_t * const pFileContext );

/**
 * @brief "Reset the device": a pending-commit image is marked Invalid (a
 * bootloader rolls back an image that was never committed), then the reset
 * hook is called.
 *
 * @return OtaPalSuccess if the hook returns (or there is none).
 */
OtaPalStatus_t otaPal_ResetDevice( OtaFileContext_t * const pFileContext );

/**
 * @brief Record an image state.
 *
 * - Testing: no change (the image became pending at activation); success.
 * - Accepted: PendingCommit becomes Valid; in any other state the commit
 *   fails with OtaPalCommitFailed (sub code EINVAL).
 * - Rejected, Aborted: the state becomes Invalid (OtaPalRejectFailed /
 *   OtaPalAbortFailed with errno if it cannot be written).
 * - Anything else: OtaPalBadImageState.
 */
OtaPalStatus_t otaPal_SetPlatformImageState( OtaFileContext_t * const pFileContext,
                                             OtaImageState_t eState );

/**
 * @brief The recorded state: PendingCommit, Valid or Invalid (never
 * Unknown). pFileContext is not used and may be NULL.
 */
OtaPalImageState_t otaPal_GetPlatformImageState( OtaFileContext_t * const pFileContext );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_PAL_POSIX_H */
