/*
 * SPDX-License-Identifier: MIT
 *
 * aws_iot_ota_pal.h - the functions a v1 PAL (aws_ota_pal.c) defines, with
 * the prototypes of the Amazon FreeRTOS OTA library V1.0.x to V1.2.x
 * (aws_ota_pal.h is the V1.0.x name of this file).
 *
 * The library calls them through the OtaPalInterface_t it builds with
 * OTA_V1_GetPalInterface (ota_v1_adapter.h), or through the v1 agent API
 * (OTA_AgentInit). It passes one OTA_FileContext_t, at a fixed address and
 * with the handle union untouched, from prvPAL_CreateFileForRx to the
 * prvPAL_Abort that ends the file, as the v1 agent did; the context is
 * cleared after that abort.
 *
 * prvPAL_CheckFileSignature and prvPAL_ReadAndAssumeCertificate are not
 * declared here (each PAL declares them itself, static or not) and the
 * library defines neither.
 */

#ifndef _AWS_OTA_PAL_H_
#define _AWS_OTA_PAL_H_

#include "aws_iot_ota_types.h"
#include "aws_iot_ota_agent.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @brief Abandon the file in C (also called with no file open, and after a
 * successful close). Must leave C->pucFile NULL.
 *
 * @param[in] C The file context.
 * @return kOTA_Err_None or kOTA_Err_FileAbort (with a sub code).
 */
OTA_Err_t prvPAL_Abort( OTA_FileContext_t * const C );

/**
 * @brief Create (or erase and open) the receive file C->pucFilePath and
 * leave a non-zero handle in the C->pucFile / lFileHandle union.
 *
 * @param[in] C The file context.
 * @return kOTA_Err_None, kOTA_Err_RxFileTooLarge,
 * kOTA_Err_BootInfoCreateFailed or kOTA_Err_RxFileCreateFailed.
 */
OTA_Err_t prvPAL_CreateFileForRx( OTA_FileContext_t * const C );

/**
 * @brief Verify C->pxSignature against the certificate C->pucCertFilepath
 * and close the file (also when verification fails).
 *
 * @param[in] C The file context.
 * @return kOTA_Err_None, kOTA_Err_SignatureCheckFailed,
 * kOTA_Err_BadSignerCert or kOTA_Err_FileClose.
 */
OTA_Err_t prvPAL_CloseFile( OTA_FileContext_t * const C );

/**
 * @brief Write ulBlockSize bytes at byte offset ulOffset.
 *
 * @param[in] C The file context.
 * @param[in] ulOffset Byte offset in the file.
 * @param[in] pcData The bytes.
 * @param[in] ulBlockSize Number of bytes.
 * @return A value >= 0 on success (as in v1, the count is not compared with
 * ulBlockSize), a negative value on error.
 */
int16_t prvPAL_WriteBlock( OTA_FileContext_t * const C,
                           uint32_t ulOffset,
                           uint8_t * const pcData,
                           uint32_t ulBlockSize );

/**
 * @brief Switch to the new image; normally resets and does not return.
 *
 * @return The PAL's result if it returns.
 */
OTA_Err_t prvPAL_ActivateNewImage( void );

/**
 * @brief Reset the device; normally does not return.
 *
 * @return The PAL's result if it returns.
 */
OTA_Err_t prvPAL_ResetDevice( void );

/**
 * @brief Record an image state (accept, reject, abort, testing).
 *
 * @param[in] eState The state.
 * @return kOTA_Err_None, kOTA_Err_BadImageState, kOTA_Err_AbortFailed,
 * kOTA_Err_RejectFailed or kOTA_Err_CommitFailed (with a sub code).
 */
OTA_Err_t prvPAL_SetPlatformImageState( OTA_ImageState_t eState );

/**
 * @brief Report the platform's view of the running image.
 *
 * @return PendingCommit, Valid or Invalid.
 */
OTA_PAL_ImageState_t prvPAL_GetPlatformImageState( void );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef _AWS_OTA_PAL_H_ */
