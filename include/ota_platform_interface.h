/*
 * SPDX-License-Identifier: MIT
 *
 * ota_platform_interface.h - the platform abstraction layer (PAL): how the
 * OTA agent stores, verifies and activates a received file.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, not generated: the PAL sees OtaFileContext_t,
 * whose pFile type comes from ota_config.h, and the image-state enums take
 * the width the user's C compiler gives them.
 *
 * PAL status words are plain uint32_t with #define'd codes (not an enum), so
 * that PALs can use them in #if, switch and OTA_PAL_COMBINE_ERR alike.
 */

#ifndef OTA_PLATFORM_INTERFACE
#define OTA_PLATFORM_INTERFACE

/* OtaFileContext_t, OtaImageState_t, OtaPalImageState_t. */
#include "ota_private.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @brief A full PAL status word: main code in bits 31..24, a
 * platform-specific sub code in bits 23..0.
 */
typedef uint32_t   OtaPalStatus_t;

/**
 * @brief The platform-specific low 24 bits of a PAL status word.
 */
typedef uint32_t   OtaPalSubStatus_t;

/**
 * @ingroup ota_enum_types
 * @brief The main code of a PAL status word (one of the OtaPal* values
 * below). The agent only ever looks at this part.
 */
typedef uint32_t   OtaPalMainStatus_t;

#define OtaPalSuccess                 0x0U  /*!< @brief Success. */
#define OtaPalUninitialized           0xe0U /*!< @brief No result set yet. */
#define OtaPalOutOfMemory             0xe1U /*!< @brief Out of memory. */
#define OtaPalNullFileContext         0xe2U /*!< @brief Called with a NULL file context. */
#define OtaPalSignatureCheckFailed    0xe3U /*!< @brief The file signature did not verify. */
#define OtaPalRxFileCreateFailed      0xe4U /*!< @brief The receive file could not be created. */
#define OtaPalRxFileTooLarge          0xe5U /*!< @brief The file is larger than the platform can hold. */
#define OtaPalBootInfoCreateFailed    0xe6U /*!< @brief Boot information could not be written. */
#define OtaPalBadSignerCert           0xe7U /*!< @brief The signer certificate is unreadable or empty. */
#define OtaPalBadImageState           0xe8U /*!< @brief The requested image state is out of range. */
#define OtaPalAbortFailed             0xe9U /*!< @brief Aborting the transfer failed. */
#define OtaPalRejectFailed            0xeaU /*!< @brief Rejecting the new image failed. */
#define OtaPalCommitFailed            0xebU /*!< @brief Committing the new image failed. */
#define OtaPalActivateFailed          0xecU /*!< @brief Activating the new image failed. */
#define OtaPalFileAbort               0xedU /*!< @brief Low-level file abort failed. */
#define OtaPalFileClose               0xeeU /*!< @brief Low-level file close failed. */

/*
 * Helpers to split and build PAL status words. The meaning of the sub code
 * is defined by each PAL.
 */
#define OTA_PAL_ERR_MASK                    0xffffffUL                                                                                          /*!< Mask of the sub code bits. */
#define OTA_PAL_SUB_BITS                    24U                                                                                                 /*!< Width of the sub code; the main code sits above it. */
#define OTA_PAL_MAIN_ERR( err )             ( ( OtaPalMainStatus_t ) ( uint32_t ) ( ( uint32_t ) ( err ) >> ( uint32_t ) OTA_PAL_SUB_BITS ) )   /*!< Main code of a status word. */
#define OTA_PAL_SUB_ERR( err )              ( ( uint32_t ) ( err ) & ( uint32_t ) OTA_PAL_ERR_MASK )                                            /*!< Sub code of a status word. */
#define OTA_PAL_COMBINE_ERR( main, sub )    ( ( ( uint32_t ) ( main ) << ( uint32_t ) OTA_PAL_SUB_BITS ) | ( uint32_t ) OTA_PAL_SUB_ERR( sub ) ) /*!< Build a status word from main and sub codes. */

/**
 * @brief Abandon the file being received.
 *
 * Also called after a successful close, with pFileContext->pFile already
 * NULL; that must succeed. On return pFile must be NULL.
 *
 * @param[in] pFileContext The file.
 * @return OtaPalSuccess, or OtaPalFileAbort (optionally with a sub code).
 */
