/*
 * SPDX-License-Identifier: MIT
 *
 * ota_http_private.h - the original agent's HTTP data channel functions.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, not generated: it refers to OtaAgentContext_t,
 * whose layout follows ota_config.h and the user's enum width.
 *
 * Declared for source compatibility with code written against the original
 * (its unit tests and proofs). This library drives HTTP through the
 * OtaHttpInterface_t the application supplies and may not export these
 * functions.
 */

#ifndef OTA_HTTP_H
#define OTA_HTTP_H

/* OTA includes. */
#include "ota.h"
#include "ota_private.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @brief Open the job's pre-signed URL through the HTTP interface.
 *
 * @param[in] pAgentCtx The agent.
 * @return OtaErrNone, or an error code.
 */
OtaErr_t initFileTransfer_Http( const OtaAgentContext_t * pAgentCtx );

/**
 * @brief Request the byte range of the next block.
 *
 * @param[in] pAgentCtx The agent.
 * @return OtaErrNone, or an error code.
 */
OtaErr_t requestDataBlock_Http( OtaAgentContext_t * pAgentCtx );

/**
 * @brief Take one HTTP block: the response body is the block itself. It is
 * copied to the payload buffer and tagged with the next block index.
 *
 * @param[in] pMessageBuffer The response body.
 * @param[in] messageSize Its length in bytes.
 * @param[out] pFileId File ID (0).
 * @param[out] pBlockId Block index.
 * @param[out] pBlockSize Block length.
 * @param[in,out] pPayload Points to the buffer that receives the block bytes.
 * @param[out] pPayloadSize Bytes stored.
 * @return OtaErrNone, or an error code.
 */
OtaErr_t decodeFileBlock_Http( const uint8_t * pMessageBuffer,
                               size_t messageSize,
                               int32_t * pFileId,
                               int32_t * pBlockId,
                               int32_t * pBlockSize,
                               uint8_t * const * pPayload,
                               size_t * pPayloadSize );

/**
 * @brief Close the HTTP connection and forget the block position.
 *
 * @param[in] pAgentCtx The agent.
 * @return OtaErrNone, or an error code.
 */
OtaErr_t cleanupData_Http( const OtaAgentContext_t * pAgentCtx );

/**
 * @brief Name of an OtaHttpStatus_t value.
 *
 * @param[in] status The value.
 * @return A static string holding the enumerator name, or
 * "InvalidErrorCode".
 */
const char * OTA_HTTP_strerror( OtaHttpStatus_t status );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_HTTP_H */