typedef OtaPalStatus_t ( * OtaPalAbort_t )( OtaFileContext_t * const pFileContext );

/**
 * @brief Create (or erase and reopen) the file that will receive the blocks.
 *
 * Must leave pFileContext->pFile non-NULL on success: every block write is
 * refused while it is NULL.
 *
 * @param[in] pFileContext The file; pFilePath and fileSize are set.
 * @return OtaPalSuccess, OtaPalRxFileTooLarge, OtaPalBootInfoCreateFailed or
 * OtaPalRxFileCreateFailed.
 */
typedef OtaPalStatus_t ( * OtaPalCreateFileForRx_t )( OtaFileContext_t * const pFileContext );

/**
 * @brief Verify the signature of the completed file and close it.
 *
 * The file must be closed even when verification fails.
 *
 * @param[in] pFileContext The file; pCertFilepath and pSignature are set.
 * @return OtaPalSuccess, OtaPalSignatureCheckFailed, OtaPalBadSignerCert or
 * OtaPalFileClose.
 */
typedef OtaPalStatus_t ( * OtaPalCloseFile_t )( OtaFileContext_t * const pFileContext );

/**
 * @brief Write one block at a byte offset.
 *
 * @param[in] pFileContext The open file.
 * @param[in] offset Byte offset from the start of the file.
 * @param[in] pData Block bytes.
 * @param[in] blockSize Number of bytes to write.
 * @return Bytes written, or a negative value on error. The int16_t return
 * limits correct reporting to blocks of at most 32767 bytes.
 */
typedef int16_t ( * OtaPalWriteBlock_t ) ( OtaFileContext_t * const pFileContext,
                                           uint32_t offset,
                                           uint8_t * const pData,
                                           uint32_t blockSize );

/**
 * @brief Switch to the new image, normally by resetting the device. Only
 * returns if that is not possible.
 *
 * @param[in] pFileContext The file just received.
 * @return A PAL status word (only seen if the call returns).
 */
typedef OtaPalStatus_t ( * OtaPalActivateNewImage_t )( OtaFileContext_t * const pFileContext );

/**
 * @brief Reset the device. Only returns if that is not possible.
 *
 * @param[in] pFileContext The current file context.
 * @return A PAL status word (only seen if the call returns).
 */
typedef OtaPalStatus_t ( * OtaPalResetDevice_t ) ( OtaFileContext_t * const pFileContext );

/**
 * @brief Make the platform record an image state (accept, reject, abort,
 * testing).
 *
 * @param[in] pFileContext The current file context.
 * @param[in] eState The state to record.
 * @return OtaPalSuccess, OtaPalBadImageState, OtaPalAbortFailed,
 * OtaPalRejectFailed or OtaPalCommitFailed.
 */
typedef OtaPalStatus_t ( * OtaPalSetPlatformImageState_t )( OtaFileContext_t * const pFileContext,
                                                            OtaImageState_t eState );

/**
 * @brief Report the platform's view of the running image.
 *
 * PendingCommit makes the agent start the self-test timer: if the new image
 * is not accepted in time, the device is reset and rolls back.
 *
 * @param[in] pFileContext The current file context.
 * @return PendingCommit, Valid or Invalid; never Unknown.
 */
typedef OtaPalImageState_t ( * OtaPalGetPlatformImageState_t ) ( OtaFileContext_t * const pFileContext );

/**
 * @ingroup ota_struct_types
 * @brief The PAL operations, in the order the agent expects them.
 */
typedef struct OtaPalInterface
{
    OtaPalAbort_t abort;                                 /*!< Abandon the file. */
    OtaPalCreateFileForRx_t createFile;                  /*!< Create the receive file. */
    OtaPalCloseFile_t closeFile;                         /*!< Verify and close the file. */
    OtaPalWriteBlock_t writeBlock;                       /*!< Write one block. */
    OtaPalActivateNewImage_t activate;                   /*!< Activate the new image. */
    OtaPalResetDevice_t reset;                           /*!< Reset the device. */
    OtaPalSetPlatformImageState_t setPlatformImageState; /*!< Record an image state. */
    OtaPalGetPlatformImageState_t getPlatformImageState; /*!< Report the image state. */
} OtaPalInterface_t;

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_PLATFORM_INTERFACE */
